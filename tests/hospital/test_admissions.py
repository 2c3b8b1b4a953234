"""Hospital follow-up through the pages: admit, visit twice, discharge; the checks of each.

Read as sentences: "Charlie admits Salem to Tripoli Central, visits him twice and records
his discharge to the shelter four days later"; "a discharge dated before the admission is
refused with a word, and what was typed stays"; "Charlie never sees what the stay cost".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.hospital import HospitalAdmission, HospitalVisit, Outcome
from caseflow.models.note import Note
from tests.hospital.records import admit, partner_hospital
from tests.support.records import site_id
from tests.support.web import csrf_token_from

FIXED_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.time_machine(FIXED_NOW)


def _admission(app) -> HospitalAdmission:
    with app.app_context():
        found = db.session.scalars(select(HospitalAdmission)
                                   .order_by(HospitalAdmission.created_at)).all()[-1]
        db.session.expunge(found)
        return found


def _admit_through_page(app, client, person_id, **data):
    page = client.get(f"/hospital/people/{person_id}/admissions/new")
    assert page.status_code == 200
    with app.app_context():
        hospital = partner_hospital("TRI")
    form = {"hospital_id": str(hospital), "ward": "Chirurgie B", "admitted_on": "2026-11-10",
            "reason_code": "wound_trauma", "reason_text": "Plaie infectée de la jambe droite",
            "referred_by": "team", "csrf_token": csrf_token_from(page.text)}
    form.update(data)
    return client.post(f"/hospital/people/{person_id}/admissions/new", data=form)


def _post(client, admission_id, action, **data):
    page = client.get(f"/hospital/admissions/{admission_id}")
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page.text)
    form = {"csrf_token": csrf_token_from(page.text)}
    if version:
        form["version"] = version.group(1)
    form.update(data)
    return client.post(f"/hospital/admissions/{admission_id}/{action}", data=form)


def test_it_records_an_admission_with_two_visits_and_a_discharge_through_the_pages(
        app, as_user, salem):
    client = as_user("charlie")
    answer = _admit_through_page(app, client, salem)
    assert answer.status_code == 302
    admission = _admission(app)
    assert answer.location.endswith(f"/hospital/admissions/{admission.id}")
    for day, words in (("2026-11-11", "Pansement refait, afebrile."),
                       ("2026-11-13", "Cicatrisation en cours, sortie prévue.")):
        answer = _post(client, admission.id, "visits", kind="medical_consultation", day=day,
                       at="10:30", text=words)
        assert answer.status_code == 302, answer.text
    answer = _post(client, admission.id, "discharge", discharged_on="2026-11-14",
                   outcome="shelter")
    assert answer.status_code == 302

    page = client.get(f"/hospital/admissions/{admission.id}")
    assert page.status_code == 200
    assert page.text.count('data-entry-kind="hospital_visit"') == 2
    assert "Pansement refait, afebrile." in page.text
    assert 'data-length-of-stay="4"' in page.text
    assert 'data-admission-outcome="shelter"' in page.text
    with app.app_context():
        stored = db.session.get(HospitalAdmission, admission.id)
        assert (stored.discharged_on, stored.outcome, stored.length_of_stay) == (
            date(2026, 11, 14), Outcome.SHELTER, 4)
        notes = db.session.scalars(select(Note).join(HospitalVisit,
                                                     HospitalVisit.note_id == Note.id)).all()
        # The visits are medical notes of the record, in the Tripoli team's discipline.
        assert {n.discipline.value for n in notes} == {"medical"} and len(notes) == 2
    record = client.get(f"/people/{salem}")
    assert 'id="hospital"' in record.text and "Tripoli Central Hospital" in record.text
    assert "Cicatrisation en cours" in record.text  # the visit notes are in the timeline too


def test_it_refuses_a_discharge_before_the_admission_and_keeps_what_was_typed(
        app, as_user, salem):
    client = as_user("charlie")
    with app.app_context():
        admission_id = admit(salem, "TRI", date(2026, 11, 10)).id
    answer = _post(client, admission_id, "discharge", discharged_on="2026-11-08",
                   outcome="transferred")
    assert answer.status_code == 400
    assert "cannot be before the admission date" in answer.text
    assert 'value="2026-11-08"' in answer.text
    assert re.search(r'<option selected value="transferred">|<option value="transferred" '
                     r'selected>', answer.text)
    # A date that is not one: the form's own message, never a 500.
    answer = _post(client, admission_id, "discharge", discharged_on="14/13/2026",
                   outcome="shelter")
    assert answer.status_code == 400
    with app.app_context():
        assert db.session.get(HospitalAdmission, admission_id).discharged_on is None


def test_it_asks_for_the_outcome_and_a_deliberate_confirmation_of_a_death(app, as_user, salem):
    client = as_user("charlie")
    with app.app_context():
        admission_id = admit(salem, "TRI", date(2026, 11, 10)).id
    answer = _post(client, admission_id, "discharge", discharged_on="2026-11-12", outcome="")
    assert answer.status_code == 400 and "Choose the outcome of the stay." in answer.text
    assert 'value="2026-11-12"' in answer.text
    answer = _post(client, admission_id, "discharge", discharged_on="2026-11-12", outcome="died")
    assert answer.status_code == 400 and "Confirm that the patient died" in answer.text
    with app.app_context():
        assert db.session.get(HospitalAdmission, admission_id).outcome is None
    answer = _post(client, admission_id, "discharge", discharged_on="2026-11-12",
                   outcome="died", confirm_death="y")
    assert answer.status_code == 302
    with app.app_context():
        assert db.session.get(HospitalAdmission, admission_id).outcome is Outcome.DIED


def test_it_refuses_an_admission_without_its_required_fields_and_keeps_the_rest(
        app, as_user, salem):
    client = as_user("charlie")
    answer = _admit_through_page(app, client, salem, hospital_id="", admitted_on="")
    assert answer.status_code == 400
    assert "Choose a partner hospital." in answer.text
    assert "Plaie infectée de la jambe droite" in answer.text  # typed text kept
    answer = _admit_through_page(app, client, salem, admitted_on="2026-12-25")
    assert answer.status_code == 400 and "cannot be in the future" in answer.text
    answer = _admit_through_page(app, client, salem, reason_code="no_such_code")
    assert answer.status_code == 400 and "morbidity list" in answer.text
    with app.app_context():
        assert db.session.scalar(select(HospitalAdmission.id)) is None


def test_it_hides_the_costs_from_the_doctor_and_shows_them_to_the_coordinator(
        app, as_user, salem):
    with app.app_context():
        admission_id = admit(salem, "TRI", date(2026, 11, 10)).id
    claire = as_user("claire")
    claire.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"  # amounts in the French format
    answer = _post(claire, admission_id, "costs", amount="1 250,50", currency="LYD")
    assert answer.status_code == 302
    page = claire.get(f"/hospital/admissions/{admission_id}")
    assert "data-costs" in page.text and "250,50" in page.text and "LYD" in page.text
    answer = _post(claire, admission_id, "costs", amount="douze", currency="LYD")
    assert answer.status_code == 400 and 'value="douze"' in answer.text
    answer = _post(claire, admission_id, "costs", amount="300", currency="")
    assert answer.status_code == 400 and "Choisissez la devise." in answer.text

    charlie = as_user("charlie")
    page = charlie.get(f"/hospital/admissions/{admission_id}")
    assert page.status_code == 200
    assert "data-costs" not in page.text and "250,50" not in page.text
    assert "LYD" not in page.text and 'id="costs"' not in page.text
    assert _post(charlie, admission_id, "costs", amount="1", currency="EUR").status_code == 403
    with app.app_context():
        stored = db.session.get(HospitalAdmission, admission_id)
        assert (str(stored.cost_amount), stored.cost_currency) == ("1250.50", "LYD")


def test_it_keeps_the_ward_and_the_reason_encrypted_in_the_row(app, salem):
    with app.app_context():
        admission_id = admit(salem, "TRI", date(2026, 11, 10), ward="Pavillon Zeta",
                             reason_text="Fracture ouverte du tibia").id
        raw = db.session.execute(text(
            "SELECT ward, reason_text, reason_code FROM hospital_admission WHERE id = :id"),
            {"id": admission_id.hex if db.engine.dialect.name == "sqlite"
             else admission_id}).one()
        assert b"Zeta" not in bytes(raw[0]) and b"tibia" not in bytes(raw[1])
        assert raw[2] == "respiratory_infection"  # the code stays in clear, for the counts
        stored = db.session.get(HospitalAdmission, admission_id)
        assert (stored.ward, stored.reason_text) == ("Pavillon Zeta", "Fracture ouverte du tibia")


@pytest.mark.parametrize(("login", "status"), [
    ("amina", 404),  # a doctor of Pantin: Salem is not hers to know
    ("hugo", 404),  # a nurse of Calais
    ("sara", 403),  # social workers do not follow hospital stays (medical record)
    ("omar", 403),  # the data manager: aggregates only
    ("admin", 403),
])
def test_it_keeps_the_stay_to_the_tripoli_team_and_the_coordinator(app, as_user, salem, login,
                                                                    status):
    with app.app_context():
        admission_id = admit(salem, "TRI", date(2026, 11, 10)).id
    client = as_user(login)
    assert client.get(f"/hospital/admissions/{admission_id}").status_code == status
    assert client.get(f"/hospital/people/{salem}/admissions/new").status_code == status
    if login == "sara":
        # Her person page, where she may be (Pantin/Calais are not Tripoli): nothing here.
        assert client.get(f"/people/{salem}").status_code == 404


def test_it_shows_no_hospital_panel_to_roles_that_do_not_follow_stays(app, as_user, register):
    person_id = register("amina", "PAN", "Traoré", "Awa", born=2008)
    assert 'id="hospital"' in as_user("amina").get(f"/people/{person_id}").text
    assert 'id="hospital"' not in as_user("sara").get(f"/people/{person_id}").text


def test_it_refuses_a_second_save_of_the_same_version(app, as_user, salem):
    client = as_user("charlie")
    with app.app_context():
        admission_id = admit(salem, "TRI", date(2026, 11, 10)).id
    page = client.get(f"/hospital/admissions/{admission_id}")
    token = csrf_token_from(page.text)
    first = client.post(f"/hospital/admissions/{admission_id}/discharge", data={
        "csrf_token": token, "version": "1", "discharged_on": "2026-11-12",
        "outcome": "shelter"})
    assert first.status_code == 302
    second = client.post(f"/hospital/admissions/{admission_id}/discharge", data={
        "csrf_token": token, "version": "1", "discharged_on": "2026-11-13",
        "outcome": "detention"})
    assert second.status_code == 400 and "Someone else changed this admission" in second.text
    assert 'value="2026-11-13"' in second.text
    with app.app_context():
        assert db.session.get(HospitalAdmission, admission_id).outcome is Outcome.SHELTER


def test_it_audits_each_step_without_clinical_content(app, as_user, salem):
    client = as_user("charlie")
    _admit_through_page(app, client, salem)
    admission = _admission(app)
    _post(client, admission.id, "visits", kind="medical_consultation", day="2026-11-11",
          at="10:00", text="Visite")
    _post(client, admission.id, "discharge", discharged_on="2026-11-12", outcome="shelter")
    # 4821.37: an amount no hex identifier in the details can spell (a '.' in it)
    _post(as_user("claire"), admission.id, "costs", amount="4821.37", currency="EUR")
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "hospital_admission",
            AuditEvent.object_id == str(admission.id)).order_by(AuditEvent.seq)).all()
        changes = [(e.action, (e.details or {}).get("step")) for e in events
                   if e.action != "view"]
        assert changes == [("create", None), ("update", "visit"), ("update", "discharge"),
                           ("update", "costs")]
        assert any(e.action == "view" for e in events)
        dumped = " ".join(str(e.details) for e in events)
        assert "Plaie" not in dumped and "4821" not in dumped and "Chirurgie" not in dumped


def test_it_lets_the_coordinator_keep_the_list_of_hospitals(app, as_user):
    client = as_user("claire")
    page = client.get("/hospital/partners")
    with app.app_context():
        tri = site_id("TRI")
    answer = client.post("/hospital/partners", data={
        "csrf_token": csrf_token_from(page.text), "name": "  Mitiga  Hospital ",
        "site_id": str(tri), "active": "y"})
    assert answer.status_code == 302
    again = client.post("/hospital/partners", data={
        "csrf_token": csrf_token_from(page.text), "name": "mitiga hospital",
        "site_id": str(tri), "active": "y"})
    assert again.status_code == 400 and "already has a hospital of that name" in again.text
    assert as_user("charlie").get("/hospital/partners").status_code == 403


def test_it_stops_offering_an_inactive_hospital_and_refuses_a_stale_edit(app, as_user, salem):
    with app.app_context():
        hospital = partner_hospital("TRI")
        tri = site_id("TRI")
    claire = as_user("claire")
    page = claire.get(f"/hospital/partners/{hospital}")
    assert page.status_code == 200 and 'value="Tripoli Central Hospital"' in page.text
    token = csrf_token_from(page.text)
    answer = claire.post(f"/hospital/partners/{hospital}", data={
        "csrf_token": token, "version": "1", "name": "Tripoli Central Hospital",
        "site_id": str(tri)})  # "active" unticked
    assert answer.status_code == 302
    stale = claire.post(f"/hospital/partners/{hospital}", data={
        "csrf_token": token, "version": "1", "name": "Renamed", "site_id": str(tri),
        "active": "y"})
    assert stale.status_code == 400 and "Someone else changed this hospital" in stale.text
    assert 'value="Renamed"' in stale.text
    form = as_user("charlie").get(f"/hospital/people/{salem}/admissions/new")
    assert "Tripoli Central Hospital" not in form.text
    assert "No active partner hospital" in form.text
