"""Every sync attempt of a box remembered and shown (when, and how it ended), "Sync now"
audited on the box, a box's push audited centrally, and the counts worded honestly: what
was received is not what changed here."""

from __future__ import annotations

from html import unescape

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from caseflow.blueprints.sync_review import presenters as words
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.clinic_box import SyncState
from caseflow.services import boxes
from caseflow.sync import attempts, link
from caseflow.sync.queues import LAST_SYNC
from tests.boxes.conftest import make_box
from tests.security.conftest import sign_in_as
from tests.support.web import csrf_token_from
from tests.sync import clinic
from tests.sync_review.conftest import in_english

NOBODY = "http://127.0.0.1:9"  # nothing listens there
COUNTS = {"sent", "received", "applied", "conflicts"}


def _box(tmp_path, name, url, password_hash):
    made = make_box(tmp_path, name, url, password_hash)
    in_english(made)
    return made


def _close(box) -> None:
    with box.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def quiet_box(tmp_path, persona_password_hash):
    """A box that joined once; central has since gone quiet."""
    made = _box(tmp_path, "quiet", NOBODY, persona_password_hash)
    with made.app_context():
        from caseflow.crypto import current_keystore

        current_keystore().write_box_secret(link.CREDENTIAL, b"joined-before")
        current_keystore().write_box_secret(link.CENTRAL_KEY, b"\x00" * 32)
    yield made
    _close(made)


@pytest.fixture
def joined_box(central, central_url, tmp_path, persona_password_hash):
    made = _box(tmp_path, "joined", central_url, persona_password_hash)
    with central.app_context():
        token = boxes.enrol_box("CAL-1", ["CAL"], "Calais mobile clinic")
    joined = made.test_cli_runner().invoke(args=["join-central"], input=token + "\n")
    assert joined.exit_code == 0, joined.output
    yield made
    _close(made)


def _sync_now(box, login="hugo") -> str:
    client = box.test_client()
    sign_in_as(box, client, login)
    page = client.get("/sync/status")
    answer = client.post("/sync/status/sync-now", data={"csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 303
    return unescape(client.get(answer.location).get_data(as_text=True))


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                        .order_by(AuditEvent.seq)))
        db.session.expunge_all()
        return found


def _user_id(app, login: str) -> int:
    from caseflow.models.user import User

    with app.app_context():
        return db.session.scalar(select(User.id).where(User.login == login))


def test_it_remembers_a_failed_attempt_and_audits_sync_now(quiet_box):
    client = quiet_box.test_client()
    sign_in_as(quiet_box, client, "hugo")
    assert 'data-last-attempt="none"' in client.get("/sync/status").text
    page = _sync_now(quiet_box)
    assert 'data-last-attempt="unreachable"' in page
    assert page.count("the central server does not answer") == 2  # the flash and the page
    assert "Never" in page  # no whole sync yet: the last attempt is not a sync
    with quiet_box.app_context():
        state = db.session.get(SyncState, attempts.LAST_ATTEMPT)
        assert len(state.value) <= 200 and '"outcome":"unreachable"' in state.value
        assert db.session.get(SyncState, LAST_SYNC) is None
    runs = _events(quiet_box, "sync_run")
    assert [e.details["outcome"] for e in runs] == ["unreachable"]
    assert runs[-1].actor_id == _user_id(quiet_box, "hugo")
    assert runs[-1].object_type == "sync" and runs[-1].person_code is None


def test_it_remembers_the_command_line_attempts_too_without_auditing_them(quiet_box):
    done = quiet_box.test_cli_runner().invoke(args=["sync"])
    assert done.exit_code != 0 and "Not synced" in done.output
    with quiet_box.app_context():
        attempt = attempts.last_attempt(db.session)
    assert attempt is not None and attempt.outcome == "unreachable" and not attempt.ok
    assert _events(quiet_box, "sync_run") == []  # the service's minute-by-minute tries
    client = quiet_box.test_client()
    sign_in_as(quiet_box, client, "hugo")
    assert 'data-last-attempt="unreachable"' in client.get("/sync/status").text


def test_it_says_a_never_joined_box_must_join_on_the_page(tmp_path, persona_password_hash):
    box = _box(tmp_path, "new", NOBODY, persona_password_hash)
    try:
        page = _sync_now(box, "claire")
        assert 'data-last-attempt="not-joined"' in page
        assert "this box has not joined the central server yet" in page
    finally:
        _close(box)


def test_it_shows_what_was_sent_received_and_new_here_and_audits_both_sides(
        central, joined_box):
    clinic.clinic_day(joined_box)
    with joined_box.app_context():
        waiting = link.waiting(db.session)
    assert waiting > 0

    page = _sync_now(joined_box)

    assert 'data-last-attempt="ok"' in page
    assert f"Synced: {waiting} changes sent" in page
    run = _events(joined_box, "sync_run")[-1]
    assert run.details["outcome"] == "ok" and set(run.details) == {"outcome", *COUNTS}
    assert run.details["sent"] == waiting
    pushes = _events(central, "box_push_received")
    assert pushes and all(e.object_id == "CAL-1" and e.person_code is None for e in pushes)
    assert sum(e.details["applied"] for e in pushes) == waiting
    assert {k for e in pushes for k in e.details} == {
        "operations", "applied", "already_held", "duplicates", "conflicts", "flagged",
        "not_applied"}
    for family, given, *_ in clinic.PEOPLE:  # counts only, in either trail
        for event in [*pushes, run]:
            assert family not in str(event.details) and given not in str(event.details)

    again = _sync_now(joined_box)  # nothing new either way
    assert "Synced: 0 changes sent, 0 changes received." in again
    assert len(_events(joined_box, "sync_run")) == 2


def test_it_tells_a_revoked_box_on_its_page(central, joined_box):
    with central.app_context():
        boxes.revoke_box("CAL-1", "stolen")
    page = _sync_now(joined_box)
    assert 'data-last-attempt="revoked"' in page
    assert "this box was revoked: seal it and hand it to the coordinator" in page


def test_it_words_received_apart_from_new_here(app):
    with app.test_request_context(), force_locale("en"):
        assert words.synced(0, 94, 0) == (
            "Synced: 0 changes sent; 94 changes received, 0 of them new here.")
        assert words.synced(1, 0, 0) == "Synced: 1 change sent, 0 changes received."
        sealed = attempts.Attempt(at=None, outcome=attempts.SEALED)
        assert "the keys are sealed" in words.attempt_outcome(sealed)
        broken = attempts.Attempt(at=None, outcome=attempts.FAILED)
        assert "something went wrong on this box" in words.attempt_outcome(broken)
        refused = attempts.Attempt(at=None, outcome="refused-500")
        assert "the central server refused the exchange" in words.attempt_outcome(refused)
