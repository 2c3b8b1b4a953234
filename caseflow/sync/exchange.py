"""What travels: operations in wire form, the push queue of a box, the pull set of central.

Push (box → central): ``pending_operations`` gives the box's operations central has not
acknowledged, oldest first (by id: the order they were made on the box); central applies
them (caseflow/sync/apply.py) and answers the ids it now holds; ``mark_pushed`` records
that. A cut anywhere in between costs nothing: what was not acknowledged is sent again
and recognised by its id.

Pull (central → box): ``operations_since`` gives what central holds that the box does
not: central's own changes (recorded as operations of device "central" when
``SYNC_RECORD_CENTRAL`` is on: the same listener as on a box, so an update carries its
before and after per column, which the three-way rule needs; rebuilding the set from row
versions would lose the "before") and what other boxes pushed. The order is central's
arrival order (``SyncOperation.arrival``, a UUIDv7 taken when the row was written).

The cursor: ids taken at the start of concurrent transactions may commit out of order, so
a cursor at the last arrival seen could step over one committed a moment later. The
cursor the box keeps for next time (``Page.resume``) therefore never passes "now minus
``SETTLE``": the last minutes are sent again next time, and the box recognises what it
already holds by id. ``SETTLE`` must exceed the longest transaction central allows.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from caseflow.models.base import utcnow
from caseflow.models.sync_operation import LOCAL, PUSHED, UPDATE, SyncOperation
from caseflow.sync.uuid7 import lowest_at, timestamp_ms

SETTLE = timedelta(minutes=5)
BATCH = 500
# A batch also stops at about this many bytes of payload: an operation can carry a whole
# issued certificate (its PDF, sealed), and a push must stay well under the largest body
# central accepts (MAX_CONTENT_LENGTH, 16 MiB); a pull page, under what a slow link
# brings in one go. One operation larger than this still travels, alone.
BATCH_BYTES = 4 * 1024 * 1024


def _capped(ops: list[SyncOperation]) -> list[dict]:
    """The first operations, in wire form, whose payloads fit in ``BATCH_BYTES`` (at least
    one)."""
    wired, size = [], 0
    for op in ops:
        wire = to_wire(op)
        size += len(json.dumps(wire["payload"]))
        if wired and size > BATCH_BYTES:
            break
        wired.append(wire)
    return wired


def to_wire(op: SyncOperation) -> dict:
    """An operation as JSON-ready data. Columns that met a conflict centrally are left out
    of an update: central kept its value, which is the value boxes must keep too."""
    payload = op.payload
    if op.kind == UPDATE and op.conflicted:
        payload = {c: v for c, v in payload.items() if c not in op.conflicted}
    return {"id": str(op.id), "device": op.device, "user_id": op.user_id,
            "table_name": op.table_name, "row_id": str(op.row_id),
            "person_id": str(op.person_id) if op.person_id else None, "kind": op.kind,
            "base_version": op.base_version, "payload": payload,
            "created_at": op.created_at.isoformat()}


def pending_operations(session: Session, limit: int = BATCH) -> list[dict]:
    """The box's operations not yet acknowledged by central, in the order they were made."""
    return _capped(list(session.scalars(
        select(SyncOperation).where(SyncOperation.state == LOCAL)
        .order_by(SyncOperation.id).limit(limit))))


def mark_pushed(session: Session, ids: list[uuid.UUID | str]) -> int:
    """Record central's acknowledgement of these operations; commits."""
    wanted = [uuid.UUID(str(i)) for i in ids]
    done = 0
    for start in range(0, len(wanted), BATCH):
        done += session.execute(
            update(SyncOperation).where(SyncOperation.id.in_(wanted[start:start + BATCH]),
                                        SyncOperation.state == LOCAL)
            .values(state=PUSHED, pushed_at=utcnow())).rowcount
    session.commit()
    return done


@dataclass
class Page:
    operations: list[dict] = field(default_factory=list)
    cursor: str | None = None  # for the next page of this pull
    resume: str | None = None  # for the next pull (never past now - SETTLE)
    more: bool = False


def operations_since(session: Session, cursor: str | None, *,
                     exclude_device: str | None = None, limit: int = BATCH) -> Page:
    """Central's operations that arrived after ``cursor`` (None: from the start)."""
    query = select(SyncOperation).order_by(SyncOperation.arrival).limit(limit)
    if cursor:
        query = query.where(SyncOperation.arrival > uuid.UUID(cursor))
    if exclude_device:
        query = query.where(SyncOperation.device != exclude_device)
    ops = list(session.scalars(query))
    wired = _capped(ops)
    more = len(ops) == limit or len(wired) < len(ops)
    ops = ops[:len(wired)]
    last = str(ops[-1].arrival) if ops else cursor
    settled = lowest_at(time.time_ns() // 1_000_000 - int(SETTLE.total_seconds() * 1000))
    resume = last if last is None or uuid.UUID(last) <= settled else str(settled)
    return Page(wired, last, resume, more=more)


def cursor_time_ms(cursor: str) -> int:
    """When a cursor's arrival was taken (ms since the epoch): for the operator's display."""
    return timestamp_ms(uuid.UUID(cursor))
