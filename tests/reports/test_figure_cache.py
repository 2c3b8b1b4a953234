"""Closed months kept (figure_cache.py): read back while nothing reaches them, and always
the figures a recount gives after a late write (notes, consents, people, sites, pathway
steps, appointments, referrals; ORM and bulk statements) on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, event, insert, select, update

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentKind, AppointmentStatus
from caseflow.models.consent import Consent
from caseflow.models.enrolment import Enrolment
from caseflow.models.indicator_cache import IndicatorChange, IndicatorFigure
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.referral import Referral
from caseflow.models.site import Site
from caseflow.models.state_change import StateChange
from caseflow.reports import figure_cache
from caseflow.reports.compute import FULL, SITES, _columns, compute
from caseflow.reports.definitions import indicators
from caseflow.reports.late_writes import WATCHED
from caseflow.reports.period import Month
from caseflow.reports.sources import KEPT_WHEN_CLOSED, SOURCES
from caseflow.vocabulary import Confidentiality, InterpreterKind, NoteKind
from tests.clock import FIXED_NOW
from tests.reports.conftest import MARCH, _enrol, _note, _person
from tests.support.records import user

pytestmark = pytest.mark.time_machine(FIXED_NOW)  # 17 June 2026: March is closed


def _figures(report) -> dict:
    """Everything a report shows: each figure's cells and categories."""
    return {f.indicator.code: (f.cells, f.categories) for f in report.figures}


def _kept_and_recounted(app, grain=FULL, site_ids=None):
    """March as the kept figures give it, then as a recount from nothing gives it."""
    with app.app_context():
        kept = _figures(compute(MARCH, site_ids, grain=grain))
        figure_cache.keep()
        db.session.commit()
    with app.app_context():
        db.session.execute(delete(IndicatorFigure))
        recounted = _figures(compute(MARCH, site_ids, grain=grain))
        db.session.rollback()
    return kept, recounted


def _keep_march(app, grain=FULL):
    with app.app_context():
        compute(MARCH, grain=grain)
        assert figure_cache.keep() > 0
        db.session.commit()


class _Statements:
    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement)


def _statements_of(app, work) -> list[str]:
    counter = _Statements()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            work()
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
    return counter.seen


def _counts(statements: list[str]) -> list[str]:
    """The statements that count an indicator (the others read sites, labels, kept figures)."""
    return [s for s in statements if "indicator_" not in s and (
        s.startswith("WITH ") or "GROUP BY" in s)]


def test_it_reads_a_closed_month_back_instead_of_counting_it_again(app, march):
    def count_and_keep():
        compute(MARCH)
        figure_cache.keep()
        db.session.commit()

    assert len(_counts(_statements_of(app, count_and_keep))) == len(indicators())
    with app.app_context():
        first = _figures(compute(MARCH))
    # Counted again: only the indicator that reads rows dated after its month.
    later_readers = [i for i in indicators() if i.code in SOURCES
                     and i.code not in KEPT_WHEN_CLOSED]
    assert [i.code for i in later_readers] == ["housing_inclusion"]
    assert len(_counts(_statements_of(app, lambda: compute(MARCH)))) == len(later_readers)
    with app.app_context():
        db.session.execute(delete(IndicatorFigure))
        assert _figures(compute(MARCH)) == first


def test_it_never_keeps_the_month_that_is_not_over(app, march):
    with app.app_context():
        compute(Month(2026, 6))
        compute(Month(2026, 5))  # ended 16 days ago: closed
        figure_cache.keep()
        db.session.commit()
        kept = set(db.session.execute(select(IndicatorFigure.month)).scalars())
    assert kept == {"2026-05"}
    # 1 June may still be 31 May at a site west of UTC, and a write dated yesterday is not
    # recorded: May is kept from 3 June.
    assert figure_cache.closed(Month(2026, 5), date(2026, 6, 3))
    assert not figure_cache.closed(Month(2026, 5), date(2026, 6, 2))


def _back_dated_note(march):
    _note(db.session.get(Person, _first_person()), "CAL", Discipline.SOCIAL,
          NoteKind.SOCIAL_INTERVIEW, datetime(2026, 3, 30, 10, 0), {"housing": "squat"})


