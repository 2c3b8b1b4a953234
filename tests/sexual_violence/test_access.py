"""Who reads and writes sexual-violence care: the medical discipline of the person's sites
only. Yasmine (psychologist), Sara (social worker), Léa (lawyer) and Nadia (protection) of
the same site, Hugo (nurse at Calais) and Charlie (doctor at Tripoli) are refused; Claire
(medical coordinator, a member of Pantin) reads and writes; a "private" consultation is
its author's."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.sexual_violence import SvConsultation
from caseflow.services.sexual_violence import consultations
from caseflow.vocabulary import Confidentiality
from tests.sexual_violence.conftest import NOW, consultation_input
from tests.support.records import person, user

pytestmark = pytest.mark.time_machine(NOW)

# (login, the consultation page, the new page, the panel on the person page)
MATRIX = [
    ("amina", 200, 200, True),
    ("claire", 200, 200, True),  # the medical coordinator, a member of Pantin
    ("yasmine", 404, 403, False),
    ("sara", 404, 403, False),
    ("lea", 404, 403, False),
    ("nadia", 404, 403, False),
    ("hugo", 404, 404, False),
    ("charlie", 404, 404, False),
    ("omar", 403, 403, False),
    ("admin", 403, 403, False),
]


@pytest.fixture
def recorded(app, mariam):
    with app.app_context():
        c = consultations.create(user("amina"), person(mariam),
                                 consultation_input(pep=True, notes="Secret clinique"))
        return str(c.id)


@pytest.mark.parametrize(("login", "show", "new", "panel"), MATRIX)
def test_only_the_medical_team_of_the_persons_sites_reaches_it(as_user, mariam, recorded,
                                                               login, show, new, panel):
    client = as_user(login)
    page = client.get(f"/svc/{recorded}")
    assert page.status_code == show
    assert ("Secret clinique" in page.text) == (show == 200)
    assert client.get(f"/svc/{recorded}/edit").status_code == (
        200 if login in ("amina", "claire") else max(show, 403))
    assert client.get(f"/svc/people/{mariam}/new").status_code == new
    person_page = client.get(f"/people/{mariam}")
    assert ('id="sexual-violence"' in person_page.text) == panel
    assert "within_72h" not in person_page.text or panel


@pytest.mark.parametrize("login", ["yasmine", "sara", "lea", "hugo", "charlie"])
def test_the_others_cannot_post_either(as_user, form_token, mariam, recorded, login):
    client = as_user(login)
    token = form_token("/")
    answer = client.post(f"/svc/{recorded}/edit", data={"csrf_token": token, "notes": "x"})
    assert answer.status_code in (403, 404)
    answer = client.post(f"/svc/{recorded}/follow-up", data={"csrf_token": token})
    assert answer.status_code in (403, 404)


def test_a_private_consultation_is_its_authors_only(app, as_user, mariam):
    with app.app_context():
        data = consultation_input()
        data.confidentiality = Confidentiality.PRIVATE
        cid = str(consultations.create(user("amina"), person(mariam), data).id)
    assert as_user("amina").get(f"/svc/{cid}").status_code == 200
    assert as_user("claire").get(f"/svc/{cid}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(SvConsultation.confidentiality)) == \
            Confidentiality.PRIVATE


def test_the_indicator_is_for_coordinators_and_data_managers(as_user):
    assert as_user("claire").get("/svc/indicators").status_code == 200
    assert as_user("omar").get("/svc/indicators").status_code == 200
    for login in ("amina", "yasmine", "admin"):
        assert as_user(login).get("/svc/indicators").status_code == 403
