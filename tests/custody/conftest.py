"""An app in memory custody: its keys in a passphrase-locked keyring, unlocked in a RAM file.

The keyring uses a cheap scrypt cost (2^10) so that the suite does not spend half a
second per unlock; production uses 2^17 (caseflow.crypto.keyring.SCRYPT_N)."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseflow.crypto import keyring
from caseflow.crypto.custody import fresh_key_files
from caseflow.crypto.vault import DEFAULT_DIRECTORY, Vault

PASSPHRASE = "sable dune lantern orchard ferry"
CHEAP = 2 ** 10


@pytest.fixture
def keys_dir(tmp_path) -> Path:
    """A key directory holding only a keyring, unlocked (the morning's state)."""
    path = tmp_path / "locked-keys"
    path.mkdir(mode=0o700)
    vault = Vault(DEFAULT_DIRECTORY, path)
    vault.put(keyring.create(path, PASSPHRASE, fresh_key_files(), label="coordinator", n=CHEAP))
    yield path
    vault.wipe()


@pytest.fixture
def app_config() -> dict:
    return {"KEY_CUSTODY": "memory", "KEYRING_SCRYPT_N": CHEAP}


@pytest.fixture
def vault(keys_dir) -> Vault:
    return Vault(DEFAULT_DIRECTORY, keys_dir)
