"""Small secrets that belong to no person (TOTP seeds), sealed under a key derived from a KEK.

Person data has its own DEK so that erasing a person shreds it; a staff
member's TOTP seed has no such lifecycle, so it is sealed directly under a key
derived (HKDF-SHA256) from a KEK version and a purpose, with AES-256-GCM. The
KEK version is stored in the sealed value, so that after ``rotate-keys`` a
secret still opens under its old version and ``reencrypt_secret`` moves it to
the current one (a KEK version must not be retired while secrets use it). Every
column holding sealed values is registered in caseflow.crypto.sealed, which rotation
and retirement go through.

Layout: ``0x01 | KEK version (4, big-endian) | nonce (12) | ciphertext | tag (16)``.
Associated data: the label, the purpose and a context naming where the value
lives (``user_account.totp_secret|42``): a sealed seed copied onto another
account does not open.
"""

from __future__ import annotations

import os
import struct
import weakref

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseflow.crypto.errors import CryptoError, DecryptionError
from caseflow.crypto.keystore import KeyStore, kek_file_name
from caseflow.crypto.sealed import known_purpose
from caseflow.crypto.setup import current_keystore

__all__ = ["decrypt_secret", "encrypt_secret", "reencrypt_secret", "secret_kek_version"]

FORMAT = 1
LABEL = b"caseflow.secret.v1"
_HEADER = struct.Struct(">BI")
_NONCE = 12
_MINIMUM = _HEADER.size + _NONCE + 16

# Derived ciphers per key store and (KEK version, purpose): HKDF once per key generation
# (memory custody drops them when sealed: KeyStore.check raises, and a new generation
# after unlocking derives them again).
_derived: weakref.WeakKeyDictionary[KeyStore, tuple[int, dict[tuple[int, str], AESGCM]]] = (
    weakref.WeakKeyDictionary()
)


def _cipher(keystore: KeyStore, version: int, purpose: str) -> AESGCM:
    generation = keystore.check()
    cached = _derived.get(keystore)
    if cached is None or cached[0] != generation:
        cached = _derived[keystore] = (generation, {})
    ciphers = cached[1]
    found = ciphers.get((version, purpose))
    if found is None:
        # The raw KEK is needed as HKDF input; KeyStore.kek() only hands out a cipher.
        kek = keystore._read(kek_file_name(version), f"CASEFLOW_KEK_{version}",
                             f"KEK version {version}")
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=LABEL,
                   info=purpose.encode("ascii")).derive(kek)
        found = ciphers[(version, purpose)] = AESGCM(key)
    return found


def _ad(purpose: str, context: str, version: int) -> bytes:
    return b"|".join([LABEL, purpose.encode("ascii"), context.encode("utf-8"),
                      str(version).encode("ascii")])


def encrypt_secret(plaintext: bytes, *, purpose: str, context: str) -> bytes:
    """Seal ``plaintext`` under the current KEK version's key for ``purpose``.

    The purpose must be registered in caseflow.crypto.sealed (its column, so that rotation
    reseals it and retirement counts it) or declared transient there."""
    if not known_purpose(purpose):
        raise CryptoError(f"No sealed column is registered for the purpose {purpose!r}: "
                          "add it to caseflow.crypto.sealed, or rotate-keys would not "
                          "reseal it.")
    keystore = current_keystore()
    version = keystore.current_kek_version()
    nonce = os.urandom(_NONCE)
    sealed = _cipher(keystore, version, purpose).encrypt(nonce, plaintext,
                                                         _ad(purpose, context, version))
    return _HEADER.pack(FORMAT, version) + nonce + sealed


def secret_kek_version(sealed: bytes) -> int:
    """The KEK version a sealed secret depends on (for rotation and retirement)."""
    if len(sealed) < _MINIMUM or sealed[0] != FORMAT:
        raise DecryptionError("A sealed secret has an unknown format.")
    return _HEADER.unpack_from(sealed)[1]


def decrypt_secret(sealed: bytes, *, purpose: str, context: str) -> bytes:
    """Open a sealed secret; ``DecryptionError`` (naming the context only) if it does not open."""
    sealed = bytes(sealed)
    version = secret_kek_version(sealed)
    nonce = sealed[_HEADER.size:_HEADER.size + _NONCE]
    try:
        return _cipher(current_keystore(), version, purpose).decrypt(
            nonce, sealed[_HEADER.size + _NONCE:], _ad(purpose, context, version))
    except InvalidTag:
        raise DecryptionError(
            f"The sealed {purpose} secret of {context} does not open under KEK version "
            f"{version}: it was altered, moved, or the key file is wrong."
        ) from None


def reencrypt_secret(sealed: bytes, *, purpose: str, context: str) -> bytes:
    """The same secret sealed under the current KEK version (unchanged if already current)."""
    if secret_kek_version(sealed) == current_keystore().current_kek_version():
        return bytes(sealed)
    return encrypt_secret(decrypt_secret(sealed, purpose=purpose, context=context),
                          purpose=purpose, context=context)
