"""Rows of the coordinator's review list, ready to show (times in the grant's site zone)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.crypto import CryptoError
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.break_glass import BreakGlassAccess, BreakGlassReview
from caseflow.models.person import Person
from caseflow.timezones import site_time_label


@dataclass(frozen=True)
class ReviewRow:
    id: str
    person_id: str
    code: str
    user: str
    role: str
    site: str
    opened: str  # the site's local time, formatted
    until: str
    active: bool
    reason: str
    review: BreakGlassReview
    pending: bool
    reviewer: str | None
    reviewed: str | None
    note: str | None
    version: int


def _readable(grant: BreakGlassAccess, field: str) -> str | None:
    """Decrypted text; an erased person's key is gone, and the page says so instead of failing."""
    try:
        return getattr(grant, field)
    except CryptoError:
        return _("Unreadable: the person's record was erased.")


def review_rows(grants: list[BreakGlassAccess]) -> list[ReviewRow]:
    from caseflow.models.user import User

    codes = dict(db.session.execute(select(Person.id, Person.code).where(
        Person.id.in_({g.person_id for g in grants}))).all()) if grants else {}
    reviewer_ids = {g.reviewed_by_id for g in grants if g.reviewed_by_id}
    reviewers = dict(db.session.execute(select(User.id, User.display_name).where(
        User.id.in_(reviewer_ids))).all()) if reviewer_ids else {}
    now = utcnow()
    return [
        ReviewRow(
            id=str(g.id), person_id=str(g.person_id), code=codes.get(g.person_id, ""),
            user=g.user.display_name, role=str(g.user.role.label), site=g.site.name,
            opened=site_time_label(g.opened_at, g.site_id),
            until=site_time_label(g.expires_at, g.site_id),
            active=g.active_at(now), reason=_readable(g, "reason") or "",
            review=g.review, pending=g.review == BreakGlassReview.PENDING,
            reviewer=reviewers.get(g.reviewed_by_id),
            reviewed=site_time_label(g.reviewed_at, g.site_id) if g.reviewed_at else None,
            note=_readable(g, "review_note"), version=g.version,
        )
        for g in grants
    ]
