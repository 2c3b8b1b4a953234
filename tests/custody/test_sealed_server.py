"""A sealed server, walked as a phone's browser walks it: the unlock page comes first, before
any form that could only be lost; a form sent while sealed is refused in words; the Keys
page asks before sealing and lists the passphrase slots; a wrong passphrase and the rate
limit say what happened.

The sentences added with this walk reach the catalogues at the next extraction, so the
pages are read in English here (the visitor's choice, kept in their session), or checked by
their markers."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select, update

from caseflow import crypto
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.person import Person
from caseflow.models.user import User
from tests.custody.conftest import CHEAP, PASSPHRASE
from tests.support.web import csrf_token_from


@pytest.fixture
def app_config() -> dict:
    return {"KEY_CUSTODY": "memory", "KEYRING_SCRYPT_N": CHEAP,
            "UNLOCK_RATE_LIMIT": "3 per minute"}


def _in_english(app, client) -> None:
    """The visitor's choice (session) and the accounts' (a signed-in user's language wins)."""
    with client.session_transaction() as session:
        session["lang"] = "en"
    with app.app_context():
        db.session.execute(update(User).values(language="en"))
        db.session.commit()


def _seal(app) -> None:
    with app.app_context():
        assert crypto.seal_keys()


def _people(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Person))


def _is_unlock_page(answer) -> bool:
    return (answer.status_code == 503 and 'action="/keys/unlock"' in answer.text
            and 'name="passphrase"' in answer.text)


def test_it_shows_the_unlock_page_before_any_form_while_sealed(app, client):
    _seal(app)
    for path in ("/", "/login", "/people/new", "/people/", "/audit/", "/keys",
                 "/sync/status", "/no/such/page"):
        answer = client.get(path)
        assert _is_unlock_page(answer), path
        assert 'name="password"' not in answer.text  # no sign-in form to fill in vain
    assert client.get("/keys/unlock").status_code == 503
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200
    # The box sync API answers for itself (here: a server with no such box), never the page.
    api = client.post("/sync/v1/hello", json={})
    assert api.status_code != 503 and "passphrase" not in api.get_data(as_text=True)
    json_answer = client.get("/people/new", headers={"Accept": "application/json"})
    assert json_answer.status_code == 503 and json_answer.json == {"error": 503, "sealed": True}


def test_it_keeps_the_session_and_goes_on_after_the_unlock(app, client, as_user):
    as_user("amina")
    _seal(app)
    stopped = client.get("/people/new")
    assert _is_unlock_page(stopped)
    assert 'name="next" type="hidden" value="/people/new"' in stopped.text
    answer = client.post("/keys/unlock", data={"passphrase": PASSPHRASE, "next": "/people/new",
                                               "csrf_token": csrf_token_from(stopped.text)})
    assert answer.status_code == 303 and answer.location.endswith("/people/new")
    form = client.get(answer.location)
    assert form.status_code == 200 and 'name="family_name"' in form.text  # still signed in


def test_it_refuses_a_form_sent_while_sealed_and_says_it_was_not_saved(app, client, as_user):
    as_user("amina")
    _in_english(app, client)
    form = client.get("/people/new")
    assert form.status_code == 200
    before = _people(app)
    _seal(app)
    answer = client.post("/people/new", data={
        "csrf_token": csrf_token_from(form.text), "family_name": "Haile", "given_names": "Tesfay"})
    assert _is_unlock_page(answer) and "data-lost" in answer.text
    assert "What you were sending was not saved" in unescape(answer.text)
    assert "Haile" not in answer.text
    assert 'value="/people/new"' in answer.text  # back to the form's page after the unlock
    assert _people(app) == before
    # A page merely opened while sealed loses nothing: no such message there.
    assert "data-lost" not in client.get("/people/new").text


