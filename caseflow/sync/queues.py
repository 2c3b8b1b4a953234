"""What the sync pages read and ask (issue 21): the conflicts a user may settle, a person's
count of open conflicts, the flagged operations of the review queue, a box's sync state.

Who sees a conflict. A conflict shows two values of a field of someone's record, so it is
shown only to whoever may read that field there, and offered for a choice only to whoever
may write it:

- the person: coordinators see every person's conflicts (supervision); a professional
  only those of people followed now at one of their sites, the people they write in
  (``caseflow.access.person.PersonAccess.may_write``);
- the row: a note's text is read under the note rules (a psychologist's private note is
  not shown to the nurse who writes in the same record), an appointment or a referral
  under theirs; the identity, enrolments, consents and flags by whoever reads the person.
  A table not named here is shown to nobody (a new synced table must say its rule);
- the choice: ``resolve_conflict`` checks that the user writes in the person's record;
  here, a note's text is also chosen only by its author or a coordinator (a note is
  corrected by its author only, caseflow/access/notes.py).

A concurrent choice is serialised by locking the conflict's row (SELECT … FOR UPDATE on
PostgreSQL; SQLite's transactions take the write lock at BEGIN, caseflow/database.py):
the second one finds it settled and gets ``resolve_conflict``'s clear refusal.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from caseflow.access import ALL_SITES_ROLES, parse_uuid, reads_people
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.crypto import DecryptionError, ShreddedError
from caseflow.models.clinic_box import SyncState
from caseflow.models.enrolment import Enrolment
from caseflow.models.person import Person
from caseflow.models.sync_conflict import OPEN, SyncConflict
from caseflow.models.sync_operation import SyncOperation
from caseflow.sync.conflicts import readable_value
from caseflow.sync.registry import model_of
from caseflow.sync.stored import from_json, open_blob

LAST_SYNC = "last_sync"  # written by caseflow.sync.link.sync after a whole sync
QUEUE_LIMIT = 200


class Unreadable:
    """A stored value that does not open here (the person erased, their key shredded)."""

    def __repr__(self) -> str:
        return "<unreadable>"


UNREADABLE = Unreadable()


# --- Conflicts -------------------------------------------------------------------------------


def _people_clause(user):
    """The people whose conflicts ``user`` may see: all for a coordinator, else those with
    an active enrolment at one of the user's sites (the people they write in)."""
    if user.role in ALL_SITES_ROLES:
        return SyncConflict.person_id.is_not(None)
    sites = sorted(user.site_ids)
    return exists(select(Enrolment.id).where(Enrolment.person_id == SyncConflict.person_id,
                                             Enrolment.site_id.in_(sites),
                                             Enrolment.ended_on.is_(None)))


def _rows_seen(session: Session, access, table: str, row_ids: list[uuid.UUID]) -> dict:
    """Of ``row_ids`` of ``table`` (one person's), those ``access`` may read: row id ->
    the author of the note it belongs to (None for other rows)."""
    from caseflow.models.appointment import Appointment
    from caseflow.models.note import Note, NoteRevision
    from caseflow.models.referral import Referral, ReferralStatusChange
    from caseflow.vocabulary import Confidentiality

    if table in ("person", "enrolment", "consent", "vulnerability_flag"):
        return dict.fromkeys(row_ids)
    if table == "note":
        rows = session.execute(select(Note.id, Note.author_id).where(
            Note.id.in_(row_ids), access.note_clause()))
    elif table == "note_revision":
        rows = session.execute(
            select(NoteRevision.id, Note.author_id).join(Note, Note.id == NoteRevision.note_id)
            .where(NoteRevision.id.in_(row_ids), access.note_clause(),
                   or_(NoteRevision.confidentiality != Confidentiality.PRIVATE,
                       Note.author_id == access.user.id)))
    elif table == "appointment":
        return dict.fromkeys(session.scalars(select(Appointment.id).where(
            Appointment.id.in_(row_ids), access.appointment_clause())))
    elif table == "referral":
        return dict.fromkeys(session.scalars(select(Referral.id).where(
            Referral.id.in_(row_ids), access.referral_clause())))
    elif table == "referral_status_change":
        return dict.fromkeys(session.scalars(
            select(ReferralStatusChange.id)
            .join(Referral, Referral.id == ReferralStatusChange.referral_id)
            .where(ReferralStatusChange.id.in_(row_ids), access.referral_clause())))
    else:
        return {}
    return dict(rows.all())


def may_settle(user, access, conflict: SyncConflict, note_author: int | None) -> bool:
    """Whether ``user`` may choose between the two values (see the module's docstring)."""
    if not access.may_write:
        return False
    if conflict.table_name in ("note", "note_revision"):
        return note_author == user.id or user.role in ALL_SITES_ROLES
    return True


