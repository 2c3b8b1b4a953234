"""Account administration and self-service password change, each audited.

Administrators manage accounts; they never see clinical content. Every change
names the fields it touched in the audit event, never their values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.site import Site
from caseflow.models.user import SiteMembership, User, new_session_token
from caseflow.passwords import generate_password, hash_password, password_problems, verify_password
from caseflow.roles import ROLE_DISCIPLINE, Discipline, Role
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict


@dataclass
class AccountFields:
    """What an administrator sets on an account."""

    login: str
    display_name: str
    role: Role
    discipline: Discipline | None = None
    profession: str = ""
    rpps: str | None = None
    adeli: str | None = None
    language: str | None = None
    site_ids: set[int] = field(default_factory=set)


def _clean(fields: AccountFields) -> AccountFields:
    fields.login = fields.login.strip().lower()
    fields.display_name = fields.display_name.strip()
    fields.profession = (fields.profession or "").strip()
    fields.rpps = (fields.rpps or "").strip() or None
    fields.adeli = (fields.adeli or "").strip() or None
    if fields.discipline is None:
        fields.discipline = ROLE_DISCIPLINE.get(fields.role)
    if fields.role in (Role.ADMIN, Role.DATA_MANAGER):
        fields.discipline = None  # no clinical discipline, no notes
    if fields.rpps and not (fields.rpps.isdigit() and len(fields.rpps) == 11):
        raise ServiceError(_l("An RPPS number has 11 digits."), field="rpps")
    if fields.adeli and not (fields.adeli.isalnum() and len(fields.adeli) == 9):
        raise ServiceError(_l("An ADELI number has 9 characters."), field="adeli")
    return fields


def _set_sites(user: User, site_ids: set[int]) -> None:
    known = set(db.session.scalars(select(Site.id).where(Site.id.in_(site_ids))))
    if known != site_ids:
        raise ServiceError(_l("Unknown site."), field="site_ids")
    for membership in list(user.memberships):
        if membership.site_id not in site_ids:
            user.memberships.remove(membership)
    for site_id in site_ids - user.site_ids:
        user.memberships.append(SiteMembership(site_id=site_id))


def create_user(actor: User | None, fields: AccountFields, password: str | None = None,
                must_change_password: bool = True) -> tuple[User, str]:
    """Create an account; returns it with its initial password (shown once, never stored)."""
    fields = _clean(fields)
    if not fields.login.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise ServiceError(_l("A login has letters, digits, dots, dashes or underscores."),
                           field="login")
    exists = db.session.scalar(select(User.id).where(func.lower(User.login) == fields.login))
    if exists:
        raise ServiceError(_l("This login is already taken."), field="login")
    password = password or generate_password()
    problems = password_problems(password, fields.login)
    if problems:
        raise ServiceError(problems[0], field="password")
    user = User(
        login=fields.login, display_name=fields.display_name, role=fields.role,
        discipline=fields.discipline, profession=fields.profession, rpps=fields.rpps,
        adeli=fields.adeli, language=fields.language, password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    _set_sites(user, fields.site_ids)
    db.session.flush()
    record_event(Action.USER_CREATED, actor_id=actor.id if actor else None,
                 object_type="user", object_id=user.id, details={"role": str(user.role)})
    db.session.commit()
    return user, password


def update_user(actor: User, user: User, expected_version: int, fields: AccountFields) -> User:
    """Apply an administrator's edit, refusing it if someone saved the account meanwhile."""
    if user.version != expected_version:
        raise ConcurrentEditError(_l("Someone else changed this account while you were editing "
                                     "it. Review the current values and save again."))
    fields = _clean(fields)
    changed = []
    for name in ("display_name", "role", "discipline", "profession", "rpps", "adeli", "language"):
        if getattr(user, name) != getattr(fields, name):
            setattr(user, name, getattr(fields, name))
            changed.append(name)
    if user.site_ids != fields.site_ids:
        _set_sites(user, fields.site_ids)
        changed.append("sites")
    if not changed:
        return user
    user.version += 1
    if "role" in changed or "sites" in changed:
        user.session_token = new_session_token()  # new rights take effect at the next sign-in
    record_event(Action.USER_UPDATED, actor_id=actor.id, object_type="user", object_id=user.id,
                 details={"changed": changed})
    commit_or_conflict()
    return user


def set_active(actor: User, user: User, active: bool) -> None:
    if user.id == actor.id and not active:
        raise ServiceError(_l("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    user.session_token = new_session_token()
    record_event(Action.USER_REACTIVATED if active else Action.USER_DEACTIVATED,
                 actor_id=actor.id, object_type="user", object_id=user.id)
    commit_or_conflict()


def unlock(actor: User, user: User) -> None:
    user.locked_until = None
    user.failed_logins = 0
    record_event(Action.USER_UNLOCKED, actor_id=actor.id, object_type="user", object_id=user.id)
    commit_or_conflict()


def reset_password(actor: User, user: User) -> str:
    """Give the account a new temporary password, to be changed at the next sign-in."""
    password = generate_password()
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = True
    user.locked_until = None
    user.failed_logins = 0
    user.session_token = new_session_token()
    record_event(Action.PASSWORD_RESET, actor_id=actor.id, object_type="user", object_id=user.id)
    commit_or_conflict()
    return password


def change_own_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise ServiceError(_l("The current password is not correct."), field="current_password")
    problems = password_problems(new, user.login)
    if verify_password(user.password_hash, new):
        problems.append(_l("The new password must differ from the current one."))
    if problems:
        raise ServiceError(problems[0], field="new_password")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    user.session_token = new_session_token()  # other sessions of this user end now
    record_event(Action.PASSWORD_CHANGED, actor_id=user.id, object_type="user", object_id=user.id)
    db.session.commit()
