"""The pregnancy services: Fatima (midwife, Pantin) records Awa's pregnancy; the dating,
gravida/para, the blood-pressure flag, the outcome rules at 22 weeks, concurrent edits,
encryption and the audit trail."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.pregnancy import (
    AntenatalVisit,
    DeliveryMode,
    Pregnancy,
    PregnancyOutcome,
)
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.pregnancy import may_read, may_record, pregnancies
from caseflow.services.pregnancy.pregnancies import OutcomeInput, PregnancyInput
from caseflow.services.pregnancy.visits import add_visit, flags
from caseflow.vocabulary import Sex
from tests.pregnancy.conftest import NOW, TODAY, visit
from tests.support.records import person, user

pytestmark = pytest.mark.time_machine(NOW)


def _load(pregnancy_id) -> Pregnancy:
    return db.session.get(Pregnancy, uuid.UUID(pregnancy_id))


def test_it_records_a_pregnancy_dated_by_its_last_period(app, awa_id, make_pregnancy):
    made = make_pregnancy(awa_id, lmp_on=date(2026, 3, 2), gravida=2, para=1,
                          risks=["age_under_18", "sexual_violence"],
                          referral_place="Maternité Delafontaine", notes="Interprète bambara",
                          visits=[visit(date(2026, 6, 1), systolic=110, diastolic=70)])
    with app.app_context():
        row = _load(made)
        assert (row.dating.value, row.edd, row.registered_on) == ("lmp", date(2026, 12, 7),
                                                                  TODAY)
        assert row.risks == ["age_under_18", "sexual_violence"]
        assert row.referral_place == "Maternité Delafontaine"
        assert row.visits[0].measures["systolic"] == 110
        # Encrypted with Awa's key: neither the place, the notes nor a measure is clear.
        raw = db.session.execute(text("SELECT referral_place, notes FROM pregnancy")).one()
        assert all(b"Delafontaine" not in bytes(v) and b"bambara" not in bytes(v) for v in raw)
        measures = db.session.execute(text("SELECT measures FROM antenatal_visit")).scalar()
        assert b"systolic" not in bytes(measures)
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type.in_(("pregnancy", "antenatal_visit")))
            .order_by(AuditEvent.seq)).all()
        assert [(e.action, e.object_type, e.details) for e in events] == [
            # Whether an outcome is recorded, never which (review of issue 20).
            ("create", "pregnancy", {"dating": "lmp", "outcome_recorded": False}),
            ("create", "antenatal_visit", {"trimester": 1})]  # 13+0 on 1 June
        assert all("Delafontaine" not in str(e.details) for e in events)


def test_it_dates_by_ultrasound_when_it_differs_beyond_the_threshold(app, awa_id, register,
                                                                    make_pregnancy):
    # LMP 2 March; the scan on 1 June measures 12+0 where the LMP says 13+0.
    made = make_pregnancy(awa_id, lmp_on=date(2026, 3, 2), scan_on=date(2026, 6, 1),
                          scan_weeks=12, scan_days=0)
    with app.app_context():
        row = _load(made)
        # 7 days apart, at 12 weeks the LMP tolerates 7: the LMP stays.
        assert row.dating.value == "lmp" and row.scan_ga_days == 84
    other = register("amina", "PAN", "Barry", "Kadiatou", born=2010, sex=Sex.FEMALE)
    made = make_pregnancy(other, lmp_on=date(2026, 3, 1), scan_on=date(2026, 6, 1),
                          scan_weeks=12, scan_days=0)
    with app.app_context():
        row = _load(made)
        assert row.dating.value == "ultrasound"
        assert row.edd == date(2026, 6, 1) + timedelta(days=280 - 84)


@pytest.mark.parametrize(("gravida", "para", "field"), [
    (1, 0, None), (2, 1, None), (5, 4, None),
    (1, 1, "para"), (2, 2, "para"), (3, 5, "para"), (2, -1, "para"),
    (0, None, "gravida"), (None, 1, "gravida"), (26, 0, "gravida"),
])
def test_it_keeps_parity_at_most_gravidity_minus_one(app, awa_id, gravida, para, field):
    with app.app_context():
        data = PregnancyInput(lmp_on=date(2026, 3, 2), gravida=gravida, para=para)
        if field is None:
            assert pregnancies.create(user("fatima"), person(awa_id), data).para == para
        else:
            with pytest.raises(ServiceError) as refused:
                pregnancies.create(user("fatima"), person(awa_id), data)
            assert refused.value.field == field


@pytest.mark.parametrize(("lmp", "field"), [
    (None, "lmp_on"), (TODAY + timedelta(days=1), "lmp_on"),
    (TODAY - timedelta(weeks=44, days=1), "lmp_on"),
])
def test_it_refuses_a_dating_that_cannot_be(app, awa_id, lmp, field):
    with app.app_context(), pytest.raises(ServiceError) as refused:
        pregnancies.create(user("fatima"), person(awa_id), PregnancyInput(lmp_on=lmp))
    assert refused.value.field == field


@pytest.mark.parametrize(("bp", "expected"), [
    ((139, 89), []), ((140, 80), ["bp_high"]), ((130, 90), ["bp_high"]),
    ((159, 109), ["bp_high"]), ((160, 100), ["bp_severe"]), ((150, 110), ["bp_severe"]),
])
def test_it_flags_blood_pressure_from_140_over_90_without_refusing_it(app, awa_id,
                                                                     make_pregnancy, bp,
                                                                     expected):
    made = make_pregnancy(awa_id, visits=[visit(TODAY, systolic=bp[0], diastolic=bp[1])])
    with app.app_context():
        measures = _load(made).visits[0].measures
        assert [f for f in flags(measures) if f.startswith("bp")] == expected


def test_it_questions_an_unusual_value_and_refuses_an_impossible_one(app, awa_id,
                                                                    make_pregnancy):
    made = make_pregnancy(awa_id)
    with app.app_context():
        fatima, awa, row = user("fatima"), person(awa_id), _load(made)
        with pytest.raises(ServiceError) as asked:
            add_visit(fatima, awa, row, visit(TODAY, systolic=230, diastolic=120))
        assert asked.value.field == "systolic" and "values checked" in str(asked.value.message)
        add_visit(fatima, awa, row, visit(TODAY, systolic=230, diastolic=120,
                                          values_checked=True))
        with pytest.raises(ServiceError) as refused:
            add_visit(fatima, awa, row, visit(TODAY, systolic=14, diastolic=8,
                                              values_checked=True))
        assert refused.value.field == "systolic"
        # The fetal heart rate is flagged outside 110-160, not refused.
        saved = add_visit(fatima, awa, row, visit(TODAY, fetal_heart_rate=170))
        assert flags(saved.measures) == ["fhr"]
        assert db.session.scalar(select(db.func.count(AntenatalVisit.id))) == 2


LMP_22 = TODAY - timedelta(weeks=22)  # 22+0 weeks today, 21+6 yesterday


@pytest.mark.parametrize(("outcome", "day", "mode", "field"), [
    ("miscarriage", TODAY - timedelta(days=1), None, None),
    ("miscarriage", TODAY, None, "outcome"),
    ("live_birth", TODAY - timedelta(days=1), "vaginal", "outcome"),
    ("live_birth", TODAY, "caesarean", None),
    ("stillbirth", TODAY - timedelta(days=1), "vaginal", "outcome"),
    ("stillbirth", TODAY, "vaginal", None),
    ("live_birth", TODAY, None, "delivery_mode"),
    ("miscarriage", TODAY - timedelta(days=3), "vaginal", "delivery_mode"),
    ("ectopic", LMP_22 + timedelta(weeks=7), None, None),
    ("lost", TODAY, None, None),
    ("live_birth", None, "vaginal", "outcome_on"),
    ("live_birth", LMP_22 - timedelta(days=1), "vaginal", "outcome_on"),
])
def test_it_draws_the_line_between_miscarriage_and_birth_at_22_weeks(
        app, awa_id, make_pregnancy, outcome, day, mode, field):
    made = make_pregnancy(awa_id, lmp_on=LMP_22)
    with app.app_context():
        row = _load(made)
        data = OutcomeInput(PregnancyOutcome(outcome), day, mode and DeliveryMode(mode))
        if field is None:
            saved = pregnancies.record_outcome(user("fatima"), person(awa_id), row, data,
                                               row.version)
            assert saved.outcome.value == outcome and saved.version == 2
        else:
            with pytest.raises(ServiceError) as refused:
                pregnancies.record_outcome(user("fatima"), person(awa_id), row, data,
                                           row.version)
            assert refused.value.field == field


def test_it_refuses_an_outcome_before_a_visit_and_a_visit_after_the_outcome(
        app, awa_id, make_pregnancy):
    made = make_pregnancy(awa_id, lmp_on=LMP_22, visits=[visit(TODAY - timedelta(days=2))])
    with app.app_context():
        fatima, awa, row = user("fatima"), person(awa_id), _load(made)
        with pytest.raises(ServiceError) as refused:
            pregnancies.record_outcome(fatima, awa, row, OutcomeInput(
                PregnancyOutcome.MISCARRIAGE, TODAY - timedelta(days=3)), row.version)
        assert refused.value.field == "outcome_on"
        pregnancies.record_outcome(fatima, awa, row, OutcomeInput(
            PregnancyOutcome.TRANSFERRED, TODAY - timedelta(days=1)), row.version)
        with pytest.raises(ServiceError):
            add_visit(fatima, awa, row, visit(TODAY))
        # She comes back: the outcome is cleared and the follow-up goes on.
        pregnancies.record_outcome(fatima, awa, row, OutcomeInput(None), row.version)
        add_visit(fatima, awa, row, visit(TODAY))


def test_it_refuses_a_second_pregnancy_while_one_is_followed(app, awa_id, make_pregnancy):
    made = make_pregnancy(awa_id, lmp_on=LMP_22)
    with app.app_context():
        fatima, awa = user("fatima"), person(awa_id)
        with pytest.raises(ServiceError) as refused:
            pregnancies.create(fatima, awa, PregnancyInput(lmp_on=TODAY - timedelta(weeks=6)))
        assert "already followed" in str(refused.value.message)
        row = _load(made)
        pregnancies.record_outcome(fatima, awa, row, OutcomeInput(
            PregnancyOutcome.MISCARRIAGE, TODAY - timedelta(weeks=8)), row.version)
        assert pregnancies.create(fatima, awa, PregnancyInput(lmp_on=TODAY - timedelta(weeks=6)))


def test_it_detects_a_concurrent_edit(app, awa_id, make_pregnancy):
    made = make_pregnancy(awa_id)
    with app.app_context():
        row = _load(made)
        data = PregnancyInput(lmp_on=date(2026, 3, 2), gravida=1, para=0)
        pregnancies.update(user("fatima"), person(awa_id), row, data, 1)
        with pytest.raises(ConcurrentEditError):
            pregnancies.update(user("amina"), person(awa_id), row, data, 1)
        with pytest.raises(ConcurrentEditError):
            pregnancies.update(user("amina"), person(awa_id), row, data, None)


@pytest.mark.parametrize(("login", "reads", "records"), [
    ("fatima", True, True), ("amina", True, True), ("claire", True, False),
    ("yasmine", False, False), ("sara", False, False), ("lea", False, False),
    ("nadia", False, False), ("hugo", False, False), ("charlie", False, False),
])
def test_it_lets_the_medical_team_read_and_its_clinicians_record(app, awa_id, login, reads,
                                                                 records):
    from caseflow.access.person import person_access

    with app.app_context():
        who, awa = user(login), person(awa_id)
        if person_access(who, awa).grant is None:
            assert not reads and not records  # out of scope: the person is unknown to them
        assert may_read(who, awa) is reads
        assert may_record(who, awa) is records


def test_it_records_a_pregnancy_whatever_the_sex_recorded(app, register):
    # A trans man, or a sex typed wrong at registration: no refusal.
    someone = register("amina", "PAN", "Diallo", "Sam", born=1998, sex=Sex.MALE)
    with app.app_context():
        made = pregnancies.create(user("fatima"), person(someone),
                                  PregnancyInput(lmp_on=date(2026, 4, 1)))
        assert made.edd == date(2027, 1, 6)
