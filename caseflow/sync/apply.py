"""Applying operations from another device: idempotent, field by field, nothing lost.

The rules (``apply_operations``), the same on both sides except where said:

- An operation already held here (its id: received before, or recorded here) changes
  nothing: a batch sent twice, or resent after a cut, lands once.
- An insert of a row that is not here lands as it was stored on its device (the same
  ciphertexts). An insert of a row already here with the same content is nothing to do;
  a column whose content differs is treated as an update from "no common value".
- An update, per column [before, after], against the value here now: here == after,
  nothing to do; here == before, take after; otherwise both sides changed the column since
  their common value. Centrally that is a conflict (caseflow/models/sync_conflict.py):
  the central value stays in place, both values and the common one are kept, the record
  shows it (``caseflow.sync.conflicts.open_conflicts``) until a professional chooses. On a
  box pulling from central, central's value is taken: central is the source of truth, and
  the box's own value was pushed first (push, then pull), so it is already in central's
  conflict; a box value not pushed yet is still in its own operation, which will conflict
  centrally when pushed. Columns that met a conflict centrally are not passed on to other
  boxes as changes (``SyncOperation.conflicted``). A box holds only some people: what
  central sends about a row or a person it does not hold is kept as received, not applied.
- Encrypted columns are compared by plaintext (two sealings of one text differ), opened
  with the person's key; the key must be here (person keys travel wrapped, by the key
  custody: caseflow/crypto; an operation for a person whose key is missing fails the
  batch, which rolls back whole and is sent again once the key has arrived).
- A person inserted from a box is indexed for search here and meets the duplicate check
  of registration: resemblances go to the coordinators' queue (never merged). Both need
  the person's key, which the key custody brings (``person_keys``, ``index_people``).
- An operation whose author's access changed meanwhile is applied all the same (the
  care happened; discarding it is what SORMAS did) and flagged for review
  (caseflow/sync/review.py).

One batch is one transaction, committed here: the operations, their rows and conflicts
land together or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from caseflow.crypto import DecryptionError, ShreddedError, blind_index
from caseflow.crypto.tables import PERSON_KEY, PERSON_SEARCH_TOKEN
from caseflow.models.base import utcnow
from caseflow.models.sync_conflict import SyncConflict
from caseflow.models.sync_operation import INSERT, RECEIVED, UPDATE, SyncOperation
from caseflow.sync import review
from caseflow.sync.recording import APPLYING, operation_row, recording_device
from caseflow.sync.registry import BY_NAME, model_of
from caseflow.sync.stored import from_json, open_blob, to_json
from caseflow.sync.uuid7 import uuid7

CENTRAL, BOX = "central", "box"


@dataclass
class ApplyReport:
    """What a batch did: ids held now (to acknowledge), and counts for the operator."""

    held: list[uuid.UUID] = field(default_factory=list)
    applied: int = 0
    not_applied: int = 0  # kept, not applied here (a row or person this side does not hold)
    already_held: int = 0
    conflicts: int = 0
    flagged: int = 0
    duplicates: int = 0
    # People inserted by this batch, and the operation that brought each.
    landed_people: list[tuple[uuid.UUID, SyncOperation]] = field(default_factory=list)
    waiting_for_key: list[uuid.UUID] = field(default_factory=list)


def _person_of(row: Any, spec_person_column: str) -> uuid.UUID | None:
    return getattr(row, spec_person_column) if spec_person_column and row is not None else None


def _plain(session: Session, model: type, column: str, row_id: uuid.UUID,
           person_id: uuid.UUID | None, stored: Any) -> Any:
    """The plaintext bytes of a stored (JSON) value of an encrypted column, or None."""
    if stored is None:
        return None
    return open_blob(session, model, column, row_id, person_id,
                     from_json(model.__table__.c[column], stored))


class _Row:
    """One target row and the comparisons of its columns (plaintext for ciphertexts)."""

    def __init__(self, session: Session, model: type, person_column: str,
                 row_id: uuid.UUID, current: Any) -> None:
        self.session, self.model, self.row_id = session, model, row_id
        self.table = model.__table__
        self.current = current
        self.person_id = (row_id if person_column == "id" else
                          _person_of(current, person_column))
        self.encrypted = set(getattr(model, "__encrypted_fields__", {}))

    def here(self, column: str) -> Any:
        return to_json(self.table.c[column], getattr(self.current, column))

    def same(self, column: str, a: Any, b: Any, person_id: uuid.UUID | None) -> bool:
        if a == b:
            return True
        if a is None or b is None or column not in self.encrypted:
            return False
        pid = person_id or self.person_id
        return (_plain(self.session, self.model, column, self.row_id, pid, a)
                == _plain(self.session, self.model, column, self.row_id, pid, b))


def _reindex(session: Session, person_id: uuid.UUID) -> None:
    """Blind-index tokens of a person whose identity landed or changed here."""
    from caseflow.models.person import Person

    person = session.get(Person, person_id, populate_existing=True)
    session.execute(delete(PERSON_SEARCH_TOKEN)
                    .where(PERSON_SEARCH_TOKEN.c.person_id == person_id))
    rows = [{"family": f, "token": t, "person_id": person_id}
            for f, t in sorted(blind_index.person_tokens(person))]
    if rows:
        session.execute(insert(PERSON_SEARCH_TOKEN), rows)


class _Identity:
    """The duplicate check reads an identity's declared fields; a stored person has them."""

    def __init__(self, person: Any) -> None:
        self.family_name = person.family_name
        self.given_names = person.given_names
        self.aliases = list(person.aliases or [])
        self.phone = person.phone
        self.birth_date = person.birth_date
        self.nationality = person.nationality


