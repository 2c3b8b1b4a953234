"""A clinic box's audit trail, sent at each sync and kept whole centrally.

Box side: ``events_after(session, seq)``: the box's own events after ``seq``, as JSON-ready
dicts (the fields its chain hashes, as stored). Central side: ``receive(session, device,
events)`` checks every event before keeping any (its hash is its fields' hash, its
``prev_hash`` the hash of the event before it: already held, earlier in the batch, or the
genesis for the first) and stores them under the box's code; an event already held with
the same hash is nothing new (a resent batch), one with another hash is refused
(``AuditMismatch``: someone rewrote the box's past) and nothing of the batch is kept.
``verify_box_chains`` walks every box's chain again for ``verify-audit``.

Signed checkpoints: a chain central checked can still be rewritten whole in central's
database, hashes recomputed. So with each push the box signs the head of what it sends
(``sign_head``, its own Ed25519 key); central keeps the signature if it verifies with the
key pinned for the box and signs an event it holds (``keep_checkpoint``), else refuses
the push whole (``CheckpointRefused``). Each one kept is also an event of central's own
chain, naming the key it verified with, so that deleting checkpoints or replacing the
pinned key shows too (central's chain is under central's own signed checkpoints).

The first event central holds of a box may not be its seq 1 only if the box's oldest
events were purged (retention) before it ever synced; the chain is checked from there.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from caseflow.audit import Action, event_hash
from caseflow.crypto import sign, verify_with_public_key
from caseflow.models.audit import GENESIS_HASH, AuditEvent
from caseflow.models.base import utcnow
from caseflow.models.box_audit_checkpoint import BoxAuditCheckpoint
from caseflow.models.box_audit_event import BoxAuditEvent
from caseflow.models.clinic_box import ClinicBox

FIELDS = ("seq", "occurred_at", "actor_id", "action", "object_type", "object_id",
          "person_code", "site_id", "purpose", "details", "remote_addr", "prev_hash", "hash")
BATCH = 1000


CHECKPOINT_FORMAT = "caseflow-box-audit-checkpoint-v1"
_DEVICE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,63}")
_HASH = re.compile(r"[0-9a-f]{64}")


class AuditMismatch(Exception):
    """A box's audit event does not check out; the message names the box and seq only."""


class CheckpointRefused(AuditMismatch):
    """A box's checkpoint does not verify with its pinned key, or signs no event held."""


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds") + "Z"


@dataclass(frozen=True)
class BoxCheckpoint:
    """The head of a box's chain as the box signed it: what travels, what is signed."""

    device: str
    seq: int
    hash: str
    time: datetime  # the box's clock, naive UTC
    signature: bytes = b""

    def message(self) -> bytes:
        """What is signed: five lines, ASCII, no final newline (docs/SECURITY.md)."""
        return "\n".join([CHECKPOINT_FORMAT, self.device, str(self.seq), self.hash,
                          _iso(self.time)]).encode("ascii")

    def as_json(self) -> dict[str, Any]:
        return {"format": CHECKPOINT_FORMAT, "device": self.device, "seq": self.seq,
                "hash": self.hash, "time": _iso(self.time),
                "signature": base64.b64encode(self.signature).decode("ascii")}

    @classmethod
    def from_json(cls, raw: Any) -> BoxCheckpoint:
        """ValueError when malformed: a bad request, not a refusal to audit. The time must
        be written as ``message`` writes it, or the stored one would not verify again."""
        if not isinstance(raw, dict) or raw.get("format") != CHECKPOINT_FORMAT:
            raise ValueError("not a box audit checkpoint")
        device, seq, digest, time = (raw.get(k) for k in ("device", "seq", "hash", "time"))
        if not (isinstance(device, str) and _DEVICE.fullmatch(device)
                and type(seq) is int and seq > 0
                and isinstance(digest, str) and _HASH.fullmatch(digest)
                and isinstance(time, str)):
            raise ValueError("malformed box audit checkpoint")
        moment = datetime.fromisoformat(time).replace(tzinfo=None)
        if _iso(moment) != time:
            raise ValueError("malformed box audit checkpoint time")
        signature = base64.b64decode(str(raw.get("signature", "")), validate=True)
        if len(signature) != 64:
            raise ValueError("malformed box audit checkpoint signature")
        return cls(device, seq, digest, moment, signature)


def sign_head(device: str, event: dict[str, Any]) -> BoxCheckpoint:
    """On the box: its signature over ``event``, the last of a push, with its own key."""
    unsigned = BoxCheckpoint(device, int(event["seq"]), str(event["hash"]), utcnow())
    return replace(unsigned, signature=sign(unsigned.message()))


def keep_checkpoint(session: Session, box: ClinicBox, checkpoint: BoxCheckpoint) -> bool:
    """Check a box's checkpoint, after ``receive`` kept the events it came with, and keep
    it (the caller commits, and records it in central's trail); False if held already."""
    device, seq = box.id, checkpoint.seq
    if checkpoint.device != device:
        raise CheckpointRefused(f"Box {device}: the audit checkpoint names another box.")
    if box.signing_public_key is None:
        raise CheckpointRefused(f"Box {device}: no signing key pinned, its audit checkpoint "
                                "cannot be checked.")
    if not verify_with_public_key(bytes(box.signing_public_key), checkpoint.message(),
                                  checkpoint.signature):
        raise CheckpointRefused(f"Box {device}: the audit checkpoint of event {seq} does not "
                                "verify with the box's key.")
    held = session.scalar(select(BoxAuditEvent.hash).where(BoxAuditEvent.device == device,
                                                           BoxAuditEvent.seq == seq))
    if held != checkpoint.hash:
        raise CheckpointRefused(f"Box {device}: the audit checkpoint of event {seq} signs "
                                "an event not held here.")
    if session.get(BoxAuditCheckpoint, (device, seq)) is not None:
        return False  # a push resent: the first signature stays
    session.add(BoxAuditCheckpoint(device=device, seq=seq, hash=checkpoint.hash,
                                   signed_at=checkpoint.time, signature=checkpoint.signature))
    return True


