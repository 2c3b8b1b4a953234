"""Role grants: asking for a widening of an account's access, and a coordinator's decision.

The rules are in caseflow.access.role_grants; caseflow.services.staff.accounts calls
`request_grant` when an administrator's edit widens an account into a role that
reads people, and `hold_sign_in` when she resets the password or two-factor
sign-in of such an account. Each request and each decision is one audit event on the account
("user"), naming the grant and the fields asked for, never their values.
"""

from __future__ import annotations

from sqlalchemy import select, update

from caseflow.access.role_grants import APPROVAL_ROLES, refusal_to_decide
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.base import utcnow
from caseflow.models.role_grant import GrantDecision, RoleGrant
from caseflow.models.user import SiteMembership, User, new_session_token
from caseflow.services import ServiceError

# Audit actions (stable keys; labels in caseflow/blueprints/audit/presenters.py).
GRANT_REQUESTED = "role_grant_requested"
GRANT_APPROVED = "role_grant_approved"
GRANT_REFUSED = "role_grant_refused"

RECENT_DECISIONS = 50


def pending_for(user: User) -> RoleGrant | None:
    return db.session.scalar(select(RoleGrant).where(
        RoleGrant.user_id == user.id, RoleGrant.decision == GrantDecision.PENDING))


def pending_user_ids() -> set[int]:
    return set(db.session.scalars(select(RoleGrant.user_id).where(
        RoleGrant.decision == GrantDecision.PENDING)))


def _latest_activating(user: User) -> RoleGrant | None:
    return db.session.scalar(select(RoleGrant).where(
        RoleGrant.user_id == user.id, RoleGrant.activates.is_(True))
        .order_by(RoleGrant.requested_at.desc()).limit(1))


def awaiting_activation(user: User) -> bool:
    """May this account be switched on only by a coordinator's approval, not by hand?

    True while its latest activating request (a new account, caseflow.services.staff.accounts.
    create_user; or a reset of its password or two-factor sign-in, `hold_sign_in`) was
    not approved: pending, refused or replaced. A later approval ends it."""
    latest = _latest_activating(user)
    return latest is not None and latest.decision != GrantDecision.APPROVED


def supersede_pending(user: User) -> None:
    """A new edit of the account replaces the request nobody decided yet."""
    db.session.execute(update(RoleGrant).where(
        RoleGrant.user_id == user.id, RoleGrant.decision == GrantDecision.PENDING,
    ).values(decision=GrantDecision.SUPERSEDED, decided_at=utcnow()))


def request_grant(actor: User | None, user: User, role, discipline, site_ids: set[int], *,
                  activates: bool = False, new_account: bool = False,
                  asked: list[str]) -> RoleGrant:
    """Store the widening for a coordinator; the account itself is not changed here.

    The reviewer is shown what the account has now, except for a new account (it has
    nothing yet), including a new account edited before anyone approved it."""
    latest = _latest_activating(user) if activates else None
    fresh = new_account or (latest is not None and latest.previous_role is None
                            and latest.decision != GrantDecision.APPROVED)
    supersede_pending(user)
    grant = RoleGrant(
        user_id=user.id, role=role, discipline=discipline, site_ids=sorted(site_ids),
        previous_role=None if fresh else user.role,
        previous_discipline=None if fresh else user.discipline,
        previous_site_ids=[] if fresh else sorted(user.site_ids),
        activates=activates, requested_by_id=actor.id if actor else None,
    )
    db.session.add(grant)
    db.session.flush()
    record_event(GRANT_REQUESTED, actor_id=actor.id if actor else None, object_type="user",
                 object_id=user.id, details={"grant": str(grant.id), "asked": asked})
    return grant


