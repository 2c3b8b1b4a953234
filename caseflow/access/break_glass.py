"""Break-glass: when a grant stands in for site scope (docs/SECURITY.md, Access rule 4).

Who may break glass: the clinicians who treat a person in an emergency
(doctors, nurses, midwives, psychologists). Never social or legal workers,
data managers or administrators: their work is never an emergency that needs
someone else's clinical record. Coordinators read every site already.

What a grant gives, while it lasts (BREAK_GLASS_MINUTES, default 120):
- reading the person's pages, every one audited with purpose "break_glass";
  within them, the user's own discipline's non-private notes, appointments and
  referrals at any site (the grant acts as site scope), never another
  discipline's notes shared with the care team (the user is not in that team);
- writing a note in the user's own discipline, dated at the site named in the
  grant (the emergency doctor records what they did; the person's team then
  reads it);
- nothing else: no other change, no print, no export, no certificate.

The grant is found when a page loads the person (person_or_404 builds the user's
`PersonAccess`, access/person.py, whose `emergency` it is), so a page asks the
database once whatever the number of clauses built for it. Who may break glass to
whom, at which site, and who reviews the grants is decided here; the operations
(lookups, opening, review) are in services/safeguards/break_glass.py.
"""

from __future__ import annotations

from sqlalchemy import select

from caseflow.roles import Role

# Roles that may open a record outside their sites in an emergency.
BREAK_GLASS_ROLES = frozenset({Role.DOCTOR, Role.NURSE, Role.MIDWIFE, Role.PSYCHOLOGIST})
# Who reviews every opening (and reads its reason).
REVIEWER_ROLES = frozenset({Role.COORDINATOR})
# The audit purpose of the grant and of every read made through it.
PURPOSE = "break_glass"
DEFAULT_MINUTES = 120


def may_break_glass(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in BREAK_GLASS_ROLES


def may_review_grants(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in REVIEWER_ROLES


def may_break_glass_to(user, person_id) -> bool:
    """May this user open this person's record in an emergency? Only a role that may break
    glass, and only outside the user's scope (in scope, the record is simply open)."""
    from caseflow.access import in_scope_clause
    from caseflow.extensions import db
    from caseflow.models.person import Person

    if person_id is None or not may_break_glass(user):
        return False
    return db.session.scalar(
        select(Person.id).where(Person.id == person_id, in_scope_clause(user, Person.id))
    ) is None


def may_open_at(user, site_id) -> bool:
    """A grant names one of the user's sites: where a note written through it is dated."""
    return site_id in user.site_ids


def active_grant(user, person_id):
    """The user's grant on this person that has not expired (the latest), or None."""
    from caseflow.extensions import db
    from caseflow.models.base import utcnow
    from caseflow.models.break_glass import BreakGlassAccess

    if not may_break_glass(user):
        return None
    now = utcnow()
    return db.session.scalar(
        select(BreakGlassAccess).where(
            BreakGlassAccess.user_id == user.id, BreakGlassAccess.person_id == person_id,
            BreakGlassAccess.opened_at <= now, BreakGlassAccess.expires_at > now)
        .order_by(BreakGlassAccess.expires_at.desc()).limit(1))


def banner() -> dict | None:
    """What base.html shows while the page is read through a grant: the end, in local time."""
    from caseflow.access.person import emergency_grants
    from caseflow.timezones import to_local

    grants = emergency_grants()
    if not grants:
        return None
    grant = min(grants, key=lambda gr: gr.expires_at)
    return {"until": to_local(grant.expires_at, grant.site_id).strftime("%H:%M")}


def grant_or_404(grant_id):
    """A grant for the medical coordinator's review; 403 for anyone else, 404 if unknown."""
    from flask import abort
    from flask_login import current_user

    from caseflow.access import parse_uuid
    from caseflow.extensions import db
    from caseflow.models.break_glass import BreakGlassAccess

    if not may_review_grants(current_user):
        abort(403)
    gid = parse_uuid(grant_id)
    grant = db.session.get(BreakGlassAccess, gid) if gid is not None else None
    if grant is None:
        abort(404)
    return grant
