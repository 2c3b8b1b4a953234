"""Account administration and self-service password change, each audited.

Administrators manage accounts; they never see clinical content. Every change
names the fields it touched in the audit event, never their values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow.access.role_grants import (
    APPROVAL_ROLES,
    changes_own_access,
    needs_approval,
    widens,
)
from caseflow.audit import Action, record_event
from caseflow.certificates.professions import Profession
from caseflow.certificates.wording import Gender
from caseflow.disciplines import Discipline, for_role
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.site import Site
from caseflow.models.user import SiteMembership, User, new_session_token
from caseflow.passwords import generate_password, hash_password, password_problems, verify_password
from caseflow.roles import Role
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.staff import role_grants


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
    # How documents the account signs agree with it (Gender value); None leaves it as it is
    # (a new account: inclusive, « Je soussigné(e) »).
    form_of_address: str | None = None
    # The profession as certificates print it (a Profession value) and the national licence
    # number outside France. Likewise None leaves them as they are; "" clears them (no
    # code: the free text `profession` prints as typed).
    profession_code: str | None = None
    licence_number: str | None = None


def _clean(fields: AccountFields) -> AccountFields:
    fields.login = fields.login.strip().lower()
    fields.display_name = fields.display_name.strip()
    fields.profession = (fields.profession or "").strip()
    fields.rpps = (fields.rpps or "").strip() or None
    fields.adeli = (fields.adeli or "").strip() or None
    if fields.licence_number is not None:
        fields.licence_number = fields.licence_number.strip()
    if fields.discipline is None:
        fields.discipline = for_role(fields.role)
    if fields.role in (Role.ADMIN, Role.DATA_MANAGER):
        fields.discipline = None  # no clinical discipline, no notes
    if fields.rpps and not (fields.rpps.isdigit() and len(fields.rpps) == 11):
        raise ServiceError(_l("An RPPS number has 11 digits."), field="rpps")
    if fields.adeli and not (fields.adeli.isalnum() and len(fields.adeli) == 9):
        raise ServiceError(_l("An ADELI number has 9 characters."), field="adeli")
    if fields.form_of_address is not None and fields.form_of_address not in set(Gender):
        raise ServiceError(_l("Choose one of the forms offered."), field="form_of_address")
    if fields.profession_code and fields.profession_code not in set(Profession):
        raise ServiceError(_l("Choose one of the professions offered."),
                           field="profession_code")
    return fields


def _check_sites(site_ids: set[int]) -> None:
    known = set(db.session.scalars(select(Site.id).where(Site.id.in_(site_ids))))
    if known != site_ids:
        raise ServiceError(_l("Unknown site."), field="site_ids")


def _set_sites(user: User, site_ids: set[int]) -> None:
    _check_sites(site_ids)
    for membership in list(user.memberships):
        if membership.site_id not in site_ids:
            user.memberships.remove(membership)
    for site_id in site_ids - user.site_ids:
        user.memberships.append(SiteMembership(site_id=site_id))


def create_user(actor: User | None, fields: AccountFields, password: str | None = None,
                must_change_password: bool = True) -> tuple[User, str]:
    """Create an account; returns it with its initial password (shown once, never stored).

    Created by an administrator (`actor`) with a role that reads people or figures, the
    account is created switched off and without sites, and its role waits for a medical
    coordinator's approval (caseflow.access.role_grants): the password shown opens
    nothing until then. The operator's `flask create-user` (`actor` None) creates it
    directly: whoever runs it already holds the server, its database and its keys."""
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
    awaits = actor is not None and fields.role in APPROVAL_ROLES
    user = User(
        login=fields.login, display_name=fields.display_name, role=fields.role,
        discipline=fields.discipline, profession=fields.profession, rpps=fields.rpps,
        adeli=fields.adeli, language=fields.language, password_hash=hash_password(password),
        must_change_password=must_change_password, active=not awaits,
        form_of_address=Gender(fields.form_of_address or Gender.INCLUSIVE),
        profession_code=fields.profession_code or None,
        licence_number=fields.licence_number or None,
    )
    db.session.add(user)
    _check_sites(fields.site_ids)
    if not awaits:
        _set_sites(user, fields.site_ids)
    db.session.flush()
    record_event(Action.USER_CREATED, actor_id=actor.id if actor else None,
                 object_type="user", object_id=user.id, details={"role": str(user.role)})
    if awaits:
        role_grants.request_grant(actor, user, fields.role, fields.discipline, fields.site_ids,
                                  activates=True, new_account=True, asked=["role", "sites"])
    db.session.commit()
    return user, password


def asks_for_more(user: User, fields: AccountFields) -> bool:
    """Would this edit widen the account (new role or discipline, a site added)? The view
    asks for a recent confirmation of identity first."""
    try:
        cleaned = _clean(replace(fields, site_ids=set(fields.site_ids)))
    except ServiceError:
        return False  # refused anyway, with its message, by update_user
    return widens(user, cleaned.role, cleaned.discipline, cleaned.site_ids)


def update_user(actor: User, user: User, expected_version: int, fields: AccountFields) -> User:
    """Apply an administrator's edit, refusing it if someone saved the account meanwhile.

    Names, profession, identifiers and language change at once. Role, discipline and
    sites follow caseflow.access.role_grants: never one's own; a site removed at once;
    a widening into a role that reads people waits for a coordinator (a RoleGrant),
    the account keeping its role and remaining sites until then."""
    if user.version != expected_version:
        raise ConcurrentEditError(_l("Someone else changed this account while you were editing "
                                     "it. Review the current values and save again."))
    fields = _clean(fields)
    if changes_own_access(actor, user, fields.role, fields.discipline, fields.site_ids):
        raise ServiceError(_l("You cannot change your own role, discipline or sites: another "
                              "administrator does it, and a medical coordinator approves it."),
                           field="role")
    _check_sites(fields.site_ids)
    changed = []
    for name in ("display_name", "profession", "rpps", "adeli", "language"):
        if getattr(user, name) != getattr(fields, name):
            setattr(user, name, getattr(fields, name))
            changed.append(name)
    if fields.form_of_address is not None and user.form_of_address != fields.form_of_address:
        user.form_of_address = Gender(fields.form_of_address)
        changed.append("form_of_address")
    for name in ("profession_code", "licence_number"):
        value = getattr(fields, name)
        if value is not None and getattr(user, name) != (value or None):
            setattr(user, name, value or None)
            changed.append(name)
    access_asked = [name for name, differs in (
        ("role", fields.role != user.role), ("discipline", fields.discipline != user.discipline),
        ("sites", fields.site_ids != user.site_ids)) if differs]
    # An account switched off until a coordinator approves it (new, or reset) is switched on
    # by nobody else: any change of its access joins the request.
    awaiting = bool(access_asked) and role_grants.awaiting_activation(user)
    if access_asked:
        role_grants.supersede_pending(user)
    if access_asked and (awaiting or needs_approval(user, fields.role, fields.discipline,
                                                   fields.site_ids)):
        kept = user.site_ids & fields.site_ids  # removing a site narrows: at once
        if kept != user.site_ids:
            _set_sites(user, kept)
            changed.append("sites")
        role_grants.request_grant(actor, user, fields.role, fields.discipline, fields.site_ids,
                                  activates=awaiting, asked=access_asked)
    elif access_asked:
        for name in ("role", "discipline"):
            if getattr(user, name) != getattr(fields, name):
                setattr(user, name, getattr(fields, name))
                changed.append(name)
        if user.site_ids != fields.site_ids:
            _set_sites(user, fields.site_ids)
            changed.append("sites")
    if not changed and not access_asked:
        return user
    user.version += 1
    if {"role", "discipline", "sites"} & set(changed):
        user.session_token = new_session_token()  # new rights take effect at the next sign-in
    if changed:
        record_event(Action.USER_UPDATED, actor_id=actor.id, object_type="user",
                     object_id=user.id, details={"changed": changed})
    commit_or_conflict()
    return user


def set_active(actor: User, user: User, active: bool) -> None:
    if user.id == actor.id and not active:
        raise ServiceError(_l("You cannot deactivate your own account."))
    if active and role_grants.awaiting_activation(user):
        raise ServiceError(_l("This account can be used once a medical coordinator approves "
                              "its role."))
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
    """Give the account a new temporary password, to be changed at the next sign-in.

    The administrator sees it: for an account that reads people the account is switched
    off until a medical coordinator approves (caseflow.services.staff.role_grants.hold_sign_in),
    so that she cannot sign in as that person meanwhile. An administrator's account is
    reset at once (the view asked for a recent confirmation of identity)."""
    password = generate_password()
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = True
    user.locked_until = None
    user.failed_logins = 0
    user.session_token = new_session_token()
    record_event(Action.PASSWORD_RESET, actor_id=actor.id, object_type="user", object_id=user.id)
    role_grants.hold_sign_in(actor, user, "password")
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
