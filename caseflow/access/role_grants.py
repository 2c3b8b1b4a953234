"""Who may give which access to an account (issue 14: access a user can grant themself).

- Nobody changes their own role, discipline or sites: another person does it.
- Giving a role that reads people or their figures (clinical roles, the medical
  coordinator, the data manager), or adding a site to such an account, takes
  effect only when a medical coordinator approves it; the administrator who
  asked, and the account concerned, may not approve it.
- Narrowing (a site removed) takes effect at once. The administrator's role reads
  nothing clinical: giving it needs no coordinator, only a confirmation of identity.
- Resetting the password or the two-factor sign-in of such an account switches it
  off until a medical coordinator (not the one who asked, not the account) approves:
  the administrator sees the temporary password, or removed the second factor.
  An administrator's account is reset at once.
- Creating an account, any other widening, and approving one, need a recent
  confirmation of identity (caseflow.sessions.require_recent_auth, in the views).

The operator who runs `flask create-user` on the server already holds the
database and its keys; the command creates accounts directly (see SECURITY.md).
"""

from __future__ import annotations

from flask import abort

from caseflow.roles import CLINICAL_ROLES, Role

# Roles whose grant a medical coordinator must approve: they read people, notes or figures.
APPROVAL_ROLES = frozenset(CLINICAL_ROLES | {Role.DATA_MANAGER})
# Who approves or refuses a grant.
GRANT_DECIDER_ROLES = frozenset({Role.COORDINATOR})


def changes_own_access(actor, account, role, discipline, site_ids: set[int]) -> bool:
    """Would this edit change the actor's own role, discipline or sites?"""
    return actor is not None and actor.id == account.id and (
        role != account.role or discipline != account.discipline
        or set(site_ids) != account.site_ids)


def widens(account, role, discipline, site_ids: set[int]) -> bool:
    """A new role or discipline, or a site added: what the account may reach grows."""
    return (role != account.role or discipline != account.discipline
            or bool(set(site_ids) - account.site_ids))


def needs_approval(account, role, discipline, site_ids: set[int]) -> bool:
    return role in APPROVAL_ROLES and widens(account, role, discipline, site_ids)


def may_decide_grants(user) -> bool:
    return user.is_authenticated and user.role in GRANT_DECIDER_ROLES and user.active


def refusal_to_decide(user, grant):
    """Why this user may not decide this grant (a translatable text), or None."""
    from flask_babel import lazy_gettext as _l

    if not may_decide_grants(user):
        return _l("Only a medical coordinator decides on access to an account.")
    if not grant.pending:
        return _l("This request was already decided or replaced by a later change.")
    if user.id in (grant.requested_by_id, grant.user_id):
        return _l("A request about your own account, or that you made yourself, must be "
                  "approved by another coordinator.")
    return None


def role_grant_or_404(grant_id):
    """A grant for the coordinator's review page; 403 for everyone else, 404 if unknown."""
    from flask_login import current_user

    from caseflow.access import parse_uuid
    from caseflow.extensions import db
    from caseflow.models.role_grant import RoleGrant

    if not may_decide_grants(current_user):
        abort(403)
    gid = parse_uuid(grant_id)
    grant = db.session.get(RoleGrant, gid) if gid is not None else None
    if grant is None:
        abort(404)
    return grant
