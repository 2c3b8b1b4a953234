"""The vaccination card of the person page and the vaccination page: who opens them, what
they show (status, doses, next due), a dose recorded by the form, a bad one refused with
its message and what was typed, a stale form refused, the Arabic page right to left."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from caseflow.extensions import db
from caseflow.models.appointment import Appointment
from caseflow.models.audit import AuditEvent
from caseflow.models.user import User
from caseflow.models.vaccination import VaccinationDose
from caseflow.services.vaccination import records
from tests.support.records import person, user
from tests.support.web import csrf_token_from
from tests.vaccination.conftest import NOW

pytestmark = pytest.mark.time_machine(NOW)


def _form(client, awa, **changes):
    page = client.get(f"/vaccination/people/{awa}")
    assert page.status_code == 200
    return dict({"vaccine": "dt", "origin": "given_here", "given_on": "17/06/2026",
                 "dose_number": "", "lot_number": "", "other_name": "",
                 "csrf_token": csrf_token_from(page.text)}, **changes), page


@pytest.mark.parametrize(("login", "status"), [
    ("amina", 200), ("claire", 200), ("yasmine", 403), ("sara", 403), ("lea", 403),
    ("nadia", 403), ("omar", 403), ("admin", 403), ("hugo", 404), ("charlie", 404),
])
def test_it_opens_the_vaccination_page_to_the_medical_team_only(as_user, awa, login, status):
    assert as_user(login).get(f"/vaccination/people/{awa}").status_code == status


@pytest.mark.parametrize(("login", "status"), [
    ("amina", 302), ("claire", 302), ("yasmine", 403), ("sara", 403), ("hugo", 404),
    ("charlie", 404), ("omar", 403),
])
def test_it_lets_only_the_medical_team_post_a_dose(app, as_user, awa, login, status):
    client = as_user(login)
    token = csrf_token_from(client.get("/", follow_redirects=True).text)
    answer = client.post(f"/vaccination/people/{awa}/doses", data={
        "vaccine": "dt", "origin": "given_here", "given_on": "17/06/2026", "csrf_token": token})
    assert answer.status_code == status
    with app.app_context():
        count = len(db.session.scalars(select(VaccinationDose.id)).all())
        assert count == (1 if status == 302 else 0)


@pytest.mark.parametrize(("login", "shown"), [
    ("amina", True), ("claire", True), ("yasmine", False), ("sara", False), ("lea", False),
])
def test_it_shows_the_vaccination_card_on_the_person_page_to_the_medical_team(
        as_user, awa, login, shown):
    page = as_user(login).get(f"/people/{awa}")
    assert page.status_code == 200
    assert ('id="vaccination"' in page.text) is shown


def test_it_warns_when_the_status_is_unknown(as_user, awa):
    page = as_user("amina").get(f"/people/{awa}").text
    assert 'data-vaccination-status="unknown"' in page and "data-vaccination-unknown" in page
    assert "Vaccination status unknown" in page
    # Near the top: before the identity card.
    assert page.index('id="vaccination"') < page.index('id="identity"')


def test_it_records_a_catch_up_dose_and_shows_the_next_one_due(app, as_user, awa):
    client = as_user("amina")
    data, page = _form(client, awa, lot_number="AB123")
    assert 'value="17/06/2026"' in page.text  # a dose given now: today by default
    answer = client.post(f"/vaccination/people/{awa}/doses", data=data)
    assert answer.status_code == 302
    person_page = client.get(f"/people/{awa}").text
    assert 'data-vaccination-series="tetanus_diphtheria"' in person_page
    assert 'data-next-due="2026-08-17"' in person_page  # dT: the second dose at M2
    # The catch-up dose is on the timeline too.
    assert 'data-entry-kind="vaccination"' in person_page


def test_it_returns_a_bad_dose_with_its_message_and_what_was_typed(app, as_user, awa):
    client = as_user("amina")
    data, _page = _form(client, awa, given_on="18/06/2026", lot_number="KEEP-ME")
    answer = client.post(f"/vaccination/people/{awa}/doses", data=data)
    assert answer.status_code == 422
    assert "This date is in the future." in answer.text and 'value="KEEP-ME"' in answer.text
    data["vaccine"], data["given_on"] = "smallpox", "17/06/2026"
    answer = client.post(f"/vaccination/people/{awa}/doses", data=data)
    assert answer.status_code == 422 and "Choose a vaccine from the list" in answer.text
    with app.app_context():
        assert db.session.scalar(select(VaccinationDose.id)) is None


def test_it_records_the_status_and_refuses_a_stale_form(app, as_user, awa):
    amina = as_user("amina")
    page = amina.get(f"/vaccination/people/{awa}").text
    token = csrf_token_from(page)
    # Claire records a status meanwhile (she opened no form: through the service).
    with app.app_context():
        records.record_status(user("claire"), person(awa), "card", None)
        db.session.remove()
    answer = amina.post(f"/vaccination/people/{awa}/status", data={
        "source": "declared", "version": "", "csrf_token": token})
    assert answer.status_code == 422 and "Someone else recorded the vaccination status" \
        in answer.text
    assert 'name="version" type="hidden" value="1"' in answer.text  # now on the current one
    answer = amina.post(f"/vaccination/people/{awa}/status", data={
        "source": "declared", "version": "1", "csrf_token": token})
    assert answer.status_code == 302
    assert 'data-vaccination-status="declared"' in amina.get(f"/people/{awa}").text


def test_it_marks_an_entry_in_error_and_keeps_it_struck_through(app, as_user, awa, give):
    dose_id = give(awa, "mmr", "17/06/2026")
    client = as_user("amina")
    page = client.get(f"/vaccination/people/{awa}").text
    token = csrf_token_from(page)
    answer = client.post(f"/vaccination/people/{awa}/doses/error", data={
        "dose_id": str(dose_id), "version": "1", "reason": "Recorded twice",
        "csrf_token": token})
    assert answer.status_code == 302
    page = client.get(f"/vaccination/people/{awa}").text
    assert 'data-dose-state="entered_in_error"' in page and "<del>" in page
    # The card of the person page no longer counts it.
    assert 'data-vaccination-series="mmr"' not in client.get(f"/people/{awa}").text
    # The same stale form again: refused, not a 500.
    answer = client.post(f"/vaccination/people/{awa}/doses/error", data={
        "dose_id": str(dose_id), "version": "1", "reason": "Again", "csrf_token": token})
    assert answer.status_code == 422 and "Someone else changed this vaccination" in answer.text
    answer = client.post(f"/vaccination/people/{awa}/doses/error", data={
        "dose_id": "not-an-id", "version": "2", "reason": "x", "csrf_token": token})
    assert answer.status_code == 404


def test_it_audits_the_read_of_the_vaccination_page(app, as_user, awa):
    as_user("claire").get(f"/vaccination/people/{awa}")
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "vaccination")).one()
        assert (event.action, event.person_code) == ("view", person(awa).code)


def test_it_schedules_the_appointment_for_the_next_dose(app, as_user, awa, give):
    give(awa, "hepb", "17/06/2026")
    client = as_user("amina")
    page = client.get(f"/vaccination/people/{awa}").text
    assert 'data-vaccination-due="hepatitis_b"' in page
    answer = client.post(f"/vaccination/people/{awa}/appointment", data={
        "series": "hepatitis_b", "csrf_token": csrf_token_from(page)})
    assert answer.status_code == 302
    with app.app_context():
        appointment = db.session.scalars(select(Appointment)).one()
        assert appointment.scheduled_at.date().isoformat() == "2026-07-17"
        assert appointment.discipline.value == "medical"


def test_it_shows_the_card_right_to_left_in_arabic(app, as_user, awa, give):
    give(awa, "dt", "17/06/2026")
    give(awa, "mmr", "2015", origin="declared")
    with app.app_context():
        db.session.execute(update(User).where(User.login == "amina").values(language="ar"))
        db.session.commit()
    client = as_user("amina")
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE", None)
    for path in (f"/people/{awa}", f"/vaccination/people/{awa}"):
        page = client.get(path)
        assert page.status_code == 200
        assert 'dir="rtl"' in page.text and 'data-next-due="2026-08-17"' in page.text
        assert '<bdi>2015</bdi>' in page.text


def test_it_shows_the_vaccinations_through_a_break_glass_access_without_writing(
        app, as_user, awa, give):
    from caseflow.services.safeguards.break_glass import open_access
    from tests.support.records import site_id

    give(awa, "hepb", "17/06/2026")
    with app.app_context():
        open_access(user("charlie"), person(awa).code,
                    "Unconscious at the Tripoli clinic, no record here", site_id("TRI"))
        db.session.remove()
    client = as_user("charlie")
    page = client.get(f"/vaccination/people/{awa}")
    assert page.status_code == 200 and 'data-vaccination-series="hepatitis_b"' in page.text
    assert 'id="vaccination-dose-form"' not in page.text
    answer = client.post(f"/vaccination/people/{awa}/doses", data={
        "vaccine": "dt", "given_on": "17/06/2026", "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 403
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "vaccination")).one()
        assert event.purpose == "break_glass"