def _first_person():
    return db.session.scalars(select(Person.id).where(Person.sex == "female")).first()


def _note_moved_into_march(march):
    april = db.session.scalars(select(Note).where(Note.occurred_at >= datetime(2026, 4, 1))
                               .order_by(Note.occurred_at)).first()
    april.occurred_at = datetime(2026, 3, 29, 10, 0)


def _note_deleted(march):
    db.session.delete(db.session.scalars(select(Note).where(
        Note.occurred_at == datetime(2026, 3, 12, 10, 0)).order_by(Note.id)).first())


def _note_expired_then_edited(march):
    """A stored note changed without its old day loaded: the change reaches every month."""
    note = db.session.scalars(select(Note).where(
        Note.discipline == Discipline.MENTAL_HEALTH).order_by(Note.occurred_at)).first()
    db.session.expire(note, ["occurred_at", "codes"])
    note.occurred_at = datetime(2026, 3, 2, 10, 0)
    note.codes = {"session_kind": "family", "category": "psychotrauma"}


def _consent_corrected(march):
    consent = db.session.scalars(select(Consent).order_by(Consent.decided_on)).first()
    consent.decided_on = date(2026, 4, 2)


def _sex_corrected(march):
    db.session.get(Person, _first_person()).sex = "male"


def _site_moved_to_another_zone(march):
    db.session.scalars(select(Site).where(Site.code == "CAL")).one().timezone = "Asia/Tokyo"


def _bulk_update(march):
    """A statement whose rows the session does not see (as an erasure or a sync writes)."""
    db.session.execute(update(Note).where(Note.discipline == Discipline.SOCIAL)
                       .values(site_id=march["PAN"]))


def _person_entered_late(march):
    person = _person("female", 2011, "Tesfamariam")
    _enrol(person, "PAN", "general", date(2026, 3, 1))
    _note(person, "PAN", Discipline.MEDICAL, NoteKind.MEDICAL_CONSULTATION,
          datetime(2026, 3, 2, 9, 0))


def _hearing_found_not_attended(march):
    hearing = db.session.scalars(select(Appointment).where(
        Appointment.kind == AppointmentKind.HEARING)).one()
    hearing.status = AppointmentStatus.MISSED


def _decision_date_corrected(march):
    decision = db.session.scalars(select(StateChange).where(
        StateChange.to_state == "not_recognised")).one()
    decision.changed_on = date(2026, 4, 3)


def _referral_moved_to_another_site(march):
    db.session.scalars(select(Referral)).one().site_id = march["CAL"]


LATE_WRITES = [_back_dated_note, _note_moved_into_march, _note_deleted,
               _note_expired_then_edited, _consent_corrected, _sex_corrected,
               _site_moved_to_another_zone, _bulk_update, _person_entered_late,
               _hearing_found_not_attended, _decision_date_corrected,
               _referral_moved_to_another_site]


@pytest.mark.parametrize("write", LATE_WRITES, ids=lambda w: w.__name__.strip("_"))
def test_it_gives_the_recount_after_a_late_write(app, march, write):
    _keep_march(app)
    with app.app_context():
        before = _figures(compute(MARCH))
        write(march)
        db.session.commit()
    kept, recounted = _kept_and_recounted(app)
    assert kept == recounted
    assert kept != before  # the write did change March: the kept figure moved with it


def test_it_counts_a_late_write_made_earlier_in_the_same_request(app, march):
    with app.app_context():
        before = compute(MARCH).figure("contacts").cells.total
        _back_dated_note(march)
        db.session.flush()
        assert compute(MARCH).figure("contacts").cells.total == before + 1
        db.session.rollback()


def test_it_records_late_writes_only(app, march):
    """The day's notes reach no closed month and cost nothing (no statement); a note
    entered three days late is recorded with its day."""
    today = FIXED_NOW.replace(tzinfo=None)
    with app.app_context():
        db.session.execute(delete(IndicatorChange))
        db.session.commit()
        person = db.session.get(Person, _first_person())
        _note(person, "PAN", Discipline.MEDICAL, NoteKind.MEDICAL_CONSULTATION, today)
        _note(person, "PAN", Discipline.MEDICAL, NoteKind.MEDICAL_CONSULTATION,
              today.replace(hour=0, minute=5))
        db.session.commit()
        assert db.session.scalars(select(IndicatorChange)).all() == []
        _note(person, "PAN", Discipline.MEDICAL, NoteKind.MEDICAL_CONSULTATION,
              today - timedelta(days=3))
        db.session.commit()
        changes = db.session.execute(select(IndicatorChange.table_name,
                                            IndicatorChange.first_day)).all()
    assert changes == [("note", (today - timedelta(days=3)).date())]