def test_it_asks_for_a_confirmation_before_sealing(app, client, as_user):
    as_user("claire")
    _in_english(app, client)
    page = client.get("/keys")
    assert page.status_code == 200 and 'name="confirm"' in page.text
    refused = client.post("/keys/seal", data={"csrf_token": csrf_token_from(page.text)})
    assert refused.status_code == 400 and "data-not-sealed" in refused.text
    assert "Nothing was sealed" in unescape(refused.text)
    with app.app_context():
        assert not crypto.keys_sealed()
    done = client.post("/keys/seal", data={"csrf_token": csrf_token_from(page.text),
                                           "confirm": "y"})
    assert done.status_code == 303 and done.location.endswith("/keys/unlock")
    with app.app_context():
        assert crypto.keys_sealed()


def test_it_lists_the_passphrase_slots_and_nothing_secret(app, client, as_user, runner,
                                                         keys_dir):
    added = runner.invoke(args=["add-unlock-passphrase", "--label", "coordinator Zwara"],
                          input="harbour mint violet compass\n" * 2)
    assert added.exit_code == 0, added.output
    with app.app_context():
        slots = crypto.unlock_slots()
    assert len(slots) == 2
    as_user("claire")
    page = client.get("/keys")
    text = unescape(page.text)
    assert 'data-slots="2"' in text
    for slot in slots:
        assert f'data-slot="{slot["id"]}"' in text and slot["label"] in text
        assert slot["created"][:10] in text
    keyring = (keys_dir / "keyring.json").read_text()
    for secret in re.findall(r'"(?:salt|nonce|wrapped|ciphertext)": "([^"]+)"', keyring):
        assert secret not in text
    assert "remove-unlock-passphrase" in text


def test_it_says_which_passphrase_was_wrong_and_when_to_wait(app, client):
    _seal(app)
    page = client.get("/keys/unlock")
    token = csrf_token_from(page.text)
    wrong = client.post("/keys/unlock", data={"passphrase": "not the passphrase at all",
                                              "csrf_token": token})
    assert wrong.status_code == 401 and "data-refusal" in wrong.text
    text = unescape(wrong.text)
    assert "Cette phrase secrète ne déverrouille pas les clés" in text
    assert "Le formulaire n’a pas été enregistré" not in text  # not the generic box
    assert "not the passphrase" not in text  # what was typed is not sent back
    for _ in range(2):
        client.post("/keys/unlock", data={"passphrase": "still not it, alas",
                                          "csrf_token": token})
    _in_english(app, client)
    limited = client.post("/keys/unlock", data={"passphrase": PASSPHRASE, "csrf_token": token})
    assert limited.status_code == 429 and "data-refusal" in limited.text
    assert "Too many attempts from this address" in unescape(limited.text)
    assert 'name="passphrase"' in limited.text
    with app.app_context():
        assert crypto.keys_sealed()  # the limit held: the right passphrase was not tried
        failures = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "unlock_failed"))
    assert failures == 3


def test_it_asks_for_a_passphrase_when_none_was_typed(app, client):
    _seal(app)
    page = client.get("/keys/unlock")
    empty = client.post("/keys/unlock", data={"passphrase": "",
                                              "csrf_token": csrf_token_from(page.text)})
    assert empty.status_code == 400 and "data-refusal" in empty.text
    with app.app_context():
        assert crypto.keys_sealed()


def test_it_signs_everyone_out_when_a_coordinator_seals(app, client, as_user):
    """A deliberate seal (the team leaves in a hurry) ends every session: a phone signed in
    then does not open the records again the moment someone unlocks. (A power cut seals too,
    but ends nothing: the sessions go on after the unlock, as above.)"""
    from caseflow.services import custody
    from tests.support.records import user

    as_user("amina")
    assert client.get("/people/new").status_code == 200
    with app.app_context():
        custody.seal(user("claire"))
        custody.unlock(PASSPHRASE)
        ended = db.session.scalars(select(AuditEvent.details).where(
            AuditEvent.action == "keys_sealed")).all()
    answer = client.get("/people/new")
    assert answer.status_code == 302 and "/login" in answer.location
    assert ended[-1]["sessions_ended"] >= 1
