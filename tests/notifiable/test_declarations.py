"""Notifiable diseases (issue 20): a note with measles, diphtheria, confirmed TB or HIV
reminds the doctor to declare it to the site country's authority; the declaration (or
why not) is recorded, audited with codes only, and covers six months of the same illness."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from caseflow.audit import Action
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.declaration import DeclarationOutcome, DiseaseDeclaration
from caseflow.models.user import User
from caseflow.services import ServiceError
from caseflow.services.notifiable import declarations
from caseflow.services.notifiable.declarations import DeclarationInput
from caseflow.timezones import site_today
from caseflow.vocabulary import Confidentiality
from tests.clock import FIXED_NOW
from tests.support.records import person, site_id, user
from tests.support.web import csrf_token_from


def _page(as_user, login, person_id) -> str:
    return as_user(login).get(f"/people/{person_id}").text


def _declare(app, login, person_id, code, *, days_ago=0, outcome=DeclarationOutcome.DECLARED,
             reason=None, reference=None, site="PAN"):
    with app.app_context():
        day = site_today(site_id(site)) - timedelta(days=days_ago)
        return declarations.record(user(login), person(person_id), DeclarationInput(
            code=code, site_id=site_id(site), outcome=outcome, declared_on=day,
            reason=reason, reference=reference)).id


def test_it_reminds_the_doctor_to_declare_measles_to_the_ars(as_user, bah, diagnose):
    diagnose(bah, "amina", "PAN", "measles", "respiratory_infection")
    page = _page(as_user, "amina", bah)
    assert 'data-declaration-due="measles"' in page
    assert "regional health agency (ARS)" in page
    assert 'data-declaration-due="respiratory_infection"' not in page


def test_it_shows_no_panel_for_a_diagnosis_that_is_not_notifiable(as_user, bah, diagnose):
    diagnose(bah, "amina", "PAN", "scabies")
    assert 'id="declarations"' not in _page(as_user, "amina", bah)


def test_it_names_libyas_authority_for_a_tripoli_tb_case(as_user, semhar, diagnose):
    diagnose(semhar, "charlie", "TRI", "tb_confirmed")
    page = _page(as_user, "charlie", semhar)
    assert 'data-declaration-due="tb_confirmed"' in page
    assert "National Centre for Disease Control (NCDC)" in page
    assert "ARS" not in page


def test_it_records_the_declaration_and_the_reminder_goes(app, as_user, form_token, bah,
                                                          diagnose):
    diagnose(bah, "amina", "PAN", "cutaneous_diphtheria")
    client = as_user("amina")
    form = client.get(f"/people/{bah}/declarations").text
    assert '<option selected value="cutaneous_diphtheria">' in form  # the reminder, ready
    with app.app_context():
        today = site_today(site_id("PAN")).isoformat()
    response = client.post(f"/people/{bah}/declarations", data={
        "csrf_token": form_token(f"/people/{bah}/declarations"), "code": "cutaneous_diphtheria",
        "site_id": site_id_of(app, "PAN"), "outcome": "declared", "declared_on": today,
        "reference": "ARS-IDF 2026-0412"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Declaration recorded." in response.text
    assert 'data-declaration-due="cutaneous_diphtheria"' not in response.text
    assert 'data-declaration="cutaneous_diphtheria" data-declaration-outcome="declared"' in (
        response.text)
    assert "ARS-IDF 2026-0412" in response.text
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "disease_declaration")).one()
        assert event.action == Action.CREATE
        assert event.details == {"outcome": "declared"}  # no disease in the trail
        row = db.session.scalars(select(DiseaseDeclaration)).one()
        assert row.reference == "ARS-IDF 2026-0412"  # encrypted, read back with the key
        raw = db.session.execute(select(DiseaseDeclaration.__table__.c.reference)).scalar()
        assert b"ARS-IDF" not in raw


def site_id_of(app, code: str) -> int:
    with app.app_context():
        return site_id(code)


def test_it_keeps_the_form_as_typed_when_the_reason_is_missing(app, as_user, form_token, bah,
                                                                diagnose):
    diagnose(bah, "amina", "PAN", "hiv")
    client = as_user("amina")
    with app.app_context():
        today = site_today(site_id("PAN")).isoformat()
    response = client.post(f"/people/{bah}/declarations", data={
        "csrf_token": form_token(f"/people/{bah}/declarations"), "code": "hiv",
        "site_id": site_id_of(app, "PAN"), "outcome": "not_declared", "declared_on": today,
        "reference": "kept as typed"})
    assert response.status_code == 200
    assert "Say why the disease is not declared" in response.text
    assert 'value="kept as typed"' in response.text
    with app.app_context():
        assert db.session.scalar(select(DiseaseDeclaration.id)) is None


def test_it_covers_six_months_of_the_same_illness_then_asks_again(app, as_user, bah, diagnose):
    diagnose(bah, "amina", "PAN", "tb_confirmed", days_ago=400)
    _declare(app, "amina", bah, "tb_confirmed", days_ago=398)
    diagnose(bah, "amina", "PAN", "tb_confirmed", days_ago=300)  # the treatment followed
    assert 'data-declaration-due="tb_confirmed"' not in _page(as_user, "amina", bah)
    diagnose(bah, "amina", "PAN", "tb_confirmed", days_ago=10)  # a new case, a year later
    assert 'data-declaration-due="tb_confirmed"' in _page(as_user, "amina", bah)


def test_it_records_why_a_disease_was_not_declared(app, as_user, bah, diagnose):
    diagnose(bah, "amina", "PAN", "measles")
    _declare(app, "amina", bah, "measles", outcome=DeclarationOutcome.NOT_DECLARED,
             reason="Diagnostic non retenu : sérologie négative")
    page = _page(as_user, "amina", bah)
    assert 'data-declaration-due="measles"' not in page
    assert 'data-declaration-outcome="not_declared"' in page
    assert "Diagnostic non retenu" in page


@pytest.mark.parametrize(("change", "message"), [
    ({"days_ago": -1}, "This date is in the future."),
    ({"code": "scabies"}, "This disease is not on the notifiable list of the site's country."),
    ({"outcome": DeclarationOutcome.NOT_DECLARED},
     "Say why the disease is not declared (for instance: diagnosis not retained)."),
    ({"reference": "x" * 101}, "The reference is too long."),
], ids=["future", "not-notifiable", "no-reason", "long-reference"])
def test_it_refuses_a_declaration_with_a_clear_message(app, bah, change, message):
    values = {"code": "measles", "days_ago": 0, "outcome": DeclarationOutcome.DECLARED,
              "reference": None, **change}
    code = values.pop("code")
    with pytest.raises(ServiceError) as refused:
        _declare(app, "amina", bah, code, **values)
    assert str(refused.value.message) == message


def test_it_does_not_remind_another_doctor_of_a_private_working_note(app, as_user, bah,
                                                                     diagnose):
    diagnose(bah, "amina", "PAN", "measles", confidentiality=Confidentiality.PRIVATE)
    assert 'data-declaration-due="measles"' in _page(as_user, "amina", bah)
    assert 'data-declaration-due="measles"' not in _page(as_user, "claire", bah)


@pytest.mark.parametrize(("login", "sees"), [
    ("amina", True), ("claire", True), ("yasmine", False), ("sara", False), ("lea", False),
    ("nadia", False),
])
def test_it_shows_the_reminder_to_the_medical_team_only(as_user, bah, diagnose, login, sees):
    diagnose(bah, "amina", "PAN", "measles")
    assert ('data-declaration-due="measles"' in _page(as_user, login, bah)) is sees


@pytest.mark.parametrize(("login", "status"), [
    ("amina", 200), ("claire", 200), ("yasmine", 403), ("sara", 403), ("lea", 403),
    ("nadia", 403), ("hugo", 404), ("charlie", 404), ("omar", 403), ("admin", 403),
])
def test_it_opens_the_declaration_page_to_the_doctors_of_the_persons_site(as_user, bah, login,
                                                                           status):
    assert as_user(login).get(f"/people/{bah}/declarations").status_code == status


def test_it_shows_the_page_right_to_left_in_arabic(app, as_user, semhar, diagnose):
    diagnose(semhar, "charlie", "TRI", "measles")
    with app.app_context():
        db.session.execute(update(User).where(User.login == "charlie").values(language="ar"))
        db.session.commit()
    client = as_user("charlie")
    for path in (f"/people/{semhar}", f"/people/{semhar}/declarations"):
        page = client.get(path)
        assert page.status_code == 200
        assert 'dir="rtl"' in page.text
        assert 'data-declaration-due="measles"' in page.text


@pytest.mark.time_machine(FIXED_NOW)
def test_it_reminds_the_author_as_the_note_with_measles_is_saved(as_user, client, bah):
    as_user("amina")
    page = client.get(f"/people/{bah}/notes/new")
    response = client.post(f"/people/{bah}/notes/new", data={
        "csrf_token": csrf_token_from(page.text), "kind": "medical_consultation",
        "occurred_at": (FIXED_NOW - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "site_id": re.search(r'name="site_id"[^>]*>\s*<option[^>]*value="(\d+)"',
                             page.text)[1],
        "interpreter_kind": "none_needed", "confidentiality": "team",
        "conditions": ["measles"], "reason": "Fièvre, éruption"}, follow_redirects=True)
    assert "This note carries a notifiable disease: its declaration is due" in response.text
    assert 'data-declaration-due="measles"' in response.text
    assert "regional health agency (ARS)" in response.text  # the panel names it, server-side
