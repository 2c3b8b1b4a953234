"""The keyring and the vault on their own: passphrase slots, and RAM only."""

from __future__ import annotations

import base64
import json

import pytest

from caseflow.crypto import CryptoError, KeyStoreError, WrongPassphraseError, keyring
from caseflow.crypto.custody import LockedKeyStore, fresh_key_files
from caseflow.crypto.vault import DEFAULT_DIRECTORY, Vault
from tests.custody.conftest import CHEAP

FIRST = "first coordinator passphrase"
SECOND = "second coordinator passphrase"


def test_it_opens_with_each_coordinators_passphrase_and_no_other(tmp_path):
    files = fresh_key_files()
    master = keyring.create(tmp_path, FIRST, files, label="Calais", n=CHEAP)
    keyring.add_slot(tmp_path, master, SECOND, label="Tripoli", n=CHEAP)
    assert keyring.open_master(tmp_path, FIRST) == (master, "Calais")
    assert keyring.open_master(tmp_path, SECOND) == (master, "Tripoli")
    assert keyring.read_bundle(tmp_path, master) == files
    with pytest.raises(WrongPassphraseError, match="does not unlock"):
        keyring.open_master(tmp_path, "first coordinator passphrasE")
    assert [slot["label"] for slot in keyring.slots(tmp_path)] == ["Calais", "Tripoli"]


def test_it_keeps_no_key_and_no_passphrase_in_clear(tmp_path):
    files = fresh_key_files()
    master = keyring.create(tmp_path, FIRST, files, n=CHEAP)
    raw = keyring.path_in(tmp_path).read_bytes()
    for secret in [*files.values(), master]:
        assert secret not in raw
        assert base64.b64encode(secret) not in raw
        assert secret.hex().encode() not in raw
    assert FIRST.encode() not in raw
    assert json.loads(raw)["slots"][0]["kdf"]["name"] == "scrypt"


def test_it_refuses_a_short_passphrase_and_removing_the_last_one(tmp_path):
    with pytest.raises(CryptoError, match="at least 12 characters"):
        keyring.create(tmp_path, "short", fresh_key_files(), n=CHEAP)
    master = keyring.create(tmp_path, FIRST, fresh_key_files(), n=CHEAP)
    slot = keyring.add_slot(tmp_path, master, SECOND, label="Zwara", n=CHEAP)
    keyring.remove_slot(tmp_path, slot)
    with pytest.raises(WrongPassphraseError):
        keyring.open_master(tmp_path, SECOND)
    only = keyring.slots(tmp_path)[0]["id"]
    with pytest.raises(KeyStoreError, match="last passphrase"):
        keyring.remove_slot(tmp_path, only)


def test_it_refuses_a_vault_on_a_disk(tmp_path):
    """The unlocked key must never reach a disk: tmp_path is on the machine's disk."""
    with pytest.raises(KeyStoreError, match="not a RAM file system"):
        Vault(tmp_path, tmp_path / "keys").put(b"k" * 32)
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_clear_keys_in_the_environment(tmp_path):
    with pytest.raises(KeyStoreError, match="CASEFLOW_KEK_1"):
        LockedKeyStore(tmp_path, Vault(DEFAULT_DIRECTORY, tmp_path),
                       environ={"CASEFLOW_KEK_1": base64.b64encode(b"k" * 32).decode()})
