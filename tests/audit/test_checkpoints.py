"""Signed checkpoints outside the database: a rewritten trail is caught by verify-audit."""

from __future__ import annotations

import base64
import json
import stat
from datetime import datetime

import pytest
from sqlalchemy import delete, select, update

from caseflow.audit import Action, record_event, verify_chain
from caseflow.audit_checkpoints import Checkpoint
from caseflow.crypto import public_key_bytes, verify_with_public_key
from caseflow.extensions import db
from caseflow.models.audit import AuditChainHead, AuditEvent
from tests.audit.conftest import checkpoint_lines, rewrite_trail, user_id


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=None)


@pytest.fixture
def trail(app, sign_in):
    """Sign-ins and record openings: a few real events."""
    sign_in("hugo", "wrong password")
    sign_in("amina")
    with app.app_context():
        amina = user_id("amina")
        for code in ("K7Q-2M4-X9", "A3B-4C5-D6", "K7Q-2M4-X9"):
            record_event(Action.VIEW, actor_id=amina, object_type="person", object_id="x",
                         person_code=code)
        db.session.commit()
        return db.session.scalar(select(AuditChainHead.seq))


def test_it_writes_a_signed_checkpoint_of_the_head_readable_by_its_owner_only(
        app, trail, runner, checkpoint_file):
    result = runner.invoke(args=["audit-checkpoint"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(checkpoint_file.stat().st_mode) == 0o600
    [line] = checkpoint_lines(checkpoint_file)
    assert json.loads(result.stdout.splitlines()[0]) == line  # printed for a remote copy
    with app.app_context():
        head = db.session.execute(select(AuditChainHead.seq, AuditChainHead.hash)).one()
        assert (line["seq"], line["hash"]) == (head.seq, head.hash) == (trail, head.hash)
        checkpoint = Checkpoint(line["seq"], line["hash"], _time(line["time"]))
        assert verify_with_public_key(public_key_bytes(), checkpoint.message(),
                                      base64.b64decode(line["signature"]))


def test_it_appends_one_line_per_run_and_narrows_a_widened_file(app, trail, runner,
                                                               checkpoint_file):
    runner.invoke(args=["audit-checkpoint"])
    checkpoint_file.chmod(0o644)
    with app.app_context():
        record_event(Action.VIEW, actor_id=user_id("claire"), object_type="person",
                     person_code="K7Q-2M4-X9")
        db.session.commit()
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    first, second = checkpoint_lines(checkpoint_file)
    assert second["seq"] == first["seq"] + 1
    assert stat.S_IMODE(checkpoint_file.stat().st_mode) == 0o600
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 0, result.output
    assert "2 signed checkpoints hold" in result.output


def test_it_refuses_to_sign_a_broken_chain(app, trail, runner, checkpoint_file):
    with app.app_context():
        db.session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(actor_id=99))
        db.session.commit()
    result = runner.invoke(args=["audit-checkpoint"])
    assert result.exit_code == 1
    assert "event 3" in result.output and "nothing was signed" in result.output
    assert not checkpoint_file.exists()


def test_it_passes_without_checkpoints_yet_and_says_so(app, trail, runner):
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 0
    assert f"{trail} events verified" in result.output
    assert "No checkpoint" in result.output


def test_it_names_a_deleted_event(app, trail, runner):
    runner.invoke(args=["audit-checkpoint"])
    with app.app_context():
        db.session.execute(delete(AuditEvent).where(AuditEvent.seq == 2))
        db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert "broken at event 2: missing event" in result.output


def test_it_names_an_edited_event(app, trail, runner):
    runner.invoke(args=["audit-checkpoint"])
    with app.app_context():
        db.session.execute(update(AuditEvent).where(AuditEvent.seq == 4)
                           .values(person_code="A3B-4C5-D6"))
        db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert "broken at event 4: event content was changed" in result.output


def test_it_catches_a_database_rewritten_with_recomputed_hashes(app, trail, runner):
    """The administrator hides that Amina opened K7Q-2M4-X9: the chain verifies again,
    the signed checkpoint does not."""
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    with app.app_context():
        def hide(event):
            if event["person_code"] == "K7Q-2M4-X9":
                event["person_code"] = "A3B-4C5-D6"

        rewrite_trail(hide)
        assert verify_chain().ok  # the hash chain alone is fooled
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert f"checkpoint line 1 (event {trail}" in result.output
    assert "the trail was rewritten" in result.output


def test_it_catches_events_cut_from_the_end_with_the_head_moved_back(app, trail, runner):
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    with app.app_context():
        last = db.session.scalar(select(AuditEvent).where(AuditEvent.seq == trail - 1))
        db.session.execute(delete(AuditEvent).where(AuditEvent.seq == trail))
        db.session.execute(update(AuditChainHead).values(seq=trail - 1, hash=last.hash))
        db.session.commit()
        assert verify_chain().ok
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert f"the chain ends at event {trail - 1}" in result.output


@pytest.mark.parametrize("field, value", [("hash", "f" * 64), ("seq", 1),
                                          ("signature", base64.b64encode(b"x" * 64).decode())])
def test_it_refuses_a_forged_or_altered_checkpoint(app, trail, runner, checkpoint_file,
                                                   field, value):
    runner.invoke(args=["audit-checkpoint"])
    [line] = checkpoint_lines(checkpoint_file)
    line[field] = value
    checkpoint_file.write_text(json.dumps(line) + "\n")
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert "line 1" in result.output and "does not verify" in result.output
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 1


def test_it_refuses_a_garbled_checkpoint_file(app, trail, runner, checkpoint_file):
    runner.invoke(args=["audit-checkpoint"])
    with checkpoint_file.open("a") as handle:
        handle.write("{not json\n")
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert "line 2: malformed line" in result.output


def _hide_k7q(event):
    if event["person_code"] == "K7Q-2M4-X9":
        event["person_code"] = "A3B-4C5-D6"


@pytest.mark.parametrize("damage", ["deleted", "emptied", "blank lines only"])
def test_it_refuses_a_rewritten_trail_whose_checkpoint_file_is_gone(
        app, trail, runner, checkpoint_file, damage):
    """Deleting the file must not turn "the trail was rewritten" into "intact"."""
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    with app.app_context():
        rewrite_trail(_hide_k7q)
    if damage == "deleted":
        checkpoint_file.unlink()
    else:
        checkpoint_file.write_text("" if damage == "emptied" else "\n\n")
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1, result.output
    assert "intact" not in result.output
    assert str(checkpoint_file) in result.output
    assert f"checkpoint of event {trail}" in result.output  # the last one written
    assert "deleted, emptied or moved" in result.output


def test_it_refuses_a_checkpoint_file_whose_last_lines_were_cut(app, trail, runner,
                                                                checkpoint_file):
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    with app.app_context():
        record_event(Action.VIEW, actor_id=user_id("claire"), object_type="person",
                     person_code="K7Q-2M4-X9")
        db.session.commit()
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    first, _second = checkpoint_file.read_text().splitlines()
    checkpoint_file.write_text(first + "\n")
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1, result.output
    assert f"checkpoint of event {trail + 1}" in result.output
    assert "lines were removed" in result.output


def test_it_does_not_start_a_new_checkpoint_file_silently(app, trail, runner, checkpoint_file):
    """The hourly job must not bless a rewritten trail in a fresh file after the old one was
    deleted; after a database restore the operator starts one on purpose."""
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    checkpoint_file.unlink()
    refused = runner.invoke(args=["audit-checkpoint"])
    assert refused.exit_code == 1
    assert "--new-file" in refused.output and not checkpoint_file.exists()
    started = runner.invoke(args=["audit-checkpoint", "--new-file"])
    assert started.exit_code == 0, started.output
    assert len(checkpoint_lines(checkpoint_file)) == 1
    assert runner.invoke(args=["verify-audit"]).exit_code == 0


def test_it_keeps_the_trail_untouched_when_checkpointing(app, trail, runner):
    """The record that checkpoints exist lives beside the chain, not in it."""
    assert runner.invoke(args=["audit-checkpoint"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(AuditChainHead.seq)) == trail
