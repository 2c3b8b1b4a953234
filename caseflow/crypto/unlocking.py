"""The app's side of memory custody: unlock, seal and the passphrases of *this* app's keys.

Thin wrappers over caseflow.crypto.custody bound to the current app's key store, so that
services and commands import them from ``caseflow.crypto`` without touching key stores.
In file custody they refuse with a message saying so (there is nothing to seal).
"""

from __future__ import annotations

from caseflow.crypto import custody, keyring
from caseflow.crypto.custody import LockedKeyStore
from caseflow.crypto.errors import CryptoError
from caseflow.crypto.setup import current_keystore


def in_memory_custody() -> bool:
    return isinstance(current_keystore(), LockedKeyStore)


def _store() -> LockedKeyStore:
    store = current_keystore()
    if not isinstance(store, LockedKeyStore):
        raise CryptoError("This server keeps its keys in files (KEY_CUSTODY = 'files'): there "
                          "is nothing to unlock or seal. See docs/OFFLINE.md, Keys.")
    return store


def keys_sealed() -> bool:
    """True when the keys are not in memory (memory custody only; file custody: False)."""
    store = current_keystore()
    return isinstance(store, LockedKeyStore) and store.sealed


def keyring_exists() -> bool:
    return keyring.exists(_store().keys_dir)


def initialise_locked_keys(passphrase: str, label: str = "coordinator") -> bool:
    return custody.initialise(_store(), passphrase, label)


def lock_key_files(passphrase: str, label: str = "coordinator") -> list[str]:
    return custody.lock_key_files(_store(), passphrase, label)


def unlock_keys(passphrase: str) -> str:
    return custody.unlock(_store(), passphrase)


def seal_keys() -> bool:
    return custody.seal(_store())


def add_unlock_passphrase(passphrase: str, label: str) -> str:
    return custody.add_passphrase(_store(), passphrase, label)


def remove_unlock_passphrase(slot_id: str) -> None:
    keyring.remove_slot(_store().keys_dir, slot_id)


def unlock_slots() -> list[dict]:
    return keyring.slots(_store().keys_dir)