def recorded(box: ClinicBox, checkpoint: BoxCheckpoint) -> dict[str, Any]:
    """The details of central's audit event for a checkpoint kept: what ``verify-audit``
    compares with the checkpoints and the key held (hashes and a public key only)."""
    return {"seq": checkpoint.seq, "hash": checkpoint.hash,
            "signing_key": base64.b64encode(bytes(box.signing_public_key)).decode("ascii")}


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
    checkpoints: int = 0  # signed checkpoints that hold


def _walk(session: Session, device: str) -> tuple[int, str]:
    """A box's chain from its first held event: (events checked, the first problem)."""
    table = BoxAuditEvent.__table__
    checked, previous, last = 0, None, 0
    while True:
        rows = session.execute(select(table).where(table.c.device == device,
                                                   table.c.seq > last)
                               .order_by(table.c.seq).limit(BATCH)).mappings().all()
        if not rows:
            return checked, ""
        for row in rows:
            event = dict(row)
            if event_hash(event) != event["hash"]:
                return checked, f"event {event['seq']} does not match its hash"
            if previous is not None and (previous[0] != event["seq"] - 1
                                         or previous[1] != event["prev_hash"]):
                return checked, f"event {event['seq']} does not follow the one before it"
            previous = (event["seq"], event["hash"])
            checked += 1
        last = rows[-1]["seq"]


def _recorded_checkpoints(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Central's own events for the box checkpoints it kept, by box, oldest first."""
    found: dict[str, list[dict[str, Any]]] = {}
    rows = session.execute(select(AuditEvent.object_id, AuditEvent.details)
                           .where(AuditEvent.action == str(Action.BOX_AUDIT_CHECKPOINT))
                           .order_by(AuditEvent.seq))
    for device, details in rows:
        found.setdefault(device or "", []).append(details if isinstance(details, dict) else {})
    return found


def _check_checkpoints(session: Session, device: str,
                       recorded_here: list[dict[str, Any]]) -> tuple[int, str]:
    """A box's checkpoints against its pinned key and its chain, then central's record of
    them against the checkpoints and the key: (checkpoints that hold, the first problem)."""
    box = session.get(ClinicBox, device)
    key = bytes(box.signing_public_key) if box and box.signing_public_key else None
    rows = session.scalars(select(BoxAuditCheckpoint).where(BoxAuditCheckpoint.device == device)
                           .order_by(BoxAuditCheckpoint.seq)).all()
    if rows and key is None:
        return 0, f"no signing key is pinned for the box: its {len(rows)} checkpoints cannot " \
                  "be checked"
    wanted = sorted({row.seq for row in rows})
    held: dict[int, str] = {}
    for i in range(0, len(wanted), 500):
        held.update(session.execute(select(BoxAuditEvent.seq, BoxAuditEvent.hash).where(
            BoxAuditEvent.device == device, BoxAuditEvent.seq.in_(wanted[i:i + 500]))).all())
    for row in rows:
        signed = BoxCheckpoint(device, row.seq, row.hash, row.signed_at, bytes(row.signature))
        if not verify_with_public_key(key, signed.message(), signed.signature):
            return 0, (f"the signature of the checkpoint of event {row.seq} does not verify "
                       "with the box's key (forged or altered)")
        if row.seq not in held:
            return 0, f"event {row.seq}, signed by a checkpoint of the box, is missing"
        if held[row.seq] != row.hash:
            return 0, (f"the database holds another event {row.seq} than the one the box "
                       "signed; the box's trail was rewritten")
    kept = {row.seq: row.hash for row in rows}
    pinned = base64.b64encode(key).decode("ascii") if key else None
    for details in recorded_here:
        seq = details.get("seq")
        if kept.get(seq) != details.get("hash"):
            return 0, (f"the checkpoint of event {seq} that central's audit trail records "
                       "is missing or altered")
        if details.get("signing_key") != pinned:
            return 0, (f"the signing key pinned for the box is not the one its checkpoint "
                       f"of event {seq} verified with")
    return len(rows), ""


def verify_box_chains(session: Session) -> list[BoxChainReport]:
    """Every box's chain, walked from its first held event (hashes and links), then its
    signed checkpoints, which a chain rewritten consistently no longer matches."""
    recorded_all = _recorded_checkpoints(session)
    devices = sorted(set(session.scalars(select(BoxAuditEvent.device).distinct()))
                     | set(session.scalars(select(BoxAuditCheckpoint.device).distinct()))
                     | set(recorded_all))
    reports = []
    for device in devices:
        checked, problem = _walk(session, device)
        checkpoints = 0
        if not problem:
            checkpoints, problem = _check_checkpoints(session, device,
                                                      recorded_all.get(device, []))
        reports.append(BoxChainReport(device, not problem, checked, problem, checkpoints))
    return reports
