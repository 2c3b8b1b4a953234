"""Registering a person through the intake form, with consent and the duplicate check."""

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.consent import Consent
from caseflow.models.duplicate import PossibleDuplicate
from caseflow.models.person import Person
from tests.support.records import site_id
from tests.support.web import csrf_token_from


def intake(app, **overrides):
    with app.app_context():
        calais = site_id("CAL")
    data = {
        "family_name": "Haile", "given_names": "Yonas", "aliases": "Yonas H.\nJonas",
        "birth_date": "2008", "birth_source": "declared", "sex": "male", "nationality": "ER",
        "languages": ["ti", "ar"], "interpreter_needed": "y", "phone": "", "contact_notes": "",
        "site_id": calais, "programme": "general", "consent_care": "given",
        "consent_data": "given", "consent_team": "given", "decided_by": "person",
        "accompanying_adult": "", "method": "oral", "interpreter_kind": "professional_phone",
        "interpreter_language": "ti",
    }
    data.update(overrides)
    return data


def post_intake(client, app, **overrides):
    form = client.get("/people/new")
    return client.post("/people/new", data=dict(intake(app, **overrides),
                                                csrf_token=csrf_token_from(form.text)))


def test_it_registers_a_person_with_consent_and_opens_their_page(app, client, as_user):
    as_user("hugo")
    response = post_intake(client, app)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Haile" in page.text and "Jonas" in page.text
    assert "≈ 2008" in page.text and "déclaré" in page.text
    assert 'data-consent-purpose="team_sharing" data-consent-decision="given"' in page.text
    with app.app_context():
        person = db.session.scalar(select(Person))
        assert person.languages == ["ti", "ar"] and person.interpreter_needed
        consents = db.session.scalars(select(Consent)).all()
        assert {c.purpose.value for c in consents} == {"care", "data_processing", "team_sharing"}
        assert all(c.interpreter_language == "ti" for c in consents)


@pytest.mark.parametrize(
    ("overrides", "language", "message"),
    [
        ({"family_name": "", "given_names": ""}, "en", "Give at least one name"),
        ({"family_name": "", "given_names": ""}, "fr", "Indiquez au moins un nom"),
        ({"birth_date": "31/02/2008"}, "en", "Write the date as 2008"),
        ({"birth_date": "2099"}, "en", "The date of birth is in the future."),
        ({"decided_by": "minor_with_adult"}, "en", "Name the adult the minor chose"),
        ({"interpreter_language": ""}, "en", "Give the language interpreted."),
    ],
)
def test_it_explains_what_is_wrong_and_keeps_what_was_typed(app, client, as_user, overrides,
                                                            language, message):
    as_user("hugo")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    client.post("/language", data={"language": language,
                                   "csrf_token": csrf_token_from(client.get("/").text)})
    page = post_intake(client, app, aliases="Yonas H.", **overrides)
    assert page.status_code == 200
    assert message in page.text
    assert "Yonas H." in page.text
    with app.app_context():
        assert db.session.scalar(select(Person)) is None


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "Ünal \"O'Brien\" & <b>x</b>"])
def test_it_stores_and_shows_hostile_names_escaped(app, client, as_user, name):
    as_user("hugo")
    response = post_intake(client, app, family_name=name, aliases="a" * 2000)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert name not in page.text
    assert "&lt;script&gt;" in page.text or "&lt;b&gt;" in page.text
    assert "a" * 2000 in page.text


def test_it_warns_of_a_likely_duplicate_before_saving(app, client, as_user, register):
    existing = register("hugo", "CAL", "Haile", "Yonas", born=2008, nationality="ER")
    as_user("sara")  # Calais and Pantin
    page = post_intake(client, app, family_name="Hayle", given_names="Yonas")
    assert page.status_code == 200
    assert "may already be known" in page.text or "déjà connue" in page.text
    assert existing in page.text  # a link to the existing record
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Person.id))) == 1


def test_it_registers_after_the_user_confirms_a_new_person(app, client, as_user, register):
    existing = register("hugo", "CAL", "Haile", "Yonas", born=2008, nationality="ER")
    as_user("sara")
    post_intake(client, app, family_name="Hayle")
    response = post_intake(client, app, family_name="Hayle", confirm_new="yes")
    assert response.status_code == 302
    with app.app_context():
        pair = db.session.scalar(select(PossibleDuplicate))
        assert str(pair.other_person_id) == existing
        assert pair.confirmed_distinct_by_creator is True


def test_it_never_hints_at_matches_the_user_cannot_see(app, client, as_user, register):
    """The form must not answer "is this name known at another site?": the match goes to
    the coordinators' queue instead."""
    existing = register("hugo", "CAL", "Haile", "Yonas", born=2008, nationality="ER")
    as_user("amina")  # Pantin only
    with app.app_context():
        pantin = site_id("PAN")
    response = post_intake(client, app, family_name="Hayle", site_id=pantin)
    assert response.status_code == 302
    assert existing not in client.get(response.headers["Location"]).text
    with app.app_context():
        pair = db.session.scalar(select(PossibleDuplicate))
        assert str(pair.other_person_id) == existing
        assert pair.confirmed_distinct_by_creator is False


def test_it_refuses_registration_at_a_site_that_is_not_the_users(app, client, as_user):
    as_user("amina")
    with app.app_context():
        calais = site_id("CAL")
    page = post_intake(client, app, site_id=calais)
    assert page.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Person)) is None
