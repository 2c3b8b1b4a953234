"""Ed25519 signatures for certificates (checked from a printed copy's QR code)."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from caseflow.crypto.setup import current_keystore


def sign(data: bytes) -> bytes:
    return current_keystore().signing_key.sign(data)


def verify_signature(data: bytes, signature: bytes) -> bool:
    try:
        current_keystore().signing_key.public_key().verify(signature, data)
    except InvalidSignature:
        return False
    return True


def verify_with_public_key(public_key: bytes, data: bytes, signature: bytes) -> bool:
    """Check a signature with a published raw public key (no key store needed: offline)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_bytes() -> bytes:
    """Raw 32-byte public key, for publishing on the verification page."""
    return current_keystore().signing_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
