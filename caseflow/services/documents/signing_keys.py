"""The public keys a certificate's signature may verify with here, and which one did.

Why more than one: a certificate issued on a clinic box is signed there, offline, with
the box's own Ed25519 key, never with the organisation's: no laptop that can be seized
holds the key that signs every other certificate. Central pins the box's key at its first
contact (ClinicBox.signing_public_key, caseflow/services/boxes); once the certificate has
synced, the register knows it, the verification page answers for it and shows the key
that signed it, with which a reader checks the file offline.

A box's key stays trusted after the box is revoked, for what the register already holds:
a revoked box can add nothing to the register (its pushes are refused), and the page
answers from the register, never from a signature alone. A certificate a stolen box signs
afterwards verifies nowhere but on that box.

On a box: its own key, then central's (learnt at each contact), so that a certificate
issued centrally and pulled to the box verifies there too.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from caseflow.certificates import seal as sealing
from caseflow.crypto import current_keystore, public_key_bytes, verify_with_public_key
from caseflow.crypto.keystore import CENTRAL_SIGNING_KEY
from caseflow.extensions import db
from caseflow.models.clinic_box import ClinicBox


def _others() -> list[bytes]:
    """The keys other than this server's own: the boxes' (central), central's (a box)."""
    keys = [bytes(key) for key in db.session.scalars(
        select(ClinicBox.signing_public_key).where(ClinicBox.signing_public_key.is_not(None))
        .order_by(ClinicBox.id))]
    central = current_keystore().read_box_secret(CENTRAL_SIGNING_KEY)
    return [*keys, central] if central else keys


def signer(message: bytes, signature: bytes) -> bytes | None:
    """The trusted public key `signature` verifies `message` with, or None. This server's
    own key first: the others are read from the database only when it fails."""
    own = public_key_bytes()
    if verify_with_public_key(own, message, signature):
        return own
    return next((key for key in _others()
                 if verify_with_public_key(key, message, signature)), None)


def key_of(serial: str, code: str) -> bytes | None:
    """The trusted key that signed a stored certificate code, or None."""
    try:
        statement, signature = sealing.decode_code(serial, code)
    except sealing.SealError:
        return None
    return signer(statement.message(), signature)


def is_box_key(key: bytes) -> bool:
    """Whether a key that ``signer`` returned is a clinic box's: on a box, its own; centrally,
    any but central's own (the others ``signer`` trusts there are the pinned boxes'). No
    read: the keys were read once, by ``signer``."""
    own = key == public_key_bytes()
    return own if current_app.config.get("SYNC_ROLE") == "box" else not own
