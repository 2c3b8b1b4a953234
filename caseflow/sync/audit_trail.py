"""A clinic box's audit trail, sent at each sync and kept whole centrally.

Box side: ``events_after(session, seq)``: the box's own events after ``seq``, as JSON-ready
dicts (the fields its chain hashes, as stored). Central side: ``receive(session, device,
events)`` checks every event before keeping any (its hash is its fields' hash, its
``prev_hash`` the hash of the event before it: already held, earlier in the batch, or the
genesis for the first) and stores them under the box's code; an event already held with
the same hash is nothing new (a resent batch), one with another hash is refused
(``AuditMismatch``: someone rewrote the box's past) and nothing of the batch is kept.
``verify_box_chains`` walks every box's chain again for ``verify-audit``.

The first event central holds of a box may not be its seq 1 only if the box's oldest
events were purged (retention) before it ever synced; the chain is checked from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from caseflow.audit import event_hash
from caseflow.models.audit import GENESIS_HASH, AuditEvent
from caseflow.models.box_audit_event import BoxAuditEvent

FIELDS = ("seq", "occurred_at", "actor_id", "action", "object_type", "object_id",
          "person_code", "site_id", "purpose", "details", "remote_addr", "prev_hash", "hash")
BATCH = 1000


class AuditMismatch(Exception):
    """A box's audit event does not check out; the message names the box and seq only."""


def events_after(session: Session, seq: int, limit: int = BATCH) -> list[dict[str, Any]]:
    table = AuditEvent.__table__
    rows = session.execute(select(table).where(table.c.seq > seq)
                           .order_by(table.c.seq).limit(limit)).mappings().all()
    return [{**{k: row[k] for k in FIELDS},
             "occurred_at": row["occurred_at"].isoformat(timespec="microseconds")}
            for row in rows]


def _parsed(event: dict[str, Any]) -> dict[str, Any]:
    values = {k: event.get(k) for k in FIELDS}
    values["seq"] = int(values["seq"])
    values["occurred_at"] = datetime.fromisoformat(str(values["occurred_at"]))
    return values


def held_through(session: Session, device: str) -> int:
    """The last seq of ``device`` held here (0: none)."""
    return session.scalar(select(func.coalesce(func.max(BoxAuditEvent.seq), 0))
                          .where(BoxAuditEvent.device == device)) or 0


def receive(session: Session, device: str, events: list[dict[str, Any]]) -> int:
    """Check and keep a box's events (the caller commits); the last seq now held."""
    parsed = sorted((_parsed(e) for e in events), key=lambda e: e["seq"])
    if not parsed:
        return held_through(session, device)
    seqs = [e["seq"] for e in parsed]
    held = {row.seq: row.hash for row in session.execute(
        select(BoxAuditEvent.seq, BoxAuditEvent.hash).where(
            BoxAuditEvent.device == device,
            BoxAuditEvent.seq.between(seqs[0] - 1, seqs[-1])))}
    first_held = session.scalar(select(func.min(BoxAuditEvent.seq))
                                .where(BoxAuditEvent.device == device))
    new = []
    previous: tuple[int, str] | None = None
    for event in parsed:
        seq = event["seq"]
        if event_hash(event) != event["hash"]:
            raise AuditMismatch(f"Box {device}: audit event {seq} does not match its hash.")
        if seq in held:
            if held[seq] != event["hash"]:
                raise AuditMismatch(f"Box {device}: audit event {seq} differs from the one "
                                    "held here: the box's trail was rewritten.")
            previous = (seq, event["hash"])
            continue
        if previous is not None and previous[0] == seq - 1:
            expected = previous[1]
        elif seq - 1 in held:
            expected = held[seq - 1]
        elif seq == 1:
            expected = GENESIS_HASH
        elif first_held is None and not new:
            expected = event["prev_hash"]  # the oldest events were purged before any sync
        else:
            raise AuditMismatch(f"Box {device}: audit events before {seq} are missing.")
        if event["prev_hash"] != expected:
            raise AuditMismatch(f"Box {device}: audit event {seq} does not follow the one "
                                "before it.")
        new.append({**event, "device": device})
        previous = (seq, event["hash"])
    if new:
        session.execute(insert(BoxAuditEvent), new)
    return max(seqs[-1], held_through(session, device))


@dataclass(frozen=True)
class BoxChainReport:
    device: str
    ok: bool
    checked: int
    reason: str = ""


def verify_box_chains(session: Session) -> list[BoxChainReport]:
    """Every box's chain, walked from its first held event: hashes and links."""
    reports = []
    devices = session.scalars(select(BoxAuditEvent.device).distinct()
                              .order_by(BoxAuditEvent.device)).all()
    table = BoxAuditEvent.__table__
    for device in devices:
        checked, previous, problem = 0, None, ""
        last = 0
        while not problem:
            rows = session.execute(select(table).where(table.c.device == device,
                                                       table.c.seq > last)
                                   .order_by(table.c.seq).limit(BATCH)).mappings().all()
            if not rows:
                break
            for row in rows:
                event = dict(row)
                if event_hash(event) != event["hash"]:
                    problem = f"event {event['seq']} does not match its hash"
                elif previous is not None and (previous[0] != event["seq"] - 1
                                               or previous[1] != event["prev_hash"]):
                    problem = f"event {event['seq']} does not follow the one before it"
                if problem:
                    break
                previous = (event["seq"], event["hash"])
                checked += 1
            last = rows[-1]["seq"]
        reports.append(BoxChainReport(device, not problem, checked, problem))
    return reports
