"""Setting up memory custody: a new installation, or an existing one moving its key files."""

from __future__ import annotations

import stat

from caseflow import create_app, crypto
from caseflow.crypto import keyring
from caseflow.crypto.vault import DEFAULT_DIRECTORY, Vault
from tests.custody.conftest import CHEAP, PASSPHRASE


def _instance_app(instance, monkeypatch, custody: str):
    for name in ("CASEFLOW_DATABASE_URL", "CASEFLOW_KEYS_DIR", "CASEFLOW_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # as under `flask --app caseflow init`
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    return create_app({"CASEFLOW_ENV": "production", "KEY_CUSTODY": custody,
                       "KEYRING_SCRYPT_N": CHEAP}, instance_path=str(instance))


def test_it_creates_a_new_installations_keys_only_inside_the_keyring(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    app = _instance_app(instance, monkeypatch, "memory")
    vault = Vault(DEFAULT_DIRECTORY, instance / "keys")
    try:
        result = app.test_cli_runner().invoke(args=["init"], input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
        assert result.exit_code == 0, result.output
        assert "passphrase-locked keyring" in result.output
        files = [p.name for p in (instance / "keys").iterdir()]
        assert files == [keyring.FILE_NAME]
        assert stat.S_IMODE((instance / "keys" / keyring.FILE_NAME).stat().st_mode) == 0o600
        with app.app_context():
            assert not crypto.keys_sealed()
            assert crypto.sign(b"certificate")  # every key works, unlocked
            crypto.seal_keys()
            assert crypto.keys_sealed()
        assert vault.get() is None
    finally:
        vault.wipe()


def test_it_moves_an_installations_key_files_into_a_keyring_and_erases_them(
        tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    files_app = _instance_app(instance, monkeypatch, "files")
    assert files_app.test_cli_runner().invoke(args=["init"]).exit_code == 0
    with files_app.app_context():
        signature = crypto.sign(b"issued before the move")
    before = {p.name: p.read_bytes() for p in (instance / "keys").glob("*.key")}
    assert "kek-v1.key" in before

    app = _instance_app(instance, monkeypatch, "memory")
    vault = Vault(DEFAULT_DIRECTORY, instance / "keys")
    try:
        result = app.test_cli_runner().invoke(args=["lock-keys", "--label", "Tripoli"],
                                              input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in (instance / "keys").iterdir()) == [keyring.FILE_NAME]
        with app.app_context():
            # The same keys, now in custody: what was signed before still verifies.
            assert crypto.verify_signature(b"issued before the move", signature)
            assert crypto.unlock_slots()[0]["label"] == "Tripoli"
    finally:
        vault.wipe()
