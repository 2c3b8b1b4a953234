"""Break-glass: when a grant stands in for site scope (DESIGN.md, Access rule 4).

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

The loaders ask `emergency_grant()`; a request keeps the answer, so a page
asks the database once whatever the number of clauses built for it.
"""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import select

from caseflow.roles import Role

# Roles that may open a record outside their sites in an emergency.
BREAK_GLASS_ROLES = frozenset({Role.DOCTOR, Role.NURSE, Role.MIDWIFE, Role.PSYCHOLOGIST})
# Who reviews every opening (and reads its reason).
REVIEWER_ROLES = frozenset({Role.COORDINATOR})
# The audit purpose of the grant and of every read made through it.
PURPOSE = "break_glass"
DEFAULT_MINUTES = 120
_CACHE = "_caseflow_break_glass"


def may_break_glass(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in BREAK_GLASS_ROLES


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


def _cache() -> dict | None:
    """Per-request memory (never longer: a grant may expire or be ended between requests)."""
    if not has_request_context():
        return None
    if not hasattr(g, _CACHE):
        setattr(g, _CACHE, {})
    return getattr(g, _CACHE)


def remember(user, person_id, grant) -> None:
    """person_or_404 has decided: the grant it used (None when in scope) holds for the request."""
    cache = _cache()
    if cache is not None:
        cache[(user.id, person_id)] = grant


def emergency_grant(user, person):
    """The grant through which `user` reads `person`, when it is their only way in; else None."""
    from caseflow.access import person_scope_site_ids

    if not may_break_glass(user):
        return None
    sites = person_scope_site_ids(user)
    if not sites.isdisjoint(e.site_id for e in person.enrolments):
        return None  # enrolled at one of the user's sites: in scope, no query needed
    key = (user.id, person.id)
    cache = _cache()
    if cache is not None and key in cache:
        return cache[key]
    grant = active_grant(user, person.id)
    if grant is not None and _in_scope(user, person.id):
        grant = None
    if cache is not None:
        cache[key] = grant
    return grant


def _in_scope(user, person_id) -> bool:
    from caseflow.access import in_scope_clause
    from caseflow.extensions import db
    from caseflow.models.person import Person

    return db.session.scalar(
        select(Person.id).where(Person.id == person_id, in_scope_clause(user, Person.id))
    ) is not None


def audit_purpose(user, person) -> str | None:
    """The audit purpose of what the user reads or writes through a grant (else None)."""
    return PURPOSE if emergency_grant(user, person) is not None else None


def emergency_note_site(user, person) -> int | None:
    """The site a note written through a grant is dated at (the user's site named in it)."""
    grant = emergency_grant(user, person)
    if grant is None or user.discipline is None or grant.site_id not in user.site_ids:
        return None
    return grant.site_id


def banner() -> dict | None:
    """What base.html shows while the page is read through a grant: the end, in local time."""
    from caseflow.timezones import to_local

    cache = _cache() or {}
    grants = [grant for grant in cache.values() if grant is not None]
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

    if not current_user.is_authenticated or current_user.role not in REVIEWER_ROLES:
        abort(403)
    gid = parse_uuid(grant_id)
    grant = db.session.get(BreakGlassAccess, gid) if gid is not None else None
    if grant is None:
        abort(404)
    return grant
