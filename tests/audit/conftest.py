"""The audit trail's fixtures: a checkpoint file of the test's own, the audit commands,
and what an attacker with write access to the database would do to the trail."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from caseflow.audit import _digest, _hashed_fields
from caseflow.audit_checkpoints import Checkpoint, _append, checkpoint_path
from caseflow.commands.audit import register as register_audit_commands
from caseflow.crypto import sign
from caseflow.extensions import db
from caseflow.models.audit import AuditChainHead, AuditEvent
from caseflow.models.base import utcnow
from caseflow.models.user import User


@pytest.fixture
def checkpoint_file(tmp_path) -> Path:
    return tmp_path / "outside-the-database" / "audit-checkpoints.jsonl"


@pytest.fixture
def app_config(checkpoint_file) -> dict:
    return {"AUDIT_CHECKPOINT_FILE": str(checkpoint_file)}


@pytest.fixture
def client(app):
    """Pages in English (the browser asks for it); one test reads them in French."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def runner(app):
    register_audit_commands(app)
    return app.test_cli_runner()


def user_id(login: str) -> int:
    return db.session.scalar(select(User.id).where(User.login == login))


def events() -> list[dict]:
    rows = db.session.execute(select(AuditEvent.__table__).order_by(AuditEvent.seq)).all()
    return [dict(row._mapping) for row in rows]


def checkpoint_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def rewrite_trail(change=None) -> None:
    """Change events, then recompute every hash and the head: what the chain alone misses."""
    previous = None
    for event in events():
        if change:
            change(event)
        event["prev_hash"] = previous or event["prev_hash"]
        event["hash"] = _digest(_hashed_fields(event))
        db.session.execute(update(AuditEvent).where(AuditEvent.seq == event["seq"])
                           .values(**{k: v for k, v in event.items() if k != "seq"}))
        previous = event["hash"]
    db.session.execute(update(AuditChainHead).values(hash=previous))
    db.session.commit()


def age_trail(days: int) -> None:
    """Test setup: the events so far happened `days` ago, one second apart."""
    start = utcnow() - timedelta(days=days)

    def backdate(event):
        event["occurred_at"] = start + timedelta(seconds=event["seq"])

    rewrite_trail(backdate)


def signed_checkpoint_at(seq: int) -> Checkpoint:
    """A checkpoint of event `seq` written (and signed) just after it happened."""
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.seq == seq))
    unsigned = Checkpoint(seq, event.hash, event.occurred_at + timedelta(milliseconds=500))
    checkpoint = Checkpoint(seq, event.hash, unsigned.time, sign(unsigned.message()))
    _append(checkpoint_path(), checkpoint.line())
    return checkpoint
