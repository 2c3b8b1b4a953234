"""Reading the audit trail for the medical coordinator: by person code, by user, or all.

Reads clear columns only (events never hold a name: the person appears by code),
joined with the accounts and sites they name. Reviewing the trail is itself an
access to sensitive information (who was seen, by whom), so every page of a
review is recorded as a view of object type "audit", with the filters used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, func, or_, select

from caseflow.audit import Action, record_event
from caseflow.database import commit_keeping_loaded
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.site import Site
from caseflow.models.user import SiteMembership, User

PAGE_SIZE = 50


@dataclass(frozen=True)
class EventFilter:
    start: datetime | None = None  # UTC, inclusive
    end: datetime | None = None  # UTC, exclusive
    action: str | None = None

    def clauses(self) -> list:
        clauses = []
        if self.start is not None:
            clauses.append(AuditEvent.occurred_at >= self.start)
        if self.end is not None:
            clauses.append(AuditEvent.occurred_at < self.end)
        if self.action:
            clauses.append(AuditEvent.action == self.action)
        return clauses

    def as_details(self) -> dict[str, str]:
        details = {"from": self.start, "to": self.end, "action": self.action}
        return {key: (value.isoformat(timespec="minutes") if isinstance(value, datetime)
                      else value) for key, value in details.items() if value}


@dataclass(frozen=True)
class EventLine:
    event: AuditEvent
    actor_name: str | None
    actor_role: str | None
    site_name: str | None  # where the event says it happened
    actor_site_name: str | None  # else the actor's only site, if they have one


@dataclass(frozen=True)
class EventPage:
    lines: list[EventLine]
    total: int
    page: int
    pages: int


def _only_sites(actor_ids: set[int]) -> dict[int, str]:
    """Site name of each actor who belongs to exactly one site (where they must have been)."""
    if not actor_ids:
        return {}
    single = (select(SiteMembership.user_id).where(SiteMembership.user_id.in_(actor_ids))
              .group_by(SiteMembership.user_id).having(func.count() == 1))
    rows = db.session.execute(
        select(SiteMembership.user_id, Site.name).join(Site, Site.id == SiteMembership.site_id)
        .where(SiteMembership.user_id.in_(single)))
    return dict(rows.all())


def review(viewer, *, person_code: str | None = None, actor_id: int | None = None,
           filters: EventFilter | None = None, page: int = 1) -> EventPage:
    """One page of events (newest first) of a person, of an actor, or of everyone; audited.

    The caller has checked the viewer through caseflow.access.audit.
    """
    filters = filters or EventFilter()
    clauses = filters.clauses()
    if person_code is not None:
        # The person's own events, and the lists that showed them (a search's results, the
        # certificate register, the duplicates queue record the codes shown in `details`).
        shown = cast(AuditEvent.details, String).like(f'%"{person_code}"%')
        clauses.append(or_(AuditEvent.person_code == person_code, shown))
    if actor_id is not None:
        clauses.append(AuditEvent.actor_id == actor_id)
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(*clauses)) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        select(AuditEvent, User.display_name, User.role, Site.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(Site, Site.id == AuditEvent.site_id)
        .where(*clauses)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.seq.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    only_site = _only_sites({event.actor_id for event, *_ in rows if event.actor_id is not None})
    lines = [EventLine(event, name, role, site, only_site.get(event.actor_id))
             for event, name, role, site in rows]
    scope = "person" if person_code is not None else "user" if actor_id is not None else "all"
    record_event(Action.VIEW, actor_id=viewer.id, object_type="audit",
                 object_id=person_code or (str(actor_id) if actor_id is not None else None),
                 person_code=person_code, purpose="audit review",
                 details={"scope": scope, "page": page, **filters.as_details()})
    commit_keeping_loaded()  # the page shows each event: without reloading each one
    return EventPage(lines, total, page, pages)


def reviewable_users() -> list[User]:
    """Every account, for the 'what a user opened' entry point (former staff included)."""
    return list(db.session.scalars(select(User).order_by(User.display_name)))


# --- Consent records across the coordinator's sites (issue 14) ------------------------------

CONSENT_PAGE_SIZE = 100


@dataclass(frozen=True)
class ConsentLine:
    """One consent decision as the review lists it: by person code, never by name."""

    consent: object
    person_code: str
    recorded_by: str | None
    confirmed_by: str | None
    site_name: str | None


def consent_records(viewer, *, limit: int = CONSENT_PAGE_SIZE) -> list[ConsentLine]:
    """The latest consent decisions of the people the viewer supervises; the review audited.

    Every change is listed, so that a consent recorded to read more, or confirmed between
    two colleagues, is seen by the coordinator; the person appears by code only."""
    from sqlalchemy.orm import aliased

    from caseflow.access import in_scope_clause
    from caseflow.models.consent import Consent
    from caseflow.models.person import Person

    recorder, confirmer = aliased(User), aliased(User)
    rows = db.session.execute(
        select(Consent, Person.code, recorder.display_name, confirmer.display_name, Site.name)
        .join(Person, Person.id == Consent.person_id)
        .outerjoin(recorder, recorder.id == Consent.recorded_by_id)
        .outerjoin(confirmer, confirmer.id == Consent.confirmed_by_id)
        .outerjoin(Site, Site.id == Consent.site_id)
        .where(in_scope_clause(viewer, Consent.person_id))
        .order_by(Consent.recorded_at.desc()).limit(limit)).all()
    lines = [ConsentLine(*row) for row in rows]
    record_event(Action.VIEW, actor_id=viewer.id, object_type="consent_review",
                 purpose="audit review",
                 details={"shown": sorted({line.person_code for line in lines})})
    commit_keeping_loaded()
    return lines