def test_it_recounts_an_indicator_that_reads_later_rows(app, march):
    """Housing at inclusion is the first coded social contact since inclusion, which may
    come months later: a person included in March and seen today shows at once."""
    with app.app_context():
        person = _person("male", 2008, "Haddadine")
        _enrol(person, "CAL", "general", date(2026, 3, 26))
        db.session.commit()
        person_id = person.id
    _keep_march(app, SITES)
    with app.app_context():
        before = compute(MARCH, grain=SITES).figure("housing_inclusion").categories
        assert before["unspecified"].total == 1
        _note(db.session.get(Person, person_id), "CAL", Discipline.SOCIAL,
              NoteKind.SOCIAL_INTERVIEW, FIXED_NOW.replace(tzinfo=None), {"housing": "squat"})
        db.session.commit()
        assert db.session.scalars(select(IndicatorChange).where(
            IndicatorChange.first_day == FIXED_NOW.date())).all() == []
    kept, recounted = _kept_and_recounted(app, SITES)
    assert kept == recounted
    assert kept["housing_inclusion"][1]["squat"].total == 1


def test_it_keeps_the_sites_of_a_flag_as_they_were_at_the_end_of_the_month(app, march):
    """A flag of March counts at the sites where the person was enrolled by March's end:
    an enrolment elsewhere today does not move a month already reported."""
    with app.app_context():
        before = compute(MARCH, grain=SITES).figure("violence").cells.by_site
        flagged = db.session.scalars(select(Enrolment.person_id).where(
            Enrolment.site_id == march["CAL"], Enrolment.programme == "minority_recourse")).one()
        _enrol(db.session.get(Person, flagged), "PAN", "general", FIXED_NOW.date())
        db.session.commit()
    kept, recounted = _kept_and_recounted(app, SITES)
    assert kept == recounted
    assert kept["violence"][0].by_site == before == {march["PAN"]: 1, march["CAL"]: 1}


@pytest.mark.parametrize("code", sorted(KEPT_WHEN_CLOSED))
def test_it_watches_every_table_a_kept_indicator_reads(app, march, code):
    """A kept indicator reading a table that late_writes does not watch would be counted
    every time (safe, but slow): the list of watched tables follows the sources."""
    with app.app_context():
        stmt = _columns(SOURCES[code](MARCH), MARCH, None, FULL)
        assert figure_cache.tables(stmt) <= WATCHED


@pytest.mark.parametrize("grain", [FULL, SITES])
def test_it_keeps_each_choice_of_sites_and_margins_apart(app, march, grain):
    kept, recounted = _kept_and_recounted(app, grain, [march["PAN"]])
    assert kept == recounted
    kept_all, _ = _kept_and_recounted(app, grain)
    assert kept_all["contacts"][0].total > kept["contacts"][0].total


def _tables_and_charts(html: str) -> list[str]:
    return re.findall(r"<table.*?</table>|<svg.*?</svg>", html, flags=re.S)


@pytest.mark.parametrize("login", ["claire", "omar"])
def test_it_shows_the_same_dashboard_from_the_kept_figures(app, as_user, march, login):
    """The coordinator's exact figures and the data manager's suppressed ones: the second
    view reads March and the five months before it back, and shows the same page."""
    client = as_user(login)
    first = client.get("/indicators/?month=2026-03")
    with app.app_context():
        months = set(db.session.execute(select(IndicatorFigure.month)).scalars())
    assert months == {"2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"}
    second = client.get("/indicators/?month=2026-03")
    assert first.status_code == second.status_code == 200
    assert _tables_and_charts(second.text) == _tables_and_charts(first.text) != []


WEST = "America/Guatemala"  # UTC-6 all year: a site whose month ends on the next UTC day


