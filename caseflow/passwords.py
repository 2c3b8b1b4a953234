"""Password hashing (argon2id) and the password rules staff accounts follow."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import lazy_gettext as _l

MAX_PASSWORD_LENGTH = 256  # argon2 hashes anything, but a megabyte password is an attack


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


_DUMMY_HASH: dict[str, str] = {}


def burn_verification_time(password: str) -> None:
    """Spend the time of a real verification so that unknown logins are not told apart by timing."""
    key = f"{current_app.config['ARGON2_MEMORY_COST']}:{current_app.config['ARGON2_TIME_COST']}"
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = hash_password(secrets.token_urlsafe(16))
    verify_password(_DUMMY_HASH[key], password)


def password_problems(password: str, login: str) -> list:
    """What is wrong with a new password, as messages for the person choosing it."""
    problems = []
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(_l("The password must have at least %(n)d characters.", n=minimum))
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(
            _l("The password must have at most %(n)d characters.", n=MAX_PASSWORD_LENGTH)
        )
    if login and login.lower() in password.lower():
        problems.append(_l("The password must not contain the login."))
    if password and len(set(password)) < 5:
        problems.append(_l("The password is too repetitive."))
    return problems


def generate_password() -> str:
    """A random password that is easy to read aloud and type: 4 groups of 4 characters."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))
