"""Rules that a review found broken once: consent order, partners, write scope, hostile input."""

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from caseflow import consent_state
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.person import Person
from caseflow.services.care import consents
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.clock import FIXED_NOW
from tests.support.records import load, user
from tests.support.web import csrf_token_from


def _person(app, person_id):
    return db.session.get(Person, uuid.UUID(person_id))


@pytest.mark.time_machine(FIXED_NOW)
def test_it_applies_a_withdrawal_recorded_later_even_if_dated_earlier(app, register):
    person_id = register("amina", "PAN", "Traoré", "Awa")
    with app.app_context():
        add_consent(user("amina"), _person(app, person_id), ConsentInput(
            ConsentPurpose.TEAM_SHARING, ConsentDecision.WITHDRAWN, scope="all",
            decided_on=FIXED_NOW.date() - timedelta(days=3)))
        assert not consent_state.shares_with_team(uuid.UUID(person_id), Discipline.SOCIAL)


def test_it_lets_a_later_whole_team_withdrawal_override_a_discipline_consent(app, register):
    person_id = register("amina", "PAN", "Traoré", "Awa", team_sharing=False)
    with app.app_context():
        person = _person(app, person_id)
        add_consent(user("amina"), person, ConsentInput(
            ConsentPurpose.TEAM_SHARING, ConsentDecision.GIVEN, scope="medical"))
        assert consent_state.shares_with_team(person.id, Discipline.MEDICAL)
        add_consent(user("amina"), person, ConsentInput(
            ConsentPurpose.TEAM_SHARING, ConsentDecision.WITHDRAWN, scope="all"))
        assert consent_state.team_shared_disciplines(person.id) == set()


def test_it_keeps_consents_about_two_partners_apart(app, client, as_user, register):
    person_id = register("amina", "PAN", "Traoré", "Awa")
    as_user("amina")
    for partner, decision in (("UNHCR Paris", "given"), ("Maître Dupont", "refused")):
        form = client.get(f"/people/{person_id}/consents/new")
        client.post(f"/people/{person_id}/consents/new", data={
            "purpose": "partner_sharing", "scope": "", "partner_name": partner,
            "decision": decision, "decided_by": "person", "method": "oral",
            "interpreter_kind": "none_needed", "csrf_token": csrf_token_from(form.text)})
    with app.app_context():
        unhcr = consents.partner_scope("unhcr  paris")
        dupont = consents.partner_scope("Maitre Dupont")
        assert consent_state.is_given(uuid.UUID(person_id), ConsentPurpose.PARTNER_SHARING, unhcr)
        assert not consent_state.is_given(uuid.UUID(person_id), ConsentPurpose.PARTNER_SHARING,
                                     dupont)


def test_it_does_not_let_a_former_site_take_a_person_back(app, client, as_user, register):
    from tests.people.test_consent_transfer_merge import _transfer

    person_id = register("hugo", "CAL", "Haile", "Yonas")
    as_user("hugo")
    assert _transfer(client, app, person_id).status_code == 302
    assert client.get(f"/people/{person_id}/enrol").status_code == 403
    assert client.get(f"/people/{person_id}/edit").status_code == 403


def test_it_enrols_only_at_a_site_that_follows_the_person(app, client, as_user, register):
    from tests.support.records import site_id

    person_id = register("amina", "PAN", "Traoré", "Awa")
    as_user("yasmine")  # Pantin and Marseille
    form = client.get(f"/people/{person_id}/enrol")
    assert form.status_code == 200
    with app.app_context():
        marseille = site_id("MAR")
    assert f'value="{marseille}"' not in form.text
    client.post(f"/people/{person_id}/enrol", data={
        "site_id": marseille, "programme": "mental_health",
        "csrf_token": csrf_token_from(form.text)})
    with app.app_context():
        assert {e.site.code for e in _person(app, person_id).enrolments} == {"PAN"}


