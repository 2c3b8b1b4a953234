"""Break-glass operations: finding a record by its card code, opening it, reviewing it.

Finding. A person outside the user's sites is reached only deliberately: by
typing their exact card code (name search never shows them). Only then does
caseflow say that the code exists, and only to a role that may break glass;
everyone else gets the answer an unknown code gets. Codes are random (7
characters from 30, about 2 x 10^10 codes) with a check character, so typing
codes at random finds nobody in practice; to make sure, lookups of codes
outside one's sites are counted per user (BREAK_GLASS_LOOKUP_LIMIT) and each
one that finds a record is audited. What it reveals is only that a
pseudonymous code exists; the identity appears after a reason was written.

Posting the form is a lookup too (`attempt`): it shares the same count, gets
the same answer whether the code names somebody or not (the form again, with
its errors), and is audited either way; for a code that names nobody the
event keeps neither the code nor anything typed (a mistyped code may be
somebody else's).

Opening. A reason (15 to 1000 characters) and one of the
user's sites; the grant lasts BREAK_GLASS_MINUTES. The reason is stored
encrypted with the person's key and never written to the audit event, a log
or an error message.

Review. The medical coordinator marks each grant justified or not, with a
note (required when not justified); a grant marked not justified ends at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import parse
from sqlalchemy import case, func, select

from caseflow.access.break_glass import (
    DEFAULT_MINUTES,
    PURPOSE,
    active_grant,
    may_break_glass,
    may_break_glass_to,
    may_open_at,
    may_review_grants,
)
from caseflow.audit import Action, record_event
from caseflow.database import commit_keeping_loaded
from caseflow.extensions import db, limiter
from caseflow.models.base import utcnow
from caseflow.models.break_glass import BreakGlassAccess, BreakGlassReview
from caseflow.models.person import Person
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict

MIN_REASON = 15
MAX_REASON = 1000
MAX_NOTE = 1000
REVIEW_PURPOSE = "break_glass_review"
DEFAULT_LOOKUP_LIMIT = "30 per hour"


class TooManyLookups(ServiceError):
    """Too many codes outside the user's sites in a short time."""


@dataclass(frozen=True)
class Offer:
    """An existing person outside the user's sites, reached by their exact code."""

    code: str
    person_id: uuid.UUID
    grant: BreakGlassAccess | None  # already open: go straight to the record


def minutes() -> int:
    return int(current_app.config.get("BREAK_GLASS_MINUTES", DEFAULT_MINUTES))


def target_for_code(user, code: str | None) -> Person | None:
    """The person this code names, if this user may break glass to them (outside their
    sites); None for unknown codes, people in scope and roles that may not break glass."""
    from caseflow.services.intake.duplicates import resolve_code

    if not code or not may_break_glass(user):
        return None
    person_id = resolve_code(code)
    if not may_break_glass_to(user, person_id):
        return None
    return db.session.get(Person, person_id)


def _count_lookup(user) -> None:
    """One more code outside the user's sites; refused past BREAK_GLASS_LOOKUP_LIMIT."""
    rate = current_app.config.get("BREAK_GLASS_LOOKUP_LIMIT", DEFAULT_LOOKUP_LIMIT)
    if not limiter.limiter.hit(parse(rate), f"caseflow-break-glass-lookup-{user.id}"):
        raise TooManyLookups(_l("Too many codes outside your sites in a short time. "
                                "Wait, then try again."))


def offer(user, code: str | None) -> Offer | None:
    """A code typed by a user who may break glass, not found in their sites: counted,
    and audited when it names somebody (the user now knows the code exists)."""
    if not code or not may_break_glass(user):
        return None
    _count_lookup(user)
    person = target_for_code(user, code)
    if person is None:
        return None
    record_event(Action.VIEW, actor_id=user.id, object_type="break_glass_offer",
                 object_id=str(person.id), person_code=person.code, purpose=PURPOSE)
    db.session.commit()
    return Offer(person.code, person.id, active_grant(user, person.id))


def attempt(user, code: str) -> Person | None:
    """The emergency form posted for a code: counted with the lookups (TooManyLookups past
    the limit) and audited, found or not; returns the person the code names, if any.

    The caller answers alike either way, so that posting codes tells no more than
    looking them up, and no faster."""
    _count_lookup(user)
    person = target_for_code(user, code)
    record_event(Action.VIEW, actor_id=user.id, object_type="break_glass_attempt",
                 object_id=str(person.id) if person else None,
                 person_code=person.code if person else None, purpose=PURPOSE,
                 details={"found": person is not None})
    db.session.commit()
    return person


