"""Errors of the crypto package.

Messages name keys, versions and row ids only: never a plaintext, never key
material. They are safe to log and to show to an administrator.
"""

from __future__ import annotations


class CryptoError(RuntimeError):
    """Base class: something about keys or ciphertexts is wrong."""


class KeyStoreError(CryptoError):
    """A key is missing, unreadable or malformed."""


class MissingKeyError(KeyStoreError):
    """A key that is needed is not in the key directory nor the environment."""

    def __init__(self, key_name: str, where: str) -> None:
        super().__init__(
            f"Key {key_name} is missing: looked in {where}. "
            "Run 'flask --app caseflow init' for a new installation, or restore the key."
        )
        self.key_name = key_name


class WrongKeyError(KeyStoreError):
    """A key exists but does not open what it should (wrong file or altered data)."""


class DecryptionError(CryptoError):
    """A field ciphertext failed authentication: altered, moved or under another key."""


class ShreddedError(CryptoError):
    """The person's data key is gone (crypto-shredded or never created)."""


class SealedError(KeyStoreError):
    """The server keeps its keys in memory only and they are not there: sealed, or not yet
    unlocked since it started. Its records stay unreadable until a coordinator unlocks it."""

    def __init__(self) -> None:
        super().__init__("The keys are sealed: unlock them with a coordinator's passphrase "
                         "('flask --app caseflow unlock' or the unlock page).")
