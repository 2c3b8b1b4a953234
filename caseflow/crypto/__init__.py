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
- ``export_person_keys`` / ``import_person_keys`` / ``transport_public_key``: data keys
  sealed to another server (a clinic box, the central server) for sync;
- ``seal_secret_to`` / ``open_transported_secret``: a TOTP seed sealed to a box it fills;
- memory custody (``KEY_CUSTODY = "memory"``): ``unlock_keys``, ``seal_keys``,
  ``keys_sealed`` and the passphrase slots (caseflow.crypto.unlocking);
- the errors of ``caseflow.crypto.errors``.
"""

from __future__ import annotations

from caseflow.crypto.errors import (
    CryptoError,
    DecryptionError,
    KeyStoreError,
    MissingKeyError,
    SealedError,
    ShreddedError,
    WrongKeyError,
)
from caseflow.crypto.fields import encrypted
from caseflow.crypto.keyring import WrongPassphraseError
from caseflow.crypto.keystore import KeyStore, generate_keys
from caseflow.crypto.rotation import RotationReport, kek_usage, retire_kek, rotate_keks
from caseflow.crypto.search import Match, find_person_ids, search_persons
from caseflow.crypto.secret_transport import open_transported_secret, seal_secret_to
from caseflow.crypto.setup import current_keystore, init_app
from caseflow.crypto.shred import shred_person
from caseflow.crypto.signing import (
    public_key_bytes,
    sign,
    verify_signature,
    verify_with_public_key,
)
from caseflow.crypto.transport import (
    export_person_keys,
    import_person_keys,
    transport_public_key,
)
from caseflow.crypto.unlocking import (
    add_unlock_passphrase,
    in_memory_custody,
    initialise_locked_keys,
    keyring_exists,
    keys_sealed,
    lock_key_files,
    remove_unlock_passphrase,
    seal_keys,
    unlock_keys,
    unlock_slots,
)

__all__ = [
    "CryptoError",
    "DecryptionError",
    "KeyStore",
    "KeyStoreError",
    "Match",
    "MissingKeyError",
    "RotationReport",
    "SealedError",
    "ShreddedError",
    "WrongKeyError",
    "WrongPassphraseError",
    "add_unlock_passphrase",
    "current_keystore",
    "encrypted",
    "export_person_keys",
    "find_person_ids",
    "generate_keys",
    "import_person_keys",
    "in_memory_custody",
    "init_app",
    "initialise_locked_keys",
    "kek_usage",
    "keyring_exists",
    "keys_sealed",
    "lock_key_files",
    "open_transported_secret",
    "public_key_bytes",
    "remove_unlock_passphrase",
    "retire_kek",
    "rotate_keks",
    "seal_keys",
    "seal_secret_to",
    "search_persons",
    "shred_person",
    "sign",
    "transport_public_key",
    "unlock_keys",
    "unlock_slots",
    "verify_signature",
    "verify_with_public_key",
]