def conflicts_for(session: Session, user, person_id: uuid.UUID | None = None,
                  limit: int = QUEUE_LIMIT) -> list[tuple[SyncConflict, Person, bool]]:
    """The open conflicts ``user`` may see, oldest first: (conflict, person, may settle)."""
    if not reads_people(user):
        return []
    query = (select(SyncConflict).where(SyncConflict.status == OPEN, _people_clause(user))
             .order_by(SyncConflict.opened_at, SyncConflict.person_id, SyncConflict.column)
             .limit(limit))
    if person_id is not None:
        query = query.where(SyncConflict.person_id == person_id)
    conflicts = list(session.scalars(query))
    people = {p.id: p for p in session.scalars(
        select(Person).where(Person.id.in_({c.person_id for c in conflicts})))}
    wanted: dict[tuple[uuid.UUID, str], list[uuid.UUID]] = defaultdict(list)
    for c in conflicts:
        if c.person_id in people:
            wanted[(c.person_id, c.table_name)].append(c.row_id)
    seen: dict[tuple[str, uuid.UUID], int | None] = {}
    for (pid, table), row_ids in wanted.items():
        access = person_access(user, people[pid])
        for row_id, author in _rows_seen(session, access, table, row_ids).items():
            seen[(table, row_id)] = author
    listed = []
    for c in conflicts:
        if c.person_id not in people or (c.table_name, c.row_id) not in seen:
            continue
        person = people[c.person_id]
        listed.append((c, person, may_settle(user, person_access(user, person), c,
                                             seen[(c.table_name, c.row_id)])))
    return listed


def conflict_for_choice(session: Session, user, conflict_id: str) -> SyncConflict | None:
    """The conflict a choice is about, locked until the choice commits; None when unknown
    or not shown to ``user`` (open or already settled: the service says which)."""
    cid = parse_uuid(conflict_id)
    if cid is None or not reads_people(user):
        return None
    conflict = session.scalar(select(SyncConflict).where(SyncConflict.id == cid)
                              .with_for_update().execution_options(populate_existing=True))
    if conflict is None or conflict.person_id is None:
        return None
    person = session.scalar(select(Person).where(Person.id == conflict.person_id))
    if person is None:
        return None
    visible = session.scalar(select(SyncConflict.id).where(SyncConflict.id == cid,
                                                           _people_clause(user)))
    access = person_access(user, person)
    rows = _rows_seen(session, access, conflict.table_name, [conflict.row_id])
    if visible is None or conflict.row_id not in rows:
        return None
    if conflict.status == OPEN and not may_settle(user, access, conflict,
                                                   rows[conflict.row_id]):
        return None
    return conflict


def open_conflict_count(session: Session, person_id: uuid.UUID) -> int:
    """How many fields of the person's record wait for a choice: one statement, on a
    central server that has boxes (``SYNC_RECORD_CENTRAL``, which such a server must set:
    ``flask check-deploy`` says so); 0 without a statement elsewhere (a box takes central's
    value and has no conflict; a server without boxes gets no operation)."""
    config = current_app.config
    if config.get("SYNC_ROLE", "central") != "central" or not config.get("SYNC_RECORD_CENTRAL"):
        return 0
    return session.scalar(select(func.count()).select_from(SyncConflict).where(
        SyncConflict.person_id == person_id, SyncConflict.status == OPEN)) or 0


def shown_value(session: Session, conflict: SyncConflict, side: str) -> Any:
    """One value of a conflict as the field reads it: ``"base"`` (the common value),
    ``"central"`` or ``"box"``; UNREADABLE when it cannot be opened here."""
    try:
        if side != "base":
            return readable_value(session, conflict, side)
        model = model_of(conflict.table_name)
        column = model.__table__.c[conflict.column]
        fields = getattr(model, "__encrypted_fields__", {})
        stored = conflict.base_value
        if stored is None or conflict.column not in fields:
            return from_json(column, stored)
        plain = open_blob(session, model, conflict.column, conflict.row_id,
                          conflict.person_id, from_json(column, stored))
        return fields[conflict.column].decode(plain)
    except (ShreddedError, DecryptionError):
        return UNREADABLE


def boxes_edits(session: Session, conflicts: list[SyncConflict]) -> dict[uuid.UUID, datetime]:
    """When each conflict's box made its change (the box's clock, shown, never compared)."""
    ids = {c.operation_id for c in conflicts}
    if not ids:
        return {}
    return dict(session.execute(select(SyncOperation.id, SyncOperation.created_at)
                                .where(SyncOperation.id.in_(ids))).all())


def audit_queue_view(session: Session, user, codes: list[str]) -> None:
    """The queue shows names and values: which records were on screen is kept (codes)."""
    record_event(Action.VIEW, actor_id=user.id, object_type="sync_conflicts_queue",
                 details={"codes": sorted(set(codes))}, session=session)


# --- The review queue ------------------------------------------------------------------------


def operation_for_review(session: Session, operation_id: str) -> SyncOperation | None:
    """A flagged operation, locked until the mark commits; None when unknown or unflagged."""
    oid = parse_uuid(operation_id)
    if oid is None:
        return None
    return session.scalar(select(SyncOperation).where(
        SyncOperation.id == oid, SyncOperation.review_reason.is_not(None))
        .with_for_update().execution_options(populate_existing=True))


def codes_of(session: Session, person_ids: set[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    ids = {p for p in person_ids if p is not None}
    if not ids:
        return {}
    return dict(session.execute(select(Person.id, Person.code).where(Person.id.in_(ids))).all())


# --- A box's state ---------------------------------------------------------------------------


def last_sync(session: Session) -> datetime | None:
    """When this box last finished a whole sync (push and pull), or None."""
    state = session.get(SyncState, LAST_SYNC)
    return state.updated_at if state is not None and state.value else None