def open_access(actor, code: str | None, reason: str, site_id: int | None) -> BreakGlassAccess:
    """Open the record for BREAK_GLASS_MINUTES; one audit event, the reason kept out of it."""
    person = target_for_code(actor, code)
    if person is None:
        raise ServiceError(_l("No record outside your sites has this code."))
    if not may_open_at(actor, site_id):
        raise ServiceError(_l("Choose one of your sites."), field="site_id")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ServiceError(_l("Say why you need this record now (at least %(n)d characters).",
                              n=MIN_REASON), field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(_l("The reason is too long (at most %(n)d characters).",
                              n=MAX_REASON), field="reason")
    now = utcnow()
    grant = BreakGlassAccess(person_id=person.id, user_id=actor.id, site_id=site_id,
                             opened_at=now, expires_at=now + timedelta(minutes=minutes()),
                             review=BreakGlassReview.PENDING)
    db.session.add(grant)
    grant.reason = reason
    record_event(Action.BREAK_GLASS, actor_id=actor.id, object_type="break_glass_access",
                 object_id=str(grant.id), person_code=person.code, site_id=site_id,
                 purpose=PURPOSE, details={"minutes": minutes()})
    db.session.commit()
    return grant


def for_review(viewer, page: int = 1, per_page: int = 50) -> tuple[list[BreakGlassAccess], bool]:
    """Grants for the coordinator, pending first, newest first; (rows, has_more).

    Showing a row decrypts its reason: one audit event per row shown."""
    if not may_review_grants(viewer):
        raise ServiceError(_l("Only the medical coordinator reviews emergency access."))
    pending_first = case((BreakGlassAccess.review == BreakGlassReview.PENDING, 0), else_=1)
    rows = list(db.session.scalars(
        select(BreakGlassAccess).order_by(pending_first, BreakGlassAccess.opened_at.desc(),
                                          BreakGlassAccess.id)
        .offset((page - 1) * per_page).limit(per_page + 1)))
    shown = rows[:per_page]
    codes = dict(db.session.execute(select(Person.id, Person.code).where(
        Person.id.in_({g.person_id for g in shown}))).all()) if shown else {}
    for grant in shown:
        record_event(Action.VIEW, actor_id=viewer.id, object_type="break_glass_access",
                     object_id=str(grant.id), person_code=codes.get(grant.person_id),
                     purpose=REVIEW_PURPOSE)
    commit_keeping_loaded()  # the list shows each grant: without reloading each one
    return shown, len(rows) > per_page


def pending_count() -> int:
    return db.session.scalar(select(func.count()).select_from(BreakGlassAccess).where(
        BreakGlassAccess.review == BreakGlassReview.PENDING)) or 0


def review(actor, grant: BreakGlassAccess, expected_version: int | None,
           decision: str, note: str | None) -> BreakGlassAccess:
    """Mark a grant justified or not (again if need be); refused if it changed meanwhile."""
    if not may_review_grants(actor):
        raise ServiceError(_l("Only the medical coordinator reviews emergency access."))
    try:
        verdict = BreakGlassReview(decision)
    except ValueError:
        verdict = None
    if verdict not in (BreakGlassReview.JUSTIFIED, BreakGlassReview.UNJUSTIFIED):
        raise ServiceError(_l("Choose justified or not justified."), field="decision")
    note = (note or "").strip()
    if verdict == BreakGlassReview.UNJUSTIFIED and not note:
        raise ServiceError(_l("Say why this access was not justified."), field="note")
    if len(note) > MAX_NOTE:
        raise ServiceError(_l("The note is too long (at most %(n)d characters).", n=MAX_NOTE),
                           field="note")
    if expected_version != grant.version:
        raise ConcurrentEditError(_l("Someone else reviewed this access meanwhile. "
                                     "Read the review shown, then decide again."))
    now = utcnow()
    grant.review = verdict
    grant.review_note = note or None
    grant.reviewed_by_id = actor.id
    grant.reviewed_at = now
    grant.version = expected_version + 1
    ended = verdict == BreakGlassReview.UNJUSTIFIED and grant.expires_at > now
    if ended:
        grant.expires_at = now
    person_code = db.session.scalar(select(Person.code).where(Person.id == grant.person_id))
    record_event(Action.UPDATE, actor_id=actor.id, object_type="break_glass_access",
                 object_id=str(grant.id), person_code=person_code, purpose=REVIEW_PURPOSE,
                 details={"review": verdict.value, "ended": ended})
    commit_or_conflict()
    return grant
