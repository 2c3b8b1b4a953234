"""A server in memory custody: readable while unlocked, nothing usable once sealed.

The issue's fault test "a sealed box: its database and files searched for names, phones
and keys find nothing usable" is test_it_leaves_nothing_usable_on_disk_once_sealed."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from caseflow import crypto
from caseflow.crypto import SealedError, current_keystore
from caseflow.crypto.vault import DEFAULT_DIRECTORY
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.person import Person
from tests.custody.conftest import PASSPHRASE
from tests.support.web import csrf_token_from

FAMILY, GIVEN, PHONE = "Qarmoushi", "Zeinabou", "06 48 27 19 53"
NOTE = "Douleur thoracique depuis la traversée"


@pytest.fixture
def zeinabou(register, write_note) -> str:
    person_id = register("amina", "PAN", FAMILY, GIVEN, phone=PHONE, born=2008)
    write_note("amina", person_id, text=NOTE)
    return person_id


def _key_material(app) -> list[bytes]:
    """Every secret a seizer would want: the unlocked key files and the master key."""
    with app.app_context():
        store = current_keystore()
        return [*store.bundle().values(), store.vault.get()]


def _unlock(client, passphrase: str):
    page = client.get("/keys/unlock")
    return client.post("/keys/unlock", data={"passphrase": passphrase,
                                             "csrf_token": csrf_token_from(page.text)})


def _seal(client):
    page = client.get("/keys")
    assert page.status_code == 200
    return client.post("/keys/seal", data={"csrf_token": csrf_token_from(page.text),
                                           "confirm": "y"})


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_it_reads_while_unlocked_shows_the_unlock_page_once_sealed_and_reopens(
        app, client, as_user, zeinabou):
    as_user("claire")
    assert FAMILY in client.get(f"/people/{zeinabou}").text

    sealed = _seal(client)
    assert sealed.status_code == 303 and sealed.location.endswith("/keys/unlock")

    page = client.get(f"/people/{zeinabou}")
    assert page.status_code == 503
    # The pages speak French by default (the suite's persona has no other preference).
    assert "Déverrouiller ce serveur" in page.text and FAMILY not in page.text

    wrong = _unlock(client, "not the passphrase at all")
    assert wrong.status_code == 401
    assert "Cette phrase secrète ne déverrouille pas les clés" in wrong.text

    right = _unlock(client, PASSPHRASE)
    assert right.status_code == 303
    # Sealing from the page signed everyone out: she signs in again, and reads again.
    assert client.get(f"/people/{zeinabou}").status_code == 302
    as_user("claire")
    page = client.get(f"/people/{zeinabou}")
    assert page.status_code == 200 and FAMILY in page.text
    custody_events = ("keys_sealed", "unlock_failed", "keys_unlocked")
    actions = [a for a in _actions(app) if a in custody_events]
    assert actions == ["keys_sealed", "unlock_failed", "keys_unlocked"]


def test_it_leaves_nothing_usable_on_disk_once_sealed(app, client, as_user, zeinabou,
                                                      keys_dir, backend):
    secrets = _key_material(app)
    as_user("claire")
    assert _seal(client).status_code == 303
    with app.app_context():
        with pytest.raises(SealedError):
            _ = db.session.get(Person, uuid.UUID(zeinabou)).family_name
        db.session.remove()
        db.engine.dispose()

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if backend == "sqlite":
        stored = b"".join(Path(url.database + suffix).read_bytes()
                          for suffix in ("", "-wal", "-shm")
                          if Path(url.database + suffix).exists())
    else:
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        stored = subprocess.run(["/usr/bin/pg_dump", "--data-only", libpq], check=True,
                                capture_output=True).stdout
        assert b"COPY public.person " in stored
    files = b"".join(p.read_bytes() for p in Path(keys_dir).rglob("*") if p.is_file())
    ram = b"".join(p.read_bytes() for p in Path(DEFAULT_DIRECTORY).glob("caseflow-*")
                   if p.is_file() and os.access(p, os.R_OK))
    everything = stored + files + ram
    assert len(stored) > 1000 and b'"slots"' in files  # the keyring was searched too
    for text in (FAMILY, GIVEN, NOTE, PHONE, PHONE.replace(" ", ""), "648271953"):
        for form in {text, text.lower(), text.upper()}:
            assert form.encode() not in everything
            assert form.encode("utf-16-le") not in everything
    for secret in secrets:
        assert secret not in everything
        assert base64.b64encode(secret) not in everything
        assert secret.hex().encode() not in everything


def test_it_is_sealed_for_every_process_by_the_seal_command(app, client, as_user, zeinabou,
                                                           keys_dir, database_url):
    """`flask seal` in another process (as an operator would type it) seals this one."""
    as_user("claire")
    assert client.get(f"/people/{zeinabou}").status_code == 200
    env = {**os.environ, "CASEFLOW_ENV": "development", "CASEFLOW_KEY_CUSTODY": "memory",
           "CASEFLOW_KEYS_DIR": str(keys_dir), "CASEFLOW_DATABASE_URL": database_url}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "caseflow", "seal"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Sealed" in done.stdout
    assert client.get(f"/people/{zeinabou}").status_code == 503
    assert "keys_sealed" in _actions(app)


def test_it_lets_only_coordinators_and_administrators_seal(client, as_user, zeinabou):
    as_user("amina")
    assert client.get("/keys").status_code == 403
    assert client.post("/keys/seal").status_code in (400, 403)
    assert client.get(f"/people/{zeinabou}").status_code == 200


def test_it_unlocks_and_seals_from_the_command_line(app, runner, zeinabou):
    result = runner.invoke(args=["seal"])
    assert result.exit_code == 0 and "Sealed" in result.output
    result = runner.invoke(args=["seal"])
    assert "Already sealed" in result.output
    result = runner.invoke(args=["unlock"], input="wrong passphrase, surely\n")
    assert result.exit_code != 0 and "ne déverrouille pas" in result.output
    result = runner.invoke(args=["unlock"], input=PASSPHRASE + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(Person, uuid.UUID(zeinabou)).family_name == FAMILY


def test_it_rotates_and_retires_keys_inside_the_keyring(app, runner, zeinabou, keys_dir):
    assert runner.invoke(args=["rotate-keys"]).exit_code == 0
    assert runner.invoke(args=["retire-kek", "1"]).exit_code == 0
    assert sorted(p.name for p in Path(keys_dir).iterdir() if p.suffix == ".key") == []
    with app.app_context():
        assert current_keystore().kek_versions() == [2]
        assert db.session.get(Person, uuid.UUID(zeinabou)).family_name == FAMILY


def test_it_adds_and_removes_a_coordinators_passphrase(app, runner):
    other = "zwara coordinator evening phrase"
    result = runner.invoke(args=["add-unlock-passphrase", "--label", "Zwara"],
                           input=f"{other}\n{other}\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        slots = crypto.unlock_slots()
        assert [s["label"] for s in slots] == ["coordinator", "Zwara"]
        crypto.seal_keys()
        crypto.unlock_keys(other)
        assert not crypto.keys_sealed()
    result = runner.invoke(args=["remove-unlock-passphrase", slots[1]["id"]])
    assert result.exit_code == 0, result.output
    with app.app_context(), pytest.raises(crypto.WrongPassphraseError):
        crypto.unlock_keys(other)
