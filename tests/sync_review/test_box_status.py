"""A clinic box's sync page: what waits to be sent, when it last synced, whether its keys
are sealed, and "Sync now" that says in words why it did not happen, losing nothing."""

from __future__ import annotations

from html import unescape

import pytest

from caseflow.extensions import db
from caseflow.services import boxes
from caseflow.sync import link
from tests.boxes.conftest import make_box
from tests.security.conftest import sign_in_as
from tests.support.web import csrf_token_from
from tests.sync import clinic
from tests.sync_review.conftest import in_english

NOBODY = "http://127.0.0.1:9"  # nothing listens there


@pytest.fixture
def field_box(tmp_path, persona_password_hash):
    """A box with its own keys and SQLite, pointed at an address where nobody answers."""
    made = make_box(tmp_path, "field", NOBODY, persona_password_hash)
    in_english(made)
    yield made
    with made.app_context():
        db.session.remove()
        db.engine.dispose()


def _as(box, login: str):
    client = box.test_client()
    sign_in_as(box, client, login)
    return client


def _sync_now(client):
    page = client.get("/sync/status")
    answer = client.post("/sync/status/sync-now",
                         data={"csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 303
    return unescape(client.get(answer.location).get_data(as_text=True))


def test_it_shows_what_waits_and_fails_cleanly_when_central_does_not_answer(field_box):
    with field_box.app_context():  # joined once; central has since gone quiet
        from caseflow.crypto import current_keystore

        current_keystore().write_box_secret(link.CREDENTIAL, b"joined-before")
        current_keystore().write_box_secret(link.CENTRAL_KEY, b"\x00" * 32)
    clinic.register(field_box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    with field_box.app_context():
        waiting = link.waiting(db.session)
    assert waiting > 0
    hugo = _as(field_box, "hugo")

    page = hugo.get("/sync/status")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'data-waiting="{waiting}"' in text and f"{waiting} changes" in text
    assert "Never" in text and "CAL-1" in text
    assert 'href="/sync/status"' in text  # in the menu

    after = _sync_now(hugo)
    assert "the central server does not answer; nothing recorded here is lost" in after
    assert f'data-waiting="{waiting}"' in after  # still there, sent at the next sync


def test_it_says_a_box_that_never_joined_must_join_first(field_box):
    after = _sync_now(_as(field_box, "claire"))
    assert "this box has not joined the central server yet" in after


def test_it_keeps_the_page_for_the_care_team(field_box):
    assert _as(field_box, "omar").get("/sync/status").status_code == 403
    assert field_box.test_client().get("/sync/status").status_code == 302  # sign in first


def test_it_does_not_exist_on_the_central_server(central, as_user):
    assert as_user("claire").get("/sync/status").status_code == 404


def test_it_syncs_now_and_remembers_when(central, central_url, tmp_path,
                                        persona_password_hash):
    box = make_box(tmp_path, "joined", central_url, persona_password_hash)
    in_english(box)
    with central.app_context():
        token = boxes.enrol_box("CAL-1", ["CAL"], "Calais mobile clinic")
    joined = box.test_cli_runner().invoke(args=["join-central"], input=token + "\n")
    assert joined.exit_code == 0, joined.output
    clinic.clinic_day(box)
    hugo = _as(box, "hugo")

    after = _sync_now(hugo)

    assert "Synced:" in after and "changes sent" in after
    assert 'data-waiting="0"' in after and "Never" not in after
    with box.app_context():
        assert link.waiting(db.session) == 0
        db.session.remove()
        db.engine.dispose()
