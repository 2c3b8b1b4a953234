"""Erasing Salem empties what his evacuation case and fitness assessment hold in words (the
partner's case number, the notes, the conditions, the doctor's words) and keeps the codes
and dates the indicators count; his family link goes, and his open case is closed (it no
longer waits, nor is offered to link)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from caseflow.extensions import db
from caseflow.models.evacuation import EvacuationCase, EvacuationStatus, FitnessAssessment
from caseflow.reports import evacuation_indicators
from caseflow.reports.period import Month
from caseflow.services.evacuation import groups
from caseflow.services.safeguards.erasure import erase_person
from tests.evacuation.records import open_case, walk
from tests.support.records import person, user

pytestmark = pytest.mark.time_machine(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))


def test_it_erases_the_words_and_keeps_the_departures_counted(app, salem):
    with app.app_context():
        case = walk(salem, open_case(salem, date(2026, 10, 1)), EvacuationStatus.DEPARTED,
                    date(2026, 10, 5))
        case_id = case.id
        someone = person(salem)
        erase_person(user("claire"), someone, reason="person_request", typed_code=someone.code)
        db.session.remove()
    with app.app_context():
        rows = db.session.execute(db.select(
            EvacuationCase.departed_on, EvacuationCase.mechanism,
            EvacuationCase._partner_case_number_sealed, EvacuationCase._notes_sealed)
            .where(EvacuationCase.id == case_id)).one()
        assert (rows[0], rows[1].value, rows[2], rows[3]) == (
            date(2026, 10, 10), "emergency_transit", None, None)
        sealed = db.session.execute(db.select(FitnessAssessment._details_sealed,
                                              FitnessAssessment._conditions_sealed)).one()
        assert tuple(sealed) == (None, None)
        assert evacuation_indicators.compute(Month(2026, 10), None)[-1].departures == 1


def test_it_unlinks_the_family_and_closes_the_open_case_of_an_erased_person(
        app, register, salem):
    hawa = register("charlie", "TRI", "Osman", "Hawa", born=1990)
    with app.app_context():
        mine, hers = open_case(salem, date(2026, 10, 1)), open_case(hawa, date(2026, 10, 1))
        groups.link(user("charlie"), person(salem), mine, hers, mine.version)
        ids = mine.id, hers.id
        someone = person(salem)
        erase_person(user("claire"), someone, reason="person_request", typed_code=someone.code)
        db.session.remove()
    with app.app_context():
        erased, other = (db.session.get(EvacuationCase, i) for i in ids)
        assert (erased.group_id, erased.status) == (None, EvacuationStatus.WITHDRAWN)
        assert other.status is EvacuationStatus.IDENTIFIED
        assert dict(evacuation_indicators.waiting(None)) == {"identified": 1}
        assert groups.linkable(user("charlie"), person(hawa), other) == []
