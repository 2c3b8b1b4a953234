"""Two-factor sign-in (TOTP) for staff accounts: who needs it, enrolment, codes, reset.

A stolen or guessed password alone must not open records of people who may be
in danger. Two-factor is required for coordinators and administrators (they
read across sites or manage accounts; TWO_FACTOR_REQUIRED_ROLES), for every
member of a site whose administrator asked for it (Site.require_two_factor),
and optional for everyone else.

The seed is sealed by caseflow.crypto.secrets (never stored in clear, bound to
its account). A code is spent once: the last accepted time step is stored and a
code of that step or an earlier one is refused, by a conditional UPDATE so that
two requests racing with one code cannot both pass. Recovery codes are argon2
hashes, burnt the same way. Every change is audited; no event holds a code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update

from caseflow import totp
from caseflow.audit import Action, record_event
from caseflow.crypto import CryptoError, SealedError, current_keystore
from caseflow.crypto.secrets import (
    decrypt_secret,
    encrypt_secret,
    reencrypt_secret,
    secret_kek_version,
)
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.recovery_code import RecoveryCode
from caseflow.models.user import User, new_session_token
from caseflow.passwords import hash_password, verify_password
from caseflow.roles import Role
from caseflow.services import ServiceError, commit_or_conflict
from caseflow.services.staff import role_grants
from caseflow.services.staff.lockout import count_failure, lock_message

PURPOSE = "totp"
DEFAULT_REQUIRED_ROLES = (Role.COORDINATOR.value, Role.ADMIN.value)
TOTP = "totp"
RECOVERY_CODE = "recovery_code"


def _context(user_id: int) -> str:
    """Where a sealed seed lives: the associated data that binds it to its account."""
    return f"user_account.totp_secret|{user_id}"


def required_roles() -> frozenset[str]:
    return frozenset(str(r) for r in current_app.config.get("TWO_FACTOR_REQUIRED_ROLES",
                                                            DEFAULT_REQUIRED_ROLES))


def required_for(user: User) -> bool:
    """Must this account sign in with a second factor? (its role, or one of its sites)"""
    if str(user.role) in required_roles():
        return True
    return any(m.site.require_two_factor for m in user.memberships)


def must_enrol(user: User) -> bool:
    return required_for(user) and not user.two_factor_enabled


def _seed(user: User) -> str:
    return decrypt_secret(user.totp_secret, purpose=PURPOSE, context=_context(user.id)).decode()


def _seal(user: User, seed: str) -> bytes:
    return encrypt_secret(seed.encode(), purpose=PURPOSE, context=_context(user.id))


# -- enrolment -----------------------------------------------------------------


def begin_enrolment(user: User) -> str:
    """The seed being enrolled: the pending one (a QR code already scanned stays
    valid when the page is opened again), or a new one, sealed and saved."""
    if user.two_factor_enabled:
        raise ServiceError(_l("Two-factor sign-in is already on for your account."))
    if user.totp_secret is not None:
        try:
            return _seed(user)
        except CryptoError:
            pass  # sealed under a retired key or altered: start again with a new seed
    seed = totp.new_seed()
    user.totp_secret = _seal(user, seed)
    user.totp_last_step = None
    db.session.commit()
    return seed


def provisioning_uri(user: User, seed: str) -> str:
    issuer = current_app.config.get("TWO_FACTOR_ISSUER", "caseflow")
    return totp.provisioning_uri(seed, user.login, issuer)


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Turn two-factor on once the app shows the right code; returns the recovery codes
    (their only appearance in clear: the caller shows them once)."""
    if user.two_factor_enabled:
        raise ServiceError(_l("Two-factor sign-in is already on for your account."))
    if user.totp_secret is None:
        raise ServiceError(_l("The set-up was interrupted. Open the page again."))
    step = totp.matching_step(_seed(user), totp.normalise(code))
    if step is None:
        record_event(Action.TWO_FACTOR_FAILED, actor_id=user.id, object_type="user",
                     object_id=user.id, details={"during": "enrolment"})
        db.session.commit()  # the refusal is recorded even though the caller rolls back
        raise ServiceError(_l("This is not the code your app shows. Check that your phone is "
                              "on time, then type the current code."), field="code")
    user.totp_last_step = step  # the confirming code cannot sign in a second time
    user.totp_enabled_at = utcnow()
    codes = _replace_recovery_codes(user)
    record_event(Action.TWO_FACTOR_ENABLED, actor_id=user.id, object_type="user",
                 object_id=user.id)
    db.session.commit()
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = totp.new_recovery_codes()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(totp.normalise(c)))
                       for c in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ) or 0


# -- checking a code -----------------------------------------------------------


def verify_second_factor(user: User, code: str) -> str | None:
    """Spend `code` (a current TOTP code or an unused recovery code) if it is right.

    Returns TOTP or RECOVERY_CODE, or None for a wrong, reused or malformed code.
    The caller commits (and counts a None toward the lock).
    """
    if not user.two_factor_enabled:
        return None
    raw = totp.normalise(code)
    if totp.looks_like_totp(raw):
        return TOTP if _spend_totp(user, raw) else None
    if totp.looks_like_recovery_code(raw):
        return RECOVERY_CODE if _spend_recovery_code(user, raw) else None
    return None


