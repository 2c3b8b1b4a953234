"""caseflow.crypto: the only package that touches keys and ciphers.

Public surface (the rest of the app imports from here, never from submodules
that import ``cryptography`` directly):

- ``init_app(app)``: key store and flush hooks for a Flask app (the key commands are in
  caseflow.commands.keys);
- ``generate_keys(keys_dir)``: create missing key files (``flask init``);
- ``encrypted(kind)``: one-line declaration of an encrypted model attribute;
- ``find_person_ids(session, query)``: blind-index search, confirmed by decryption;
- ``shred_person(session, person_id)``: crypto-shredding;
- ``rotate_keks(...)`` / ``retire_kek(...)``: key rotation;
- ``sign(data)`` / ``verify_signature(data, signature)``: Ed25519 for certificates;
- the errors of ``caseflow.crypto.errors``.
"""

from __future__ import annotations

from caseflow.crypto.errors import (
    CryptoError,
    DecryptionError,
    KeyStoreError,
    MissingKeyError,
    ShreddedError,
    WrongKeyError,
)
from caseflow.crypto.fields import encrypted
from caseflow.crypto.keystore import KeyStore, generate_keys
from caseflow.crypto.rotation import RotationReport, kek_usage, retire_kek, rotate_keks
from caseflow.crypto.search import Match, find_person_ids, search_persons
from caseflow.crypto.setup import current_keystore, init_app
from caseflow.crypto.shred import shred_person
from caseflow.crypto.signing import (
    public_key_bytes,
    sign,
    verify_signature,
    verify_with_public_key,
)

__all__ = [
    "CryptoError",
    "DecryptionError",
    "KeyStore",
    "KeyStoreError",
    "Match",
    "MissingKeyError",
    "RotationReport",
    "ShreddedError",
    "WrongKeyError",
    "current_keystore",
    "encrypted",
    "find_person_ids",
    "generate_keys",
    "init_app",
    "kek_usage",
    "public_key_bytes",
    "retire_kek",
    "rotate_keks",
    "search_persons",
    "shred_person",
    "sign",
    "verify_signature",
    "verify_with_public_key",
]
