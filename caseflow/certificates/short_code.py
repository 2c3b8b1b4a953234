"""The verification code printed under the QR code, for a reader who has no camera.

Apart from the seal (seal.py), which draws it, because the public verification page reads
it too, from what a person types.
"""

from __future__ import annotations

import hashlib
import re

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: nothing to misread
SHORT_CODE_BITS = 50
_SHORT_CHARS = SHORT_CODE_BITS // 5
_TYPED = str.maketrans("OIL", "011")  # what Crockford's base32 reads for letters it omits
TYPED_NOISE = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")  # spaces, every kind of dash


def short_code(code: str) -> str:
    """The code printed under the QR code, typed by a reader who has no camera: the first
    50 bits of the SHA-256 of the signed code, in Crockford's base32 (`K7Q2M-4X9PA`).

    Derived from `Certificate.code`, so nothing more is stored. It is not a signature:
    it proves nothing offline, only that the register knows this serial with this
    code. 50 bits are enough because it is only ever checked online, together with
    the serial, by the public page: rate limited per client address
    (VERIFY_RATE_LIMIT, 30 a minute by default, one counter with the name check), each
    known answer audited. Each guess at one serial succeeds with probability 2^-50
    (~10^-15): ten thousand addresses guessing at the limit for a year make 1.6*10^11
    guesses, 1.4*10^-4 expected hits, whatever the number of certificates. Nothing can
    be guessed offline: the code it comes from holds a signature no one can predict.
    And a hit only tells what the QR code tells (kind, issue date, site, status).
    Ten characters, in two groups of five, is what a reader types without error.
    """
    digest = hashlib.sha256(code.encode("ascii")).digest()
    value = int.from_bytes(digest, "big") >> (256 - SHORT_CODE_BITS)
    chars = "".join(CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(_SHORT_CHARS)))
    half = _SHORT_CHARS // 2
    return f"{chars[:half]}-{chars[half:]}"


def typed_short_code(typed: str) -> str | None:
    """A short code as typed (any case, spaces or dashes anywhere, O for 0, I or L for 1)
    in its printed form, or None if it cannot be one."""
    chars = TYPED_NOISE.sub("", (typed or "")[:40]).upper().translate(_TYPED)
    if len(chars) != _SHORT_CHARS or any(c not in CROCKFORD for c in chars):
        return None
    half = _SHORT_CHARS // 2
    return f"{chars[:half]}-{chars[half:]}"
