"""Signed checkpoints of the audit chain, kept in a file outside the database.

Why: the hash chain shows that no event was changed or removed on its own, but
someone who can write the database can rewrite every event, recompute every hash
and move the head row: the chain then verifies again. A checkpoint is the chain
head (seq, hash, time) signed with the instance's Ed25519 key and appended, one
JSON line each, to a file the database administrator does not reach
(AUDIT_CHECKPOINT_FILE, mode 0600). A rewritten chain no longer holds the hash a
checkpoint signed, and a database administrator cannot sign a new one.

Checkpoints also let old events be purged (caseflow.services.safeguards.audit_retention):
the chain is then verified from the checkpoint the purge stopped at.

The database records that checkpoints were written (AuditCheckpointRecord): a
missing or empty file is "none yet" only on an instance that never wrote one;
anywhere else it is an error, and the hourly job does not start a fresh file
unless told to (after a database restore).
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.audit import ChainReport, verify_chain
from caseflow.crypto import sign, verify_signature
from caseflow.extensions import db
from caseflow.models.audit import GENESIS_HASH, AuditEvent
from caseflow.models.audit_checkpoint_record import RECORD_ID, AuditCheckpointRecord
from caseflow.models.base import utcnow

FORMAT = "caseflow-audit-checkpoint-v1"
DEFAULT_FILE_NAME = "audit-checkpoints.jsonl"


class CheckpointError(Exception):
    """A checkpoint could not be written; the message names why (never any personal data)."""


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds") + "Z"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    time: datetime  # naive UTC, like every stored time
    signature: bytes = b""

    def message(self) -> bytes:
        """What is signed: four lines, ASCII, no final newline (documented in SECURITY.md)."""
        return "\n".join([FORMAT, str(self.seq), self.hash, _iso(self.time)]).encode("ascii")

    def line(self) -> str:
        return json.dumps({
            "format": FORMAT, "seq": self.seq, "hash": self.hash, "time": _iso(self.time),
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }, separators=(",", ":"))


@dataclass(frozen=True)
class CheckpointLine:
    """One line of the file: a checkpoint whose signature holds, or the problem with it."""

    number: int
    checkpoint: Checkpoint | None
    problem: str = ""


def checkpoint_path() -> Path:
    configured = current_app.config.get("AUDIT_CHECKPOINT_FILE")
    if configured:
        return Path(configured)
    return Path(current_app.instance_path) / DEFAULT_FILE_NAME


def _parse(number: int, text: str) -> CheckpointLine:
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            return CheckpointLine(number, None, "not a caseflow audit checkpoint")
        seq, digest = raw["seq"], raw["hash"]
        if not isinstance(seq, int) or seq < 0 or not isinstance(digest, str) or len(digest) != 64:
            return CheckpointLine(number, None, "malformed sequence number or hash")
        time = datetime.fromisoformat(raw["time"]).replace(tzinfo=None)
        signature = base64.b64decode(raw["signature"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return CheckpointLine(number, None, "malformed line")
    checkpoint = Checkpoint(seq, digest, time, signature)
    if not verify_signature(checkpoint.message(), signature):
        return CheckpointLine(number, None, f"the signature of the checkpoint of event {seq} "
                                            "does not verify (forged or altered)")
    return CheckpointLine(number, checkpoint)


def read_checkpoints(path: Path | None = None) -> list[CheckpointLine]:
    """Every line of the file, in order; no file yet means no checkpoint."""
    path = path or checkpoint_path()
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return []
    except (UnicodeDecodeError, OSError):
        return [CheckpointLine(1, None, "the file cannot be read as ASCII text")]
    return [_parse(number, line) for number, line in enumerate(text.splitlines(), 1)
            if line.strip()]


def signed_anchors(lines: list[CheckpointLine] | None = None) -> dict[int, str]:
    """seq → hash of every checkpoint whose signature holds: where a purged chain may begin."""
    lines = read_checkpoints() if lines is None else lines
    return {line.checkpoint.seq: line.checkpoint.hash for line in lines if line.checkpoint}


def purge_anchors(lines: list[CheckpointLine] | None = None,
                  now: datetime | None = None) -> dict[int, str]:
    """The checkpoints a purged chain may begin at: only those older than the retention.

    Why: the chain's hashes have no key, so whoever can write the database could delete
    yesterday's events up to yesterday's checkpoint and forge a purge event. A genuine
    purge only ever stops at a checkpoint older than AUDIT_RETENTION_DAYS.
    """
    from datetime import timedelta

    from flask import current_app

    from caseflow.models.base import utcnow

    lines = read_checkpoints() if lines is None else lines
    days = int(current_app.config.get("AUDIT_RETENTION_DAYS", 365))
    cut = (now or utcnow()) - timedelta(days=days)
    return {line.checkpoint.seq: line.checkpoint.hash for line in lines
            if line.checkpoint and line.checkpoint.time <= cut}


def _append(path: Path, line: str) -> None:
    """Append one line, owner-only, under an exclusive lock, flushed to disk."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a file someone widened by hand is narrowed again
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, (line + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def checkpoint_record(session: Session | None = None) -> AuditCheckpointRecord | None:
    """What the database says of the checkpoints written; None if none ever was."""
    return (session or db.session).get(AuditCheckpointRecord, RECORD_ID)


def _record_written(session: Session, checkpoint: Checkpoint) -> None:
    record = checkpoint_record(session)
    if record is None:
        record = AuditCheckpointRecord(id=RECORD_ID, first_written_at=checkpoint.time,
                                       last_seq=checkpoint.seq,
                                       last_written_at=checkpoint.time, written=0)
        session.add(record)
    record.last_seq, record.last_written_at = checkpoint.seq, checkpoint.time
    record.written = (record.written or 0) + 1
    session.commit()


def _file_problem(lines: list[CheckpointLine], path: Path,
                  record: AuditCheckpointRecord | None) -> str | None:
    """The file against the record of checkpoints written: deleted, emptied, or cut short."""
    if record is None:
        return None
    last = f"the checkpoint of event {record.last_seq}, {_iso(record.last_written_at)}"
    if not lines:
        return (f"Checkpoint file {path} holds no checkpoint, but this instance wrote "
                f"{record.written or 1} (the last: {last}): the file was deleted, emptied or "
                "moved. Restore it from its copy (the lines shipped to the remote log) or "
                "point AUDIT_CHECKPOINT_FILE at it; after a database restore, see "
                "'audit-checkpoint --new-file'.")
    signed = [line.checkpoint.seq for line in lines if line.checkpoint]
    if signed and max(signed) < record.last_seq:
        return (f"Checkpoint file {path} ends at the checkpoint of event {max(signed)}, but "
                f"this instance wrote {last}: lines were removed from the file.")
    return None


def write_checkpoint(session: Session | None = None, new_file: bool = False) -> Checkpoint:
    """Verify the chain since the last checkpoint, then sign its head and append it.

    A broken chain is never signed: signing it would bless the tampering. Nor is a
    new file started where checkpoints were written before, unless `new_file` (the
    operator, after a database restore): the hourly job would otherwise sign a
    rewritten chain in a fresh file an hour after the old one was deleted.
    """
    session = session or db.session
    path = checkpoint_path()
    lines = read_checkpoints(path)
    for line in lines:
        if line.problem:
            raise CheckpointError(f"checkpoint file line {line.number}: {line.problem}; "
                                  "run verify-audit")
    problem = _file_problem(lines, path, checkpoint_record(session))
    if problem and not (new_file and not lines):
        raise CheckpointError(f"{problem} Nothing was signed; to start a new file on purpose "
                              "(after a database restore), run audit-checkpoint --new-file.")
    valid = [line.checkpoint for line in lines if line.checkpoint]
    if valid:
        last = valid[-1]
        report = verify_chain(session, start=(last.seq, last.hash))
        since = f" since the checkpoint of event {last.seq}"
    else:
        report = verify_chain(session, anchors={})
        since = ""
    if not report.ok:
        raise CheckpointError(f"the audit chain does not verify{since} "
                              f"(event {report.first_bad_seq}: {report.reason}); "
                              "nothing was signed. Run verify-audit.")
    unsigned = Checkpoint(report.last_seq, report.last_hash, utcnow())
    checkpoint = Checkpoint(unsigned.seq, unsigned.hash, unsigned.time, sign(unsigned.message()))
    _append(path, checkpoint.line())
    _record_written(session, checkpoint)  # after the file: a record never precedes its line
    return checkpoint


# --- Verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrailReport:
    ok: bool
    message: str
    chain: ChainReport | None = None
    checkpoints: int = 0


def _describe(line: CheckpointLine) -> str:
    checkpoint = line.checkpoint
    return (f"checkpoint line {line.number} (event {checkpoint.seq}, "
            f"signed {_iso(checkpoint.time)})")


def _contradiction(lines: list[CheckpointLine], chain: ChainReport,
                   session: Session) -> str | None:
    """The first signed checkpoint the verified chain contradicts, named; None if all hold."""
    checkpoints = [line for line in lines if line.checkpoint]
    wanted = sorted({line.checkpoint.seq for line in checkpoints
                     if chain.start_seq < line.checkpoint.seq <= chain.last_seq})
    stored: dict[int, str] = {}
    for i in range(0, len(wanted), 500):
        stored.update(session.execute(select(AuditEvent.seq, AuditEvent.hash)
                                      .where(AuditEvent.seq.in_(wanted[i:i + 500]))).all())
    start_hash = signed_anchors(lines).get(chain.start_seq, GENESIS_HASH)
    previous = None
    for line in checkpoints:
        checkpoint = line.checkpoint
        if previous and (checkpoint.seq < previous.seq or checkpoint.time < previous.time):
            return f"{_describe(line)}: out of order, the checkpoint file was edited"
        previous = checkpoint
        if checkpoint.seq > chain.last_seq:
            return (f"{_describe(line)}: the chain ends at event {chain.last_seq}; "
                    "events signed by this checkpoint were removed")
        if checkpoint.seq < chain.start_seq:
            continue  # purged: the chain is verified from a later checkpoint
        held = start_hash if checkpoint.seq == chain.start_seq else stored.get(checkpoint.seq)
        if held != checkpoint.hash:
            return (f"{_describe(line)}: the database holds another event {checkpoint.seq} "
                    "than the one signed; the trail was rewritten")
    return None


def verify_trail(session: Session | None = None, now: datetime | None = None) -> TrailReport:
    """The chain, and the chain against every signed checkpoint; the first problem named.

    `now` is the moment of the check (a purge planned for a later date checks then)."""
    session = session or db.session
    path = checkpoint_path()
    lines = read_checkpoints(path)
    for line in lines:
        if line.problem:
            return TrailReport(False, f"Checkpoint file {path}, line {line.number}: "
                                      f"{line.problem}.")
    problem = _file_problem(lines, path, checkpoint_record(session))
    if problem:
        return TrailReport(False, problem)
    chain = verify_chain(session, anchors=purge_anchors(lines, now))
    if not chain.ok:
        return TrailReport(False, f"Audit chain broken at event {chain.first_bad_seq}: "
                                  f"{chain.reason} ({chain.checked} events verified before it).",
                           chain, len(lines))
    problem = _contradiction(lines, chain, session)
    if problem:
        return TrailReport(False, f"Audit trail contradicts its signed checkpoints: {problem}.",
                           chain, len(lines))
    message = f"Audit chain intact: {chain.checked} events verified"
    if chain.start_seq:
        message += f" from the signed checkpoint of event {chain.start_seq} (older ones purged)"
    if lines:
        message += f"; {len(lines)} signed checkpoints hold."
    else:
        message += (f". No checkpoint in {path} yet: schedule audit-checkpoint "
                    "(docs/DEPLOY.md).")
    return TrailReport(True, message, chain, len(lines))