def _site_west_of_utc():
    db.session.scalars(select(Site).where(Site.code == "CAL")).one().timezone = WEST
    db.session.commit()


def test_it_reaches_a_month_that_ends_on_the_next_utc_day_at_a_site_west_of_utc(app, march):
    """31 March at 21:00 in Guatemala is 1 April at 03:00 UTC: a note of that evening,
    entered in June, is March's at that site and moves March's kept figure."""
    with app.app_context():
        _site_west_of_utc()
    _keep_march(app)
    with app.app_context():
        before = compute(MARCH).figure("contacts").cells.by_site[march["CAL"]]
        person = db.session.get(Person, _first_person())
        _note(person, "CAL", Discipline.MEDICAL, NoteKind.MEDICAL_CONSULTATION,
              datetime(2026, 4, 1, 3, 0))
        db.session.commit()
    kept, recounted = _kept_and_recounted(app)
    assert kept == recounted
    assert kept["contacts"][0].by_site[march["CAL"]] == before + 1


@pytest.mark.time_machine(datetime(2026, 4, 2, 23, 59, 30, tzinfo=UTC))
def test_it_records_yesterday_for_a_write_that_commits_after_midnight(app, march):
    """A note of 31 March evening west of UTC (1 April, UTC), flushed at 23:59 UTC on
    2 April, may commit after midnight, when March is closed: it is recorded."""
    with app.app_context():
        _site_west_of_utc()
        db.session.execute(delete(IndicatorChange))
        db.session.commit()
        person = db.session.get(Person, _first_person())
        _note(person, "CAL", Discipline.MEDICAL, NoteKind.MEDICAL_CONSULTATION,
              datetime(2026, 4, 1, 3, 0))
        db.session.flush()
        recorded = db.session.execute(select(IndicatorChange.table_name,
                                             IndicatorChange.first_day)).all()
        db.session.commit()
    assert recorded == [("note", date(2026, 4, 1))]
    assert not figure_cache.closed(MARCH, date(2026, 4, 2))
    assert figure_cache.closed(MARCH, date(2026, 4, 3))


def _note_values(march, day: datetime) -> dict:
    """A note's stored values, as a sync applying a box's new note inserts them."""
    return {"id": uuid.uuid4(), "person_id": _first_person(), "site_id": march["CAL"],
            "author_id": user("amina").id, "discipline": Discipline.MEDICAL,
            "kind": NoteKind.MEDICAL_CONSULTATION, "occurred_at": day,
            "interpreter_kind": InterpreterKind.NONE_NEEDED,
            "confidentiality": Confidentiality.TEAM, "codes": {}}


def test_it_dates_the_rows_an_insert_statement_writes(app, march):
    """A sync applies a box's new notes with INSERT statements: today's are not recorded,
    one of March is recorded with its day, and moves March's kept figure."""
    _keep_march(app)
    with app.app_context():
        db.session.execute(delete(IndicatorChange))
        db.session.execute(insert(Note.__table__).values(**_note_values(
            march, FIXED_NOW.replace(tzinfo=None))))
        db.session.commit()
        assert db.session.scalars(select(IndicatorChange)).all() == []
        db.session.execute(insert(Note), [_note_values(march, datetime(2026, 3, 9, 8, 0))])
        db.session.commit()
        recorded = db.session.execute(select(IndicatorChange.table_name,
                                             IndicatorChange.first_day)).all()
    assert recorded == [("note", date(2026, 3, 9))]
    kept, recounted = _kept_and_recounted(app)
    assert kept == recounted


def test_it_records_a_person_only_when_a_margin_moves(app, march):
    """The data manager's figures are broken down by sex and age group: a birth year
    corrected reaches every month; a name corrected reaches none."""
    with app.app_context():
        db.session.execute(delete(IndicatorChange))
        db.session.commit()
        person = db.session.get(Person, _first_person())
        person.family_name = "Haddadine-Okonkwo"
        db.session.commit()
        assert db.session.scalars(select(IndicatorChange)).all() == []
        person = db.session.get(Person, _first_person())
        person.birth_year = 2009
        db.session.commit()
        changes = db.session.execute(select(IndicatorChange.table_name,
                                            IndicatorChange.first_day)).all()
    assert changes == [("person", None)]
