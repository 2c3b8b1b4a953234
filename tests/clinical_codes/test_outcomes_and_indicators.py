"""Mental-health outcomes "died" and "transferred", and the indicators of issue 20 against a
hand-built May 2026: suicide risk at intake by level, discharges with their CGI change."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from caseflow import pathways
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.state_change import StateChange
from caseflow.reports.compute import compute
from caseflow.reports.period import Month
from caseflow.services.care.pathway_events import allowed_targets, change_state
from caseflow.vocabulary import Confidentiality, InterpreterKind, NoteKind
from tests.clock import FIXED_NOW
from tests.support.records import site_id, user

pytestmark = pytest.mark.time_machine(FIXED_NOW)
MAY = Month(2026, 5)


@pytest.mark.parametrize("outcome", ["died", "transferred"])
def test_the_psychologist_closes_a_follow_up_as_died_or_transferred(app, register, outcome):
    person_id = register("yasmine", "PAN", "Mengistu", "Hanna", programme="mental_health")
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        enrolment = next(e for e in person.enrolments if e.programme == "mental_health")
        assert outcome in dict(allowed_targets(user("yasmine"), person, enrolment))
        change_state(user("yasmine"), person, enrolment, outcome)
        enrolment = db.session.get(Enrolment, enrolment.id)
        assert enrolment.outcome == outcome and enrolment.ended_on is not None
    assert {"died", "transferred"} <= pathways.get("mental_health").terminal


def _person(name: str) -> Person:
    person = Person(sex="male", birth_year=2008)
    person.family_name = name
    db.session.add(person)
    db.session.flush()
    return person


def _session(person, day: datetime, codes: dict, site="PAN") -> None:
    db.session.add(Note(person_id=person.id, site_id=site_id(site),
                        author_id=user("yasmine").id, discipline=Discipline.MENTAL_HEALTH,
                        kind=NoteKind.MENTAL_HEALTH_SESSION, occurred_at=day,
                        interpreter_kind=InterpreterKind.NONE_NEEDED,
                        confidentiality=Confidentiality.DISCIPLINE, codes=codes))


def _discharge(person, state: str, day: date, site="PAN") -> None:
    enrolment = Enrolment(person_id=person.id, site_id=site_id(site), programme="mental_health",
                          state=state, started_on=date(2026, 1, 5), ended_on=day,
                          outcome=state)
    db.session.add(enrolment)
    db.session.flush()
    db.session.add(StateChange(enrolment_id=enrolment.id, person_id=person.id,
                               programme="mental_health", from_state="active", to_state=state,
                               changed_on=day, site_id=site_id(site),
                               author_id=user("yasmine").id))


@pytest.fixture
def may(app):
    """a: intake in May, high risk; b: intake in May, low, then high at follow-up (counted
    low: at intake); c: intake in April (not May), high; d: intake in May at Calais, none,
    seen twice at intake the same month (counted once). Discharges in May: a died (last
    CGI-I 6: worse), b transferred (CGI-I 2: much improved), d improved without CGI-I."""
    with app.app_context():
        a, b, c, d = (_person(n) for n in ("Alpha", "Bravo", "Charlie", "Delta"))
        _session(a, datetime(2026, 5, 4, 9), {"session_stage": "intake", "suicide_risk": "high",
                                              "cgi_s": 6})
        _session(a, datetime(2026, 5, 10, 9), {"session_stage": "follow_up", "cgi_i": 6})
        _session(b, datetime(2026, 5, 5, 9), {"session_stage": "intake", "suicide_risk": "low"})
        _session(b, datetime(2026, 5, 12, 9), {"session_stage": "follow_up",
                                               "suicide_risk": "high", "cgi_i": 2})
        _session(c, datetime(2026, 4, 20, 9), {"session_stage": "intake",
                                               "suicide_risk": "high"})
        _session(c, datetime(2026, 5, 20, 9), {"session_stage": "follow_up",
                                               "suicide_risk": "high"})
        for day in (6, 7):
            _session(d, datetime(2026, 5, day, 9), {"session_stage": "intake",
                                                    "suicide_risk": "none"}, site="CAL")
        _discharge(a, "died", date(2026, 5, 15))
        _discharge(b, "transferred", date(2026, 5, 20))
        _discharge(d, "improved", date(2026, 5, 25), site="CAL")
        db.session.commit()


def test_it_counts_the_suicide_risk_at_intake_by_level(app, may):
    with app.app_context():
        figure = compute(MAY, codes=["mh_suicide_risk_intake"]).figure("mh_suicide_risk_intake")
    assert figure.cells.total == 3
    assert {c: cells.total for c, cells in figure.categories.items()} == {
        "suicide_risk:high": 1, "suicide_risk:low": 1, "suicide_risk:none": 1}


def test_the_discharges_with_their_cgi_change_count_the_new_outcomes(app, may):
    with app.app_context():
        figure = compute(MAY, codes=["mh_cgi_change"]).figure("mh_cgi_change")
    assert figure.cells.total == 3
    assert {c: cells.total for c, cells in figure.categories.items()} == {
        "worse": 1, "much_improved": 1, "not_assessed": 1}


def test_an_indicator_condition_must_be_a_one_code_field_of_the_spec():
    from caseflow.disciplines import (
        CodeIndicator,
        DisciplineSpec,
        Field,
        FieldKind,
        register,
        unregister,
    )
    from caseflow.disciplines.mental_health_codes import SessionStage, Substance

    fields = (Field("test_stage", "Stage", FieldKind.ONE, choices=SessionStage, coded=True),
              Field("test_used", "Used", FieldKind.MANY, choices=Substance, coded=True))
    for condition in ("no_such_field", "test_used"):
        wrong = DisciplineSpec(
            code="test_conditions", label="Test", roles=(), kinds=(), fields=fields,
            indicators=(CodeIndicator("t", "T", "T", field="test_stage",
                                      when=((condition, "x"),)),))
        with pytest.raises(ValueError, match="not a one-code field"):
            register(wrong)
    unregister("test_conditions")
