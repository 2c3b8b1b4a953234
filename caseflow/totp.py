"""TOTP (RFC 6238) and recovery codes: the arithmetic, without accounts or storage.

Codes are pyotp's: HMAC-SHA1, 30-second steps, 6 digits, what every
authenticator app (FreeOTP, Aegis, Google Authenticator...) shows. A code is
accepted one step early or late (±30 s) because phones' clocks drift and people
type slowly; the step that matched is returned so that the caller can refuse
the same step twice (services/two_factor.py stores the last one per user).
"""

from __future__ import annotations

import hmac
import secrets
import time

import pyotp

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # steps accepted on each side of the current one
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: read off paper and typed again, possibly years later.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10  # 31^10, about 2^49: enough behind a lockout and a rate limit


def new_seed() -> str:
    """A random 160-bit seed, base32 (RFC 4226's recommended length)."""
    return pyotp.random_base32(length=32)


def _totp(seed: str) -> pyotp.TOTP:
    return pyotp.TOTP(seed, digits=DIGITS, interval=STEP_SECONDS)


def provisioning_uri(seed: str, account: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return _totp(seed).provisioning_uri(name=account, issuer_name=issuer)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def code_for_step(seed: str, step: int) -> str:
    return _totp(seed).generate_otp(step)


def normalise(raw: str) -> str:
    """What people type, without spaces or dashes, lower case ('123 456', 'ABCDE-FGHJK')."""
    return "".join(ch for ch in (raw or "") if ch.isalnum()).lower()


def looks_like_totp(code: str) -> bool:
    """Six ASCII digits (a normalised code); anything else may be a recovery code."""
    return len(code) == DIGITS and code.isascii() and code.isdigit()


def matching_step(seed: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code is `code` (within ±WINDOW of now), or None.

    Every candidate is compared, in constant time, so that the answer's timing
    does not tell which step was close.
    """
    if not looks_like_totp(code):
        return None
    now_step = current_step(now)
    found = None
    for step in range(now_step - WINDOW, now_step + WINDOW + 1):
        if hmac.compare_digest(code_for_step(seed, step), code) and found is None:
            found = step
    return found


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Random one-time codes, shown as two groups of five ('abcde-fghjk')."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def looks_like_recovery_code(code: str) -> bool:
    """A normalised code of the recovery length over the recovery alphabet."""
    return len(code) == RECOVERY_LENGTH and all(ch in RECOVERY_ALPHABET for ch in code)


def grouped(seed: str) -> str:
    """The seed in groups of four, for typing it into an app by hand."""
    return " ".join(seed[i:i + 4] for i in range(0, len(seed), 4))
