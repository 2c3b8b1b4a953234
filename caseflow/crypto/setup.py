"""Wiring into Flask: one key store per app, one DEK cache per app context.

Flask pushes an application context for every request and every CLI command,
and ``flask.g`` dies with it, so an unwrapped data key never outlives the
request (or command) that needed it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_app_context
from flask.globals import _cv_app

from caseflow.crypto import keyring
from caseflow.crypto.custody import LockedKeyStore
from caseflow.crypto.errors import CryptoError
from caseflow.crypto.keystore import KeyStore
from caseflow.crypto.vault import DEFAULT_DIRECTORY, Vault

EXTENSION = "caseflow.crypto"
_G_CACHE = "_caseflow_dek_cache"
_G_TERMS = "_caseflow_term_cache"


class CryptoState:
    """What the crypto package keeps per app: the key store and its settings."""

    def __init__(self, keystore: KeyStore, config: dict[str, Any]) -> None:
        self.keystore = keystore
        self.phone_region: str = config.get("PHONE_DEFAULT_REGION", "FR")
        # Expected number of persons: sets blind-index truncation (docs/SECURITY.md).
        self.index_population: int = int(config.get("BLIND_INDEX_POPULATION", 100_000))


def init_app(app: Flask) -> None:
    """Set up the key store (lazily: missing keys fail only when needed) and the flush hooks.

    The key commands (rotate-keys...) are registered with the others by caseflow.commands."""
    keys_dir = app.config.get("KEYS_DIR") or str(app.instance_path) + "/keys"
    app.extensions[EXTENSION] = CryptoState(_keystore(app, keys_dir), app.config)

    from caseflow.crypto import hooks

    hooks.install()

    @app.teardown_appcontext
    def _forget_data_keys(_exc: BaseException | None) -> None:
        keys = g.pop(_G_CACHE, None)
        if keys is not None:
            for key in keys.values():
                key.wipe()  # rows that kept a reference to a key lose it too
            keys.clear()
        terms = g.pop(_G_TERMS, None)
        if terms is not None:
            terms.clear()


def _keystore(app: Flask, keys_dir: str) -> KeyStore:
    """Key files (the default), or memory custody: a passphrase-locked keyring whose master
    key lives in a RAM file while unlocked (caseflow.crypto.custody)."""
    mode = app.config.get("KEY_CUSTODY", "files")
    if mode == "files":
        return KeyStore(keys_dir)
    if mode != "memory":
        raise CryptoError(f"KEY_CUSTODY must be 'files' or 'memory', got {mode!r}.")
    vault = Vault(app.config.get("KEY_VAULT_DIR") or DEFAULT_DIRECTORY, keys_dir)
    vault.check_in_ram()
    return LockedKeyStore(keys_dir, vault,
                          scrypt_n=int(app.config.get("KEYRING_SCRYPT_N") or keyring.SCRYPT_N))


def crypto_state() -> CryptoState:
    if not has_app_context():
        raise CryptoError("Encryption needs a Flask application context (app.app_context()).")
    try:
        return current_app.extensions[EXTENSION]
    except KeyError:
        raise CryptoError("caseflow.crypto.init_app(app) was not called.") from None


def current_keystore() -> KeyStore:
    return crypto_state().keystore


def _context_dict(name: str) -> dict:
    # flask.g without the LocalProxy layers: this runs once per field access.
    ctx = _cv_app.get(None)
    if ctx is None:
        raise CryptoError("Encryption needs a Flask application context (app.app_context()).")
    space = ctx.g.__dict__
    cache = space.get(name)
    if cache is None:
        cache = space[name] = {}
    return cache


def dek_cache() -> dict:
    """The per-app-context cache of unwrapped data keys: person_id -> DataKey.

    Cleared when the context ends (one request, one CLI command).
    """
    return _context_dict(_G_CACHE)


def term_cache() -> dict:
    """Per-app-context memo of normalised search terms and their tokens.

    Same lifetime as the DEK cache: an import of 10,000 people normalises
    "Mohamed" once, and nothing derived from a name outlives the request.
    """
    return _context_dict(_G_TERMS)
