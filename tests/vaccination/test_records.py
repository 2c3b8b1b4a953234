"""Recording a person's vaccinations through the service: what is refused and with which
message, what the audit trail keeps (codes, never the batch number), what is encrypted, and
two people changing the same record at once."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select, text

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.vaccination import (
    DatePrecision,
    DoseState,
    StatusSource,
    VaccinationDose,
)
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.vaccination import records
from caseflow.services.vaccination.records import DoseInput, parse_given_on
from tests.support.records import person, user
from tests.vaccination.conftest import NOW

pytestmark = pytest.mark.time_machine(NOW)


@pytest.mark.parametrize(("words", "field", "message"), [
    ({"given_on": "18/06/2026"}, "given_on", "This date is in the future."),
    ({"given_on": "07/2026", "origin": "declared"}, "given_on", "This date is in the future."),
    ({"given_on": "2027", "origin": "card"}, "given_on", "This date is in the future."),
    ({"vaccine": "tetanos"}, "vaccine", "Choose a vaccine from the list"),
    ({"vaccine": ""}, "vaccine", "Choose a vaccine from the list"),
    ({"vaccine": "other"}, "other_name", "Give the name of the vaccine."),
    ({"given_on": "03/2019"}, "given_on", "A dose given here has its exact day."),
    ({"given_on": "31/02/2026"}, "given_on", "Give the date as day/month/year"),
    ({"given_on": "last spring"}, "given_on", "Give the date as day/month/year"),
    ({"given_on": ""}, "given_on", "Give the date of the dose."),
    ({"given_on": "1915", "origin": "declared"}, "given_on", "too far in the past"),
    ({"given_on": "2005", "origin": "declared"}, "given_on",
     "before the person's declared date of birth"),
    ({"origin": "declared", "given_on": "2019", "lot_number": "AB12"}, "lot_number",
     "The batch number is recorded for a dose given here."),
    ({"dose_number": 0}, "dose_number", "The dose number goes from 1 to 10."),
    ({"origin": "elsewhere"}, "origin", "Say whether the dose was given here or before."),
])
def test_it_refuses_bad_input_with_a_clear_message(app, awa, words, field, message):
    data = {"vaccine": "dt", "given_on": "17/06/2026", **words}
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            records.add_dose(user("amina"), person(awa), DoseInput(**data))
        assert refused.value.field == field
        assert message in str(refused.value.message)
        assert db.session.scalar(select(VaccinationDose.id)) is None


@pytest.mark.parametrize(("typed", "day", "precision"), [
    ("14/03/2026", date(2026, 3, 14), DatePrecision.DAY),
    ("2026-03-14", date(2026, 3, 14), DatePrecision.DAY),
    ("3/2019", date(2019, 3, 1), DatePrecision.MONTH),
    ("2019-03", date(2019, 3, 1), DatePrecision.MONTH),
    (" 2019 ", date(2019, 1, 1), DatePrecision.YEAR),
])
def test_it_reads_a_day_a_month_or_a_year(typed, day, precision):
    assert parse_given_on(typed) == (day, precision)


def test_it_accepts_a_declared_dose_by_its_year_and_numbers_the_next_one(app, awa, give):
    give(awa, "dt", "2015", origin="declared")
    give(awa, "dt_ipv", "17/06/2026", lot_number="  AB 1234  ")
    with app.app_context():
        doses = db.session.scalars(select(VaccinationDose).order_by(VaccinationDose.given_on))
        declared, here = list(doses)
        assert (declared.given_on, declared.given_precision, declared.dose_number) == (
            date(2015, 1, 1), DatePrecision.YEAR, 1)
        # dT-IPV after a dT: the second dose of tetanus-diphtheria.
        assert here.dose_number == 2 and here.lot_number == "AB 1234"


def test_it_keeps_the_batch_number_encrypted_and_out_of_the_audit_trail(app, awa, give):
    give(awa, "hepb", "17/06/2026", lot_number="LOT-XK42")
    give(awa, "other", "2020", origin="declared", other_name="Rage (Verorab)")
    with app.app_context():
        rows = db.session.execute(text("SELECT * FROM vaccination_dose")).mappings().all()
        blob = b"".join(bytes(v) for r in rows for v in r.values()
                        if isinstance(v, bytes | memoryview))
        assert b"LOT-XK42" not in blob and b"Verorab" not in blob
        assert {r["vaccine"] for r in rows} == {"hepb", "other"}  # codes: clear
        events = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "vaccination_dose").order_by(AuditEvent.seq)))
        assert [(e.action, e.details["vaccine"], e.details["origin"]) for e in events] == [
            ("create", "hepb", "given_here"), ("create", "other", "declared")]
        assert all(e.person_code == person(awa).code for e in events)
        trail = " ".join(str(e.details) for e in db.session.scalars(select(AuditEvent)))
        assert "XK42" not in trail and "Verorab" not in trail


def test_it_marks_a_dose_in_error_without_deleting_it_and_audits_it(app, awa, give):
    dose_id = give(awa, "mmr", "17/06/2026")
    with app.app_context():
        dose = db.session.get(VaccinationDose, dose_id)
        with pytest.raises(ServiceError, match="Say why"):
            records.mark_in_error(user("amina"), person(awa), dose, " ", dose.version)
        db.session.rollback()
        dose = db.session.get(VaccinationDose, dose_id)
        records.mark_in_error(user("amina"), person(awa), dose, "Wrong person's card", 1)
        dose = db.session.get(VaccinationDose, dose_id)
        assert dose.state == DoseState.ENTERED_IN_ERROR and dose.version == 2
        assert dose.error_reason == "Wrong person's card"
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "vaccination_dose", AuditEvent.action == "update")).one()
        assert event.details == {"state": "entered_in_error", "vaccine": "mmr"}
        assert "Wrong" not in str(event.details)


def test_it_refuses_a_stale_version_when_marking_in_error(app, awa, give):
    dose_id = give(awa, "mmr", "17/06/2026")
    with app.app_context():
        dose = db.session.get(VaccinationDose, dose_id)
        records.mark_in_error(user("amina"), person(awa), dose, "Duplicate entry", 1)
        dose = db.session.get(VaccinationDose, dose_id)
        with pytest.raises(ConcurrentEditError):
            records.mark_in_error(user("claire"), person(awa), dose, "Duplicate", 1)
        with pytest.raises(ConcurrentEditError):
            records.mark_in_error(user("claire"), person(awa), dose, "Duplicate", None)


def test_it_records_the_status_and_refuses_a_stale_version(app, awa):
    with app.app_context():
        first = records.record_status(user("amina"), person(awa), "declared", None)
        assert (first.source, first.version) == (StatusSource.DECLARED, 1)
        # Claire opened the form before Amina saved: no status then.
        with pytest.raises(ConcurrentEditError):
            records.record_status(user("claire"), person(awa), "card", None)
        db.session.rollback()
        changed = records.record_status(user("claire"), person(awa), "card", 1)
        assert (changed.source, changed.version) == (StatusSource.CARD, 2)
        with pytest.raises(ConcurrentEditError):
            records.record_status(user("amina"), person(awa), "unknown", 1)
        db.session.rollback()
        with pytest.raises(ServiceError, match="Choose where the vaccination status"):
            records.record_status(user("amina"), person(awa), "rumour", 2)
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "vaccination_status").order_by(AuditEvent.seq))
        assert [(e.action, e.details) for e in events] == [
            ("create", {"source": "declared", "before": None}),
            ("update", {"source": "card", "before": "declared"})]


@pytest.mark.parametrize(("login", "may"), [
    ("amina", True), ("claire", True), ("hugo", False), ("yasmine", False), ("sara", False),
    ("lea", False), ("nadia", False), ("omar", False), ("admin", False), ("charlie", False),
])
def test_it_lets_only_the_medical_team_of_the_persons_site_write(app, awa, login, may):
    with app.app_context():
        assert records.may_write(user(login), person(awa)) is may
        if not may:
            with pytest.raises(ServiceError, match="You may not record vaccinations"):
                records.add_dose(user(login), person(awa),
                                 DoseInput(vaccine="dt", given_on="17/06/2026"))


def test_it_lets_a_midwife_of_the_site_write(app, awa):
    from caseflow.roles import Role

    with app.app_context():
        nurse = user("amina")
        nurse.role = Role.MIDWIFE  # the same doctor's account, as a midwife, not saved
        assert records.may_write(nurse, person(awa))
        db.session.rollback()


def test_it_refuses_another_persons_dose(app, awa, register, give):
    other = register("amina", "PAN", "Diallo", "Mariama", born=2008)
    dose_id = give(other, "dt", "17/06/2026")
    with app.app_context():
        dose = db.session.get(VaccinationDose, uuid.UUID(str(dose_id)))
        with pytest.raises(ServiceError, match="You may not correct"):
            records.mark_in_error(user("amina"), person(awa), dose, "Wrong", 1)


def test_it_empties_the_encrypted_fields_on_erasure_and_keeps_the_codes(app, awa, give):
    from caseflow.services.safeguards.erasure import erase_person

    dose_id = give(awa, "hepb", "17/06/2026", lot_number="LOT-XK42")
    with app.app_context():
        someone = person(awa)
        erase_person(user("claire"), someone, reason="person_request", typed_code=someone.code)
        db.session.remove()
        table = VaccinationDose.__table__
        raw = db.session.execute(select(table.c.vaccine, table.c.lot_number)
                                 .where(table.c.id == dose_id)).one()
        assert raw.vaccine == "hepb" and raw.lot_number is None  # the row and its code stay