def _spend_totp(user: User, code: str) -> bool:
    try:
        seed = _seed(user)
    except SealedError:
        # The keys were sealed: nobody typed a wrong code. The unlock page answers
        # (caseflow/blueprints/custody), and no failure counts towards a lock-out.
        raise
    except CryptoError:
        current_app.logger.error("The TOTP seed of user %s does not open.", user.id)
        return False
    step = totp.matching_step(seed, code)
    if step is None:
        return False
    table = User.__table__
    accepted = db.session.execute(
        update(table)
        .where(table.c.id == user.id,
               or_(table.c.totp_last_step.is_(None), table.c.totp_last_step < step))
        .values(totp_last_step=step)
    ).rowcount
    db.session.expire(user, ["totp_last_step"])
    if accepted != 1:
        return False  # this step (or a later one) was already used
    if secret_kek_version(user.totp_secret) != current_keystore().current_kek_version():
        user.totp_secret = reencrypt_secret(user.totp_secret, purpose=PURPOSE,
                                            context=_context(user.id))
    return True


def _spend_recovery_code(user: User, code: str) -> bool:
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                   RecoveryCode.used_at.is_(None))
    ).all()
    for candidate in unused:
        if not verify_password(candidate.code_hash, code):
            continue
        table = RecoveryCode.__table__
        burnt = db.session.execute(
            update(table).where(table.c.id == candidate.id, table.c.used_at.is_(None))
            .values(used_at=utcnow())
        ).rowcount
        if burnt != 1:
            return False  # spent by a request racing with this one
        record_event(Action.RECOVERY_CODE_USED, actor_id=user.id, object_type="user",
                     object_id=user.id, details={"remaining": len(unused) - 1})
        return True
    return False


# -- turning it off ------------------------------------------------------------


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def disable(user: User, password: str, code: str) -> None:
    """The user turns two-factor off (to change phone, say), proving both factors."""
    if not user.two_factor_enabled:
        raise ServiceError(_l("Two-factor sign-in is not on for your account."))
    now = utcnow()
    if user.is_locked(now):
        raise ServiceError(lock_message())
    proven = verify_password(user.password_hash, password or "") and (
        verify_second_factor(user, code or "") is not None)
    if not proven:
        locked = count_failure(user, now, Action.TWO_FACTOR_FAILED,
                               {"during": "disable"})
        db.session.commit()
        raise ServiceError(lock_message() if locked
                           else _l("The password or the code is not correct."), field="code")
    _clear(user)
    user.failed_logins = 0
    record_event(Action.TWO_FACTOR_DISABLED, actor_id=user.id, object_type="user",
                 object_id=user.id)
    db.session.commit()


def reset(actor: User, user: User) -> None:
    """An administrator removes a user's two-factor (a lost phone and no recovery code).

    The user's sessions end, and at the next sign-in the user enrols again if it
    is required for them. Without the second factor the password alone opens the
    account: one that reads people is switched off until a medical coordinator
    approves (caseflow.services.staff.role_grants.hold_sign_in). A set-up never finished
    protected nothing yet: clearing it holds nothing."""
    if user.totp_secret is None and not user.two_factor_enabled:
        raise ServiceError(_l("This account has no two-factor sign-in to reset."))
    was_on = user.two_factor_enabled
    _clear(user)
    user.session_token = new_session_token()
    record_event(Action.TWO_FACTOR_RESET, actor_id=actor.id, object_type="user",
                 object_id=user.id)
    if was_on:
        role_grants.hold_sign_in(actor, user, "two_factor")
    commit_or_conflict()


# -- what pages show -----------------------------------------------------------


@dataclass(frozen=True)
class Status:
    enabled: bool
    enabled_at: datetime | None
    pending: bool
    required: bool
    recovery_codes_left: int

    @property
    def label(self):
        if self.enabled:
            return _l("On")
        if self.required:
            return _l("Required, not set up yet")
        return _l("Off (optional)")


def status(user: User) -> Status:
    enabled = user.two_factor_enabled
    return Status(enabled=enabled, enabled_at=user.totp_enabled_at,
                  pending=user.totp_secret is not None and not enabled,
                  required=required_for(user),
                  recovery_codes_left=recovery_codes_left(user) if enabled else 0)


# -- key rotation ----------------------------------------------------------------


def seeds_by_kek_version() -> dict[int, int]:
    """How many sealed seeds depend on each KEK version (a version in use must not retire)."""
    counts: dict[int, int] = {}
    for sealed in db.session.scalars(select(User.totp_secret)
                                     .where(User.totp_secret.is_not(None))):
        version = secret_kek_version(sealed)
        counts[version] = counts.get(version, 0) + 1
    return counts


def reseal_seeds() -> int:
    """Seal every seed under the current KEK version (after rotate-keys); returns how many moved."""
    moved = 0
    table = User.__table__
    rows = db.session.execute(select(table.c.id, table.c.totp_secret)
                              .where(table.c.totp_secret.is_not(None))).all()
    for user_id, sealed in rows:
        resealed = reencrypt_secret(sealed, purpose=PURPOSE, context=_context(user_id))
        if resealed != bytes(sealed):
            db.session.execute(update(table).where(table.c.id == user_id)
                               .values(totp_secret=resealed))
            moved += 1
    db.session.commit()
    return moved