def _duplicate_check(session: Session, person_id: uuid.UUID) -> int:
    from caseflow.models.person import Person
    from caseflow.services.intake.duplicates import find_candidates, note_possible_duplicates

    person = session.get(Person, person_id)
    candidates = find_candidates(_Identity(person), exclude=person_id)
    return note_possible_duplicates(None, person, candidates, ())


def _apply_one(session: Session, op: dict, side: str, report: ApplyReport,
               stored_op: SyncOperation, person_keys: Callable | None) -> bool:
    """Apply one operation; False when it is kept without being applied."""
    spec = BY_NAME[op["table_name"]]
    model = model_of(spec.name)
    table = model.__table__
    row_id = uuid.UUID(str(op["row_id"]))
    op_person = uuid.UUID(str(op["person_id"])) if op.get("person_id") else None
    current = session.execute(select(table).where(table.c.id == row_id)
                              .with_for_update()).first()
    payload = op["payload"]
    if set(payload) - set(table.c.keys()):  # a newer version's columns: the rest applies
        stored_op.review_reason = review.COLUMNS_UNKNOWN
    if op["kind"] == INSERT and current is None:
        values = {c: from_json(table.c[c], v) for c, v in payload.items() if c in table.c}
        if side == BOX and not _parents_here(session, table, values):
            return False  # a record of someone this box does not hold
        if spec.name == "person" and not _code_free(session, values, side, stored_op):
            return False
        session.execute(insert(table).values(**values))
        if spec.name == "person":
            report.landed_people.append((row_id, stored_op))
            if person_keys is not None:  # before a later operation opens their fields
                person_keys(session, [row_id])
        return True
    if current is None:  # an update of a row this side does not hold
        if side == CENTRAL:
            stored_op.review_reason = review.ROW_MISSING
        return False
    if op["kind"] == INSERT:  # the same row arrived before: compare, from no common value
        changes = {c: [None, v] for c, v in payload.items() if c in table.c and c != "version"}
    else:
        changes = {c: pair for c, pair in payload.items() if c in table.c}
    row = _Row(session, model, spec.person_column, row_id, current)
    try:  # decide every column first: nothing is written if one cannot be opened
        taken, conflicts = _decide(row, spec, op, changes, side, op_person)
    except (ShreddedError, DecryptionError):
        # The person was erased here (their key shredded), or a value does not open:
        # kept and flagged, not applied. A locked or sealed key store fails the batch.
        stored_op.review_reason = review.UNREADABLE
        return False
    for column, before, here, after in conflicts:
        session.add(SyncConflict(
            table_name=spec.name, row_id=row_id, person_id=row.person_id or op_person,
            column=column, base_value=before if op["kind"] == UPDATE else None,
            central_value=here, box_value=after, operation_id=stored_op.id,
            device=op["device"]))
        stored_op.conflicted = [*stored_op.conflicted, column]
        report.conflicts += 1
    if not taken:
        return True
    if "version" in table.c:
        taken["version"] = current.version + 1
    session.execute(update(table).where(table.c.id == row_id).values(**taken))
    if spec.name == "person" and taken.keys() & row.encrypted:
        _reindex(session, row_id)  # its key is here: the comparison above opened it
    return True


