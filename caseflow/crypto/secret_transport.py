"""Small secrets (a staff member's TOTP seed) travelling to another server, sealed to it.

A seed is sealed under the sender's KEK (caseflow.crypto.secrets), which the recipient
does not hold and must never hold. When a clinic box is filled, each seed travels as its
plaintext sealed to the box's transport key (the construction of caseflow.crypto.transport:
ephemeral X25519, HKDF-SHA256, AES-256-GCM), bound to the purpose, the sender, the
recipient and the subject (the user's id): a seed sealed to one box does not open on
another, nor for another account. The box then seals it under its own KEK.
"""

from __future__ import annotations

from caseflow.crypto.errors import DecryptionError
from caseflow.crypto.setup import current_keystore
from caseflow.crypto.transport import open_sealed, seal_to

__all__ = ["open_transported_secret", "seal_secret_to"]

LABEL = b"caseflow.secret-transport.v1"


def _ad(purpose: str, sender: str, recipient: str, subject: str) -> bytes:
    return b"|".join([LABEL, purpose.encode("ascii"), sender.encode(), recipient.encode(),
                      subject.encode()])


def seal_secret_to(recipient_public: bytes, plaintext: bytes, *, purpose: str, sender: str,
                   recipient: str, subject: str) -> bytes:
    """``plaintext`` sealed to ``recipient``'s transport public key (32 bytes)."""
    return seal_to(recipient_public, plaintext, _ad(purpose, sender, recipient, subject))


def open_transported_secret(sealed: bytes, *, purpose: str, sender: str, recipient: str,
                            subject: str) -> bytes:
    """Open a secret sealed to this server's transport key; ``DecryptionError`` if it was
    sealed to another server, for another subject or purpose, or altered."""
    try:
        return open_sealed(current_keystore().transport_key, sealed,
                           _ad(purpose, sender, recipient, subject))
    except DecryptionError:
        raise DecryptionError(f"A transported {purpose} secret does not open here: sealed to "
                              "another server, for another account, or altered.") from None
