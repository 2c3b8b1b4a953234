"""Who opens a person's page: every persona, a person of Pantin and a person of Calais.

Read as sentences: "Hugo (Calais) does not know that Pantin's girl exists" (404);
"Omar, data manager, never opens a person" (403).
"""

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent

READ = {
    # persona: (Pantin person, Calais person)
    "amina": (200, 404),
    "hugo": (404, 200),
    "yasmine": (200, 404),
    "sara": (200, 200),
    "lea": (200, 404),
    "claire": (200, 200),
    "omar": (403, 403),
    "admin": (403, 403),
    "charlie": (404, 404),
}


@pytest.fixture
def people(register):
    return {
        "PAN": register("amina", "PAN", "Traoré", "Awa", born=2008, nationality="ML"),
        "CAL": register("hugo", "CAL", "Haile", "Yonas", born=2007, nationality="ER"),
    }


@pytest.mark.parametrize("login", sorted(READ))
@pytest.mark.parametrize("site", ["PAN", "CAL"])
@pytest.mark.parametrize("page", ["", "/edit", "/card", "/consents/new", "/transfer"])
def test_it_opens_a_person_only_to_their_care_team(client, as_user, people, login, site, page):
    as_user(login)
    expected = READ[login][0 if site == "PAN" else 1]
    assert client.get(f"/people/{people[site]}{page}").status_code == expected


@pytest.mark.parametrize("login", ["amina", "claire"])
def test_it_audits_each_opening_with_the_code_only(app, client, as_user, people, login):
    as_user(login)
    page = client.get(f"/people/{people['PAN']}")
    assert "Traoré" in page.text
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "view", AuditEvent.object_type == "person")).all()[-1]
        assert event.object_id == people["PAN"]
        assert event.person_code and "Traor" not in str(event.details)
        assert event.purpose is None  # both are members of Pantin's team


def test_it_marks_a_coordinators_read_outside_her_sites_as_supervision(app, client, as_user,
                                                                       people):
    from caseflow.models.user import SiteMembership, User

    with app.app_context():
        claire = db.session.scalar(select(User).where(User.login == "claire"))
        claire.memberships = [m for m in claire.memberships if m.site.code == "CAL"]
        db.session.commit()
        assert isinstance(claire.memberships[0], SiteMembership)
    as_user("claire")
    assert client.get(f"/people/{people['PAN']}").status_code == 200
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "person")).all()[-1]
        assert event.purpose == "supervision"


@pytest.mark.parametrize("bad", ["not-a-uuid", "00000000-0000-0000-0000-000000000000",
                                 "'; DROP TABLE person; --"])
def test_it_answers_404_to_unknown_or_malformed_ids(client, as_user, bad):
    as_user("amina")
    assert client.get(f"/people/{bad}").status_code == 404


@pytest.mark.parametrize("login", ["omar", "admin"])
def test_it_gives_no_name_search_to_data_managers_and_administrators(client, as_user, login):
    as_user(login)
    assert client.get("/people/?q=Traoré").status_code == 403
    assert client.get("/people/new").status_code == 403
