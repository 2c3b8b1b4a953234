"""Data keys travelling between servers: sealed to the recipient's X25519 public key.

A clinic box reads the people of its sites with their own data keys (DEKs), so that a
record synchronised in either direction is the same ciphertext everywhere. A DEK never
travels in clear nor under a key both ends hold: the sender seals it to the recipient's
transport public key (an ephemeral X25519 exchange, HKDF-SHA256, AES-256-GCM; the
construction of HPKE's base mode), bound to the sender, the recipient and the person.
The recipient opens it with its transport private key (in memory custody, inside the
sealed keyring) and wraps it under its own KEK as any other ``person_key`` row.

So a box holds only what was sealed to its own key: a box revoked centrally receives
nothing more, and nothing the central server sends to another box opens on it.

Layout: ``0x01 | ephemeral public key (32) | nonce (12) | AES-256-GCM(key_id | DEK) | tag``
(key_id: 4 bytes, DEK: 32).
"""

from __future__ import annotations

import os
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from caseflow.crypto.envelope import unwrap_dek, wrap_dek
from caseflow.crypto.errors import DecryptionError, WrongKeyError
from caseflow.crypto.setup import current_keystore
from caseflow.crypto.tables import PERSON_KEY, utcnow

__all__ = ["export_person_keys", "import_person_keys", "transport_public_key"]

FORMAT = 1
LABEL = b"caseflow.dek-transport.v1"
_PUBLIC = 32
_NONCE = 12


def transport_public_key() -> bytes:
    """This server's transport public key (32 bytes): what others seal data keys to."""
    return current_keystore().transport_key.public_key().public_bytes(Encoding.Raw,
                                                                     PublicFormat.Raw)


def _ad(sender: str, recipient: str, person_id: uuid.UUID) -> bytes:
    return b"|".join([LABEL, sender.encode(), recipient.encode(), person_id.bytes])


def _derive(shared: bytes, ephemeral: bytes, recipient_public: bytes) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=LABEL,
               info=ephemeral + recipient_public).derive(shared)
    return AESGCM(key)


def seal_to(recipient_public: bytes, plaintext: bytes, ad: bytes) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = os.urandom(_NONCE)
    sealed = _derive(shared, ephemeral_public, recipient_public).encrypt(nonce, plaintext, ad)
    return bytes([FORMAT]) + ephemeral_public + nonce + sealed


def open_sealed(private: X25519PrivateKey, sealed: bytes, ad: bytes) -> bytes:
    sealed = bytes(sealed)
    if len(sealed) < 1 + _PUBLIC + _NONCE + 16 or sealed[0] != FORMAT:
        raise DecryptionError("A transported key has an unknown format.")
    ephemeral_public = sealed[1:1 + _PUBLIC]
    nonce = sealed[1 + _PUBLIC:1 + _PUBLIC + _NONCE]
    own_public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    try:
        return _derive(shared, ephemeral_public, own_public).decrypt(
            nonce, sealed[1 + _PUBLIC + _NONCE:], ad)
    except InvalidTag:
        raise DecryptionError("A transported data key does not open here: it was sealed to "
                              "another server, for another person, or altered.") from None


def export_person_keys(session: Session, person_ids: list[uuid.UUID], *, sender: str,
                       recipient: str, recipient_public: bytes) -> dict[uuid.UUID, bytes]:
    """The data keys of ``person_ids`` sealed to ``recipient``. People without a key row
    (erased) are left out: an erased person's data must not come back to life elsewhere."""
    keystore = current_keystore()
    rows = session.execute(select(PERSON_KEY.c.person_id, PERSON_KEY.c.kek_version,
                                  PERSON_KEY.c.key_id, PERSON_KEY.c.wrapped)
                           .where(PERSON_KEY.c.person_id.in_(person_ids))).all()
    out: dict[uuid.UUID, bytes] = {}
    for person_id, version, key_id, wrapped in rows:
        key_id = bytes(key_id)
        dek = unwrap_dek(keystore, version, person_id, key_id, bytes(wrapped))
        out[person_id] = seal_to(recipient_public, key_id + dek, _ad(sender, recipient, person_id))
    return out


def import_person_keys(session: Session, sealed: dict[uuid.UUID, bytes], *, sender: str,
                       recipient: str) -> int:
    """Store the data keys sealed to this server, wrapped under its current KEK; the number
    of keys added. Each person's row must be there first (the key row refers to it). A key
    already held is left alone; a *different* key for a person already held is refused
    (one person, one key across the network, or their records would split)."""
    keystore = current_keystore()
    private = keystore.transport_key
    version = keystore.current_kek_version()
    held = dict(session.execute(select(PERSON_KEY.c.person_id, PERSON_KEY.c.key_id)
                                .where(PERSON_KEY.c.person_id.in_(list(sealed)))).all())
    added = 0
    for person_id, blob in sealed.items():
        plain = open_sealed(private, blob, _ad(sender, recipient, person_id))
        key_id, dek = plain[:4], plain[4:]
        if person_id in held:
            if bytes(held[person_id]) != key_id:
                raise WrongKeyError(f"Person {person_id} already has another data key here: "
                                    "refused, their records would split between two keys.")
            continue
        session.execute(insert(PERSON_KEY).values(
            person_id=person_id, kek_version=version, key_id=key_id, created_at=utcnow(),
            wrapped=wrap_dek(keystore, version, person_id, key_id, dek)))
        added += 1
    return added