def _decide(row: _Row, spec: Any, op: dict, changes: dict, side: str,
            op_person: uuid.UUID | None) -> tuple[dict[str, Any], list[tuple]]:
    """The three-way rule, column by column: (values to write, conflicts to open)."""
    table = row.table
    taken: dict[str, Any] = {}
    conflicts: list[tuple] = []
    for column, (before, after) in changes.items():
        if op["kind"] == UPDATE and row.same(column, before, after, op_person):
            continue  # sealed again on its device, not changed
        here = row.here(column)
        if row.same(column, here, after, op_person):
            continue
        if (op["kind"] == UPDATE and row.same(column, here, before, op_person)) or side == BOX:
            taken[column] = from_json(table.c[column], after)
            continue
        if column in spec.latest:  # a time of last change: the later one
            if here is None or (after is not None and from_json(table.c[column], after)
                                > from_json(table.c[column], here)):
                taken[column] = from_json(table.c[column], after)
            continue
        conflicts.append((column, before, here, after))
    return taken, conflicts


def _code_free(session: Session, values: dict, side: str, stored_op: SyncOperation) -> bool:
    """A person's code drawn on a box may already name someone else here (a box checks
    only its own codes; 30^7 codes make it rare, not impossible). Centrally the newcomer
    is given a fresh code, recorded as central's change so that the box learns it, and
    the operation flagged (a card printed with the old code). A box leaves central's
    person out until central has given its own newcomer another code: it is flagged,
    and comes with the box's next fill."""
    from caseflow.models.person import Person, new_person_code

    taken = session.scalar(select(Person.id).where(Person.code == values["code"]))
    if taken is None or taken == values["id"]:
        return True
    stored_op.review_reason = review.CODE_REISSUED if side == CENTRAL else review.CODE_CLASH
    if side == BOX:
        return False
    old = values["code"]
    while session.scalar(select(Person.id).where(Person.code == values["code"])) is not None:
        values["code"] = new_person_code()
    if recording_device() == "central":
        session.execute(insert(SyncOperation.__table__).values(**operation_row(
            "central", None, "person", values["id"], values["id"], UPDATE,
            {"code": [old, values["code"]]}, values.get("version"))))
    return True


def _parents_here(session: Session, table: Any, values: dict) -> bool:
    """Whether the synced rows this one points to (its person, its note...) are here."""
    for fk in table.foreign_keys:
        parent = fk.column.table
        value = values.get(fk.parent.name)
        if value is None or parent.name not in BY_NAME:
            continue
        if session.scalar(select(parent.c.id).where(fk.column == value)) is None:
            return False
    return True


