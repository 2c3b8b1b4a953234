"""Late writes: the changes that can move a closed month's indicators, recorded as they commit.

A closed month's figures are kept (figure_cache.py) until a write reaches that month.
Which month a write reaches is read from the written row's own days: every date and
time column of the row, before and after the write, the earliest of them. The
indicators kept read rows dated in their month or before it (sources.py,
``KEPT_WHEN_CLOSED``), so a row dated on day d can only change the months that end
after d (a day later at a site west of UTC). A write dated today reaches no closed
month and is not recorded (most writes: the day's notes); one dated earlier (a note
entered a week late, a consent corrected), or one whose days are unknown, is.

Unknown, and so reaching every month: an UPDATE or DELETE statement (an erasure, a
sync applying a box's edits; a sync's new rows are dated by their values),
a row whose day was not loaded, a person's sex or birth year changed (the indicators'
margins; a name or a phone number reaches no figure) or a site changed (its time zone
draws its months). A person deleted reaches every table (``ANY_TABLE``): the database
may take their rows along without the session seeing them.

Recorded in the writer's transaction (``after_flush``), so a change exists if and only if
the write committed: a figure can never be kept across a write it missed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import g, has_app_context
from sqlalchemy import Date, DateTime, TextClause, event, insert, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from caseflow.models.base import utcnow
from caseflow.models.indicator_cache import ANY_TABLE, IndicatorChange

# The tables the kept indicators may read. figure_cache.py keeps no figure whose
# statement reads another table, so a table added to a source without being added here
# costs speed, never correctness.
WATCHED = frozenset({
    "note", "enrolment", "state_change", "vulnerability_flag", "appointment",
    "certificate", "referral", "referral_status_change", "consent", "person", "site",
})
# Tables whose rows carry no day that bounds the months they reach.
UNDATED = frozenset({"person", "site"})
# What the indicators read of a person: the margins (compute.py joins them for sex and age
# group). A name, a phone number or a language corrected reaches no figure.
PERSON_MARGINS = ("sex", "birth_year")

# The request's memo of kept figures (figure_cache.py), forgotten when a late write is
# recorded, so that a count after a write in the same request sees it.
MEMO_KEY = "caseflow_figure_cache"
_DATED: dict[type, tuple[str, ...]] = {}
_TABLE = IndicatorChange.__table__


def recorded_before(today: date) -> date:
    """Writes dated before this day are recorded; those dated today reach no month that
    is closed, and none that will be closed before tomorrow ends (figure_cache.closed: a
    month is closed two days after its end). Yesterday's are recorded: a transaction
    flushed before midnight may commit after it, and a site west of UTC stores its
    month's last evening on the next UTC day."""
    return today


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _dated_attributes(cls: type) -> tuple[str, ...]:
    found = _DATED.get(cls)
    if found is None:
        found = _DATED[cls] = tuple(
            attr.key for attr in inspect(cls).column_attrs
            if isinstance(attr.columns[0].type, Date | DateTime))
    return found


class _Unknown(Exception):
    """A day of the row that the session does not hold."""


def _first_day(obj: Any, new: bool) -> date | None:
    """The earliest day among the row's values, before and after the flush; None when it
    holds no day at all (then it is counted in no month).

    A new row's day left to its column default is the day of the write (every date
    default is ``utcnow``), so it is skipped. Raises _Unknown when a stored row's day was
    changed without its value before being known, or was not loaded at all: the write
    may then reach any month."""
    state = inspect(obj)
    days = []
    for key in _dated_attributes(type(obj)):
        history = state.attrs[key].history
        not_loaded = key not in state.dict and not history.added
        old_unknown = history.added and not history.deleted and not history.unchanged
        if not new and (not_loaded or old_unknown):
            raise _Unknown
        days += [d for v in (*history.added, *history.deleted, *history.unchanged)
                 if (d := _day(v)) is not None]
    return min(days) if days else None


def _undated_change_counts(obj: Any, kind: str, table: str) -> bool:
    """Whether a change to a person or a site can move a figure: a new person alone counts
    nowhere, and a stored person's edit only when a margin moved."""
    if table != "person" or kind == "deleted":
        return True
    if kind == "new":
        return False
    state = inspect(obj)
    return any(state.attrs[key].history.added for key in PERSON_MARGINS)