def hold_sign_in(actor: User, user: User, reset: str) -> RoleGrant | None:
    """After an administrator reset `reset` ("password" or "two_factor") of an account that
    reads people: switch it off until a medical coordinator approves (the caller commits).

    The administrator has just seen the temporary password (or removed the second factor
    that stood between her and the account): without a second person she could sign in
    as the account. A change of role or sites still waiting is carried into this request
    (one decision for both); an administrator's account needs nobody (None)."""
    if user.role not in APPROVAL_ROLES and not awaiting_activation(user):
        return None
    waiting = pending_for(user)
    if waiting is not None:
        role, discipline, site_ids = waiting.role, waiting.discipline, set(waiting.site_ids)
    else:
        role, discipline, site_ids = user.role, user.discipline, set(user.site_ids)
    if user.active:
        user.active = False
        record_event(Action.USER_DEACTIVATED, actor_id=actor.id, object_type="user",
                     object_id=user.id, details={"until": "coordinator_approval"})
    return request_grant(actor, user, role, discipline, site_ids, activates=True,
                         asked=[f"{reset}_reset"])


def resets_asked(grants: list[RoleGrant]) -> dict:
    """For each grant that came with a reset, which one ("password_reset", "two_factor_reset"):
    read from its request event, so that the coordinator knows whom to call and why."""
    wanted = {str(g.id): g.id for g in grants if g.activates}
    if not wanted:
        return {}
    events = db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.action == GRANT_REQUESTED, AuditEvent.object_type == "user",
        AuditEvent.object_id.in_({str(g.user_id) for g in grants if g.activates})))
    found = {}
    for details in events:
        details = details or {}
        gid = wanted.get(details.get("grant"))
        resets = [a for a in details.get("asked", ()) if a.endswith("_reset")]
        if gid is not None and resets:
            found[gid] = resets[0]
    return found


def _decide(actor: User, grant: RoleGrant, decision: GrantDecision) -> bool:
    """Mark the grant decided unless someone else just did (two coordinators, one click)."""
    done = db.session.execute(update(RoleGrant).where(
        RoleGrant.id == grant.id, RoleGrant.decision == GrantDecision.PENDING,
    ).values(decision=decision, decided_by_id=actor.id, decided_at=utcnow()))
    return done.rowcount == 1


def approve(actor: User, grant: RoleGrant) -> None:
    """Give the account what was asked: role, discipline, sites (and switch a new one on)."""
    refusal = refusal_to_decide(actor, grant)
    if refusal is not None:
        raise ServiceError(refusal)
    if not _decide(actor, grant, GrantDecision.APPROVED):
        db.session.rollback()
        raise ServiceError(refusal_to_decide(actor, grant) or "")
    user = db.session.get(User, grant.user_id)
    user.role, user.discipline = grant.role, grant.discipline
    wanted = set(grant.site_ids or ())
    for membership in list(user.memberships):
        if membership.site_id not in wanted:
            user.memberships.remove(membership)
    # A site deleted since the request cannot be given (sites are deactivated, not deleted).
    from caseflow.models.site import Site

    existing = set(db.session.scalars(select(Site.id).where(Site.id.in_(wanted))))
    for site_id in sorted((wanted & existing) - user.site_ids):
        user.memberships.append(SiteMembership(site_id=site_id))
    if grant.activates:
        user.active = True
    user.version += 1
    user.session_token = new_session_token()  # the new rights apply from the next sign-in
    record_event(GRANT_APPROVED, actor_id=actor.id, object_type="user", object_id=user.id,
                 details={"grant": str(grant.id)})
    db.session.commit()


def refuse(actor: User, grant: RoleGrant) -> None:
    """The account keeps what it had (a new account stays switched off)."""
    refusal = refusal_to_decide(actor, grant)
    if refusal is not None:
        raise ServiceError(refusal)
    if not _decide(actor, grant, GrantDecision.REFUSED):
        db.session.rollback()
        raise ServiceError(refusal_to_decide(actor, grant) or "")
    record_event(GRANT_REFUSED, actor_id=actor.id, object_type="user", object_id=grant.user_id,
                 details={"grant": str(grant.id)})
    db.session.commit()


def review_list() -> tuple[list[RoleGrant], list[RoleGrant]]:
    """For the coordinators: every request waiting (oldest first), and the latest decided."""
    pending = list(db.session.scalars(select(RoleGrant).where(
        RoleGrant.decision == GrantDecision.PENDING).order_by(RoleGrant.requested_at)))
    decided = list(db.session.scalars(select(RoleGrant).where(
        RoleGrant.decision != GrantDecision.PENDING)
        .order_by(RoleGrant.requested_at.desc()).limit(RECENT_DECISIONS)))
    return pending, decided