@pytest.mark.parametrize("login", ["charlie", "hugo"])
def test_it_answers_unknown_for_a_card_code_out_of_scope(app, client, as_user, register, login):
    """Out of scope, a code leads only to the emergency (break-glass) form, never the record."""
    person_id = register("amina", "PAN", "Traoré", "Awa")
    code = load(app, person_id).code
    as_user(login)
    answer = client.get(f"/people/code/{code}")
    assert "Location" not in answer.headers and "Traoré" not in answer.text
    assert f'data-break-glass-offer="{code}"' in answer.text
    assert client.get(f"/people/{person_id}").status_code == 404
    as_user("lea")
    assert client.get(f"/people/code/{code}").headers["Location"] == f"/people/{person_id}"


def test_it_keeps_supervision_read_only_outside_the_coordinators_sites(app, client, as_user,
                                                                       register):
    from caseflow.models.user import User

    person_id = register("amina", "PAN", "Traoré", "Awa")
    with app.app_context():
        claire = db.session.scalar(select(User).where(User.login == "claire"))
        claire.memberships = [m for m in claire.memberships if m.site.code == "CAL"]
        db.session.commit()
    as_user("claire")
    assert client.get(f"/people/{person_id}").status_code == 200
    for page in ("/edit", "/consents/new", "/transfer", "/notes/new"):
        assert client.get(f"/people/{person_id}{page}").status_code == 403, page


def test_it_merges_field_by_field_without_losing_what_the_duplicate_declared(app, register):
    from caseflow.services.intake.duplicates import merge

    keep = register("hugo", "CAL", "Tesfaye", "Selam", phone="0611223344")
    other = register("amina", "PAN", "Tesfay", "Salam", phone="0699887766", born=2009,
                     nationality="ER")
    with app.app_context():
        duplicate = _person(app, other)
        duplicate.contact_notes = "chez sa tante, porte B"
        duplicate.interpreter_needed = True
        db.session.commit()
        merge(user("claire"), _person(app, keep), _person(app, other), "même personne")
        survivor = _person(app, keep)
        assert survivor.phone == "0611223344"
        assert "0699887766" in survivor.contact_notes
        assert "chez sa tante, porte B" in survivor.contact_notes
        assert survivor.interpreter_needed and survivor.nationality == "ER"
        assert (survivor.birth_year, survivor.birth_date_precision) == (2009, "year")
        assert survivor.birth_date == date(2009, 1, 1)


@pytest.mark.parametrize("typed", ["99999999999/1/1", "2008-99999999999", "1/1/99999999999",
                                   "2008-02-30"])
def test_it_explains_an_impossible_date_instead_of_failing(app, client, as_user, typed):
    from tests.people.test_registration import post_intake

    as_user("hugo")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = post_intake(client, app, birth_date=typed)
    assert page.status_code == 200
    assert "Write the date as 2008" in page.text


@pytest.mark.parametrize("url", ["/login", "/admin/sites/new", "/people/new"])
def test_it_refuses_a_nul_byte_cleanly(client, as_user, url):
    as_user("admin" if url.startswith("/admin") else "hugo")
    token = csrf_token_from(client.get("/", follow_redirects=True).text)
    response = client.post(url, data={"login": "ami\x00na", "name": "x\x00y",
                                      "family_name": "a\x00b", "csrf_token": token})
    assert response.status_code == 400


def test_it_answers_404_to_an_enormous_id(client, as_user):
    as_user("admin")
    assert client.get("/admin/users/99999999999999999999").status_code == 404
    assert client.get("/admin/sites/99999999999999999999").status_code == 404


def test_it_refuses_a_stale_identity_edit_and_keeps_the_typed_values(app, client, as_user,
                                                                     register):
    person_id = register("amina", "PAN", "Traoré", "Awa")
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    first = client.get(f"/people/{person_id}/edit")
    second = client.get(f"/people/{person_id}/edit")

    def data(page, given):
        return {"family_name": "Traoré", "given_names": given, "birth_source": "declared",
                "sex": "male", "nationality": "", "version": "1",
                "csrf_token": csrf_token_from(page.text)}

    assert client.post(f"/people/{person_id}/edit",
                       data=data(first, "Awa Binta")).status_code == 302
    page = client.post(f"/people/{person_id}/edit", data=data(second, "Aoua"))
    assert page.status_code == 200
    assert "Someone else changed this identity" in page.text
    assert 'value="Aoua"' in page.text
    with app.app_context():
        assert _person(app, person_id).given_names == "Awa Binta"