def _changes(session: Session) -> dict[str, date | None]:
    """The earliest day written per watched table in this flush (None: any day)."""
    out: dict[str, date | None] = {}
    limit = recorded_before(utcnow().date())

    def note(table: str, day: date | None) -> None:
        if day is not None and day >= limit:
            return
        if table not in out or day is None or (out[table] is not None and day < out[table]):
            out[table] = day

    for kind, group in (("new", session.new), ("dirty", session.dirty),
                        ("deleted", session.deleted)):
        new = kind == "new"
        for obj in group:
            table = getattr(type(obj), "__tablename__", None)
            if table not in WATCHED:
                continue
            if kind == "dirty" and not session.is_modified(obj, include_collections=False):
                continue
            if table == "person" and kind == "deleted":
                note(ANY_TABLE, None)
            if table in UNDATED:
                if _undated_change_counts(obj, kind, table):
                    note(table, None)
                continue
            try:
                day = _first_day(obj, new)
            except _Unknown:
                note(table, None)
                continue
            if day is not None:
                note(table, day)
    return out


def _write(connection: Any, changes: dict[str, date | None]) -> None:
    if changes:
        if has_app_context():
            g.pop(MEMO_KEY, None)
        now = utcnow()
        connection.execute(insert(_TABLE), [
            {"table_name": t, "first_day": d, "created_at": now} for t, d in sorted(
                changes.items(), key=lambda item: item[0])])


def _forget(_session: Session, _transaction: Any) -> None:
    """A rollback takes the recorded changes back: figures counted with them are forgotten."""
    if has_app_context():
        g.pop(MEMO_KEY, None)


def _after_flush(session: Session, _ctx: Any) -> None:
    _write(session.connection(), _changes(session))


def _inserted_day(state: ORMExecuteState) -> date | None:
    """The earliest day among the values of a plain INSERT (a sync applying a box's new
    rows): exact, since a new row has no value before. Raises _Unknown for an INSERT
    from a SELECT, whose rows are not seen."""
    stmt = state.statement
    # INSERT ... SELECT, or ON CONFLICT ... UPDATE of a row whose days are not known.
    if (getattr(stmt, "select", None) is not None
            or getattr(stmt, "_post_values_clause", None) is not None):
        raise _Unknown
    given = state.parameters
    rows = given if isinstance(given, list) else [given or {}]
    values = [v for row in rows for v in row.values()]
    if not state.is_orm_statement:  # a table's INSERT, as a sync writes: its own values
        values += stmt.compile().params.values()
    elif getattr(stmt, "_values", None) or getattr(stmt, "_multi_values", None):
        raise _Unknown  # values inside an entity's INSERT: compiled only by the ORM

    days = [d for v in values if (d := _day(v)) is not None]
    return min(days) if days else None


def _bulk(state: ORMExecuteState) -> None:
    """An UPDATE, DELETE or INSERT statement run through the session. An UPDATE's or a
    DELETE's rows are not seen, so it reaches every month of its table (of every table
    for the person's); an INSERT's rows are dated by the values it gives."""
    if isinstance(state.statement, TextClause):
        # SQL written out: its rows and tables are not known; a write reaches everything.
        verb = state.statement.text.lstrip()[:6].upper()
        if verb in ("INSERT", "UPDATE", "DELETE"):
            _write(state.session.connection(), {ANY_TABLE: None})
        return
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table not in WATCHED:
        return
    changes: dict[str, date | None] = {table: None}
    if state.is_insert:
        if table in UNDATED:
            return  # a new person or site counts nowhere before rows of its own
        try:
            day = _inserted_day(state)
        except _Unknown:
            day = None
        else:
            if day is None or day >= recorded_before(utcnow().date()):
                return
        changes = {table: day}
    elif state.is_delete and table == "person":
        changes[ANY_TABLE] = None
    _write(state.session.connection(), changes)


def install() -> None:
    """Listen on every Session, once however many applications are created."""
    if event.contains(Session, "after_flush", _after_flush):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _bulk)
    event.listen(Session, "after_soft_rollback", _forget)