def _stored(op: dict, now: datetime) -> SyncOperation:
    created = op["created_at"]
    return SyncOperation(
        id=uuid.UUID(str(op["id"])), device=op["device"], user_id=op.get("user_id"),
        table_name=op["table_name"], row_id=uuid.UUID(str(op["row_id"])),
        person_id=uuid.UUID(str(op["person_id"])) if op.get("person_id") else None,
        kind=op["kind"], base_version=op.get("base_version"), payload=op["payload"],
        created_at=datetime.fromisoformat(created) if isinstance(created, str) else created,
        state=RECEIVED, arrival=uuid7(), applied_at=now, conflicted=[],
    )


def index_people(session: Session, person_ids: list[uuid.UUID], *, check_duplicates: bool
                 ) -> tuple[int, list[uuid.UUID]]:
    """Index people who landed here, and queue their resemblances for the coordinators
    (central), if their key is here. Returns (pairs queued, ids still waiting for a key):
    for those, the key custody calls this again once their key has arrived."""
    if not person_ids:
        return 0, []
    keyed = set(session.scalars(select(PERSON_KEY.c.person_id)
                                .where(PERSON_KEY.c.person_id.in_(person_ids))))
    pairs = 0
    for person_id in person_ids:
        if person_id in keyed:
            _reindex(session, person_id)
    if check_duplicates:  # after every newcomer is indexed: they may resemble each other
        for person_id in person_ids:
            if person_id in keyed:
                pairs += _duplicate_check(session, person_id)
    return pairs, [p for p in person_ids if p not in keyed]


def apply_operations(session: Session, operations: list[dict], *, side: str = CENTRAL,
                     person_keys: Callable[[Session, list[uuid.UUID]], None] | None = None,
                     refuse: Callable[[Session, dict], str | None] | None = None
                     ) -> ApplyReport:
    """Apply a batch of operations (wire form: caseflow/sync/exchange.py) and commit.

    ``person_keys``: called with the id of each person the batch inserts, once their row
    is in and before anything of theirs is opened, in the same transaction: where the
    key custody puts their wrapped keys (a key row needs its person row first). A person
    whose key is still missing then is stored all the same, flagged ``key_missing``, and
    indexed and checked for duplicates by ``index_people`` when the key arrives.

    ``refuse``: the sender's own rules (a box's certificates: caseflow/sync/certificates.py);
    an operation it names a reason for is kept, flagged with it, and not applied."""
    if side not in (CENTRAL, BOX):
        raise ValueError(side)
    report = ApplyReport()
    ids = [uuid.UUID(str(op["id"])) for op in operations]
    held = set()
    for start in range(0, len(ids), 500):
        held |= set(session.scalars(select(SyncOperation.id)
                                    .where(SyncOperation.id.in_(ids[start:start + 500]))))
    now = utcnow()
    session.info[APPLYING] = True
    try:
        for op, op_id in zip(operations, ids, strict=True):
            report.held.append(op_id)
            if op_id in held:
                report.already_held += 1
                continue
            held.add(op_id)
            stored_op = _stored(op, now)
            reason = (review.NOT_SYNCED
                      if op["table_name"] not in BY_NAME or op["kind"] not in (INSERT, UPDATE)
                      else refuse(session, op) if refuse is not None else None)
            if reason is not None:
                stored_op.review_reason = reason
                stored_op.applied_at = None
                session.add(stored_op)
                report.flagged += 1
                continue
            session.add(stored_op)
            session.flush()
            if _apply_one(session, op, side, report, stored_op, person_keys):
                report.applied += 1
            else:
                stored_op.applied_at = None
                report.not_applied += 1
            if side == CENTRAL and stored_op.review_reason is None:
                stored_op.review_reason = review.reason_for(session, op)
            if stored_op.review_reason is not None:
                report.flagged += 1
            session.flush()
        landed = [pid for pid, _op in report.landed_people]
        report.duplicates, report.waiting_for_key = index_people(
            session, landed, check_duplicates=side == CENTRAL)
        waiting = set(report.waiting_for_key)
        for pid, stored_op in report.landed_people:
            if pid in waiting and stored_op.review_reason is None:
                stored_op.review_reason = review.KEY_MISSING
                report.flagged += 1
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(APPLYING, None)
    return report
