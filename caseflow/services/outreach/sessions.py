"""Outreach sessions: one visit to a place, its access (full, partial, refused: refusals
are data too, with their reason) and, when individual records are impossible, its
aggregate counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from caseflow.access import parse_uuid
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.outreach import (
    COUNT_FIELDS,
    AccessObtained,
    OutreachContact,
    OutreachPlace,
    OutreachSession,
)
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.outreach import InputErrors, may_open, outreach_site_ids
from caseflow.services.outreach.keys import give_key, open_key
from caseflow.timezones import site_today

MAX_TEXT = 2000
MAX_COUNT = 100_000
LIST_LIMIT = 100
# The groups each total is split into: each group's sum may not exceed the people seen.
SEX_COUNTS = ("female_count", "male_count")
AGE_COUNTS = ("under_5_count", "age_5_17_count", "age_18_59_count", "age_60_plus_count")


@dataclass
class SessionInput:
    place_id: int | None
    held_on: date | None
    access: AccessObtained | None
    team: str = ""
    refusal_reason: str = ""
    access_note: str = ""


@dataclass
class Counts:
    values: dict[str, int | None] = field(default_factory=dict)


def session_for(user, session_id) -> OutreachSession | None:
    """The session if the user may open it; None for unknown, malformed or out of scope
    (the page answers 404 to all three alike). Its key is opened for the request."""
    uid = parse_uuid(session_id)
    found = db.session.get(OutreachSession, uid) if uid else None
    if found is None or not may_open(user, found.site_id):
        return None
    open_key(found)
    return found


def recent_sessions(user, limit: int = LIST_LIMIT) -> list[OutreachSession]:
    """The latest sessions of the user's outreach sites, newest first (coded fields only
    are shown in a list: no key is opened)."""
    sites = outreach_site_ids(user)
    query = select(OutreachSession).order_by(OutreachSession.held_on.desc(),
                                             OutreachSession.created_at.desc()).limit(limit)
    if sites is not None:
        query = query.where(OutreachSession.site_id.in_(sites or {-1}))
    return list(db.session.scalars(query))


def _text(value: str | None) -> str:
    return (value or "").strip()


def create_session(actor, data: SessionInput) -> OutreachSession:
    errors: dict[str, object] = {}
    place = db.session.get(OutreachPlace, data.place_id) if data.place_id else None
    if place is None or not place.active or not may_open(actor, place.site_id):
        errors["place_id"] = _l("Choose a place from the list.")
    if data.held_on is None:
        errors["held_on"] = _l("Give the date of the session.")
    elif place is not None and data.held_on > site_today(place.site) + timedelta(days=1):
        errors["held_on"] = _l("A session is recorded on or after the day it took place.")
    if data.access is None:
        errors["access"] = _l("Choose the access obtained.")
    reason = _text(data.refusal_reason)
    if data.access is AccessObtained.REFUSED and not reason:
        errors["refusal_reason"] = _l("Say why access was refused (who refused, what was "
                                      "said): refusals are reported too.")
    for name in ("team", "refusal_reason", "access_note"):
        if len(_text(getattr(data, name))) > MAX_TEXT:
            errors[name] = _l("At most %(n)d characters.", n=MAX_TEXT)
    if errors:
        raise InputErrors(errors)
    session = OutreachSession(site_id=place.site_id, place_id=place.id, held_on=data.held_on,
                              access=data.access, created_by_id=actor.id, declined_count=0)
    give_key(session)
    session.team = _text(data.team) or None
    session.refusal_reason = reason if data.access is AccessObtained.REFUSED else None
    session.access_note = _text(data.access_note) or None
    db.session.add(session)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="outreach_session",
                 object_id=session.id, site_id=session.site_id,
                 details={"access": session.access.value})
    commit_or_conflict()
    return session


def parse_counts(read: dict[str, int | None],
                 field_errors: dict[str, object] | None = None) -> Counts:
    """Counts read by the form (None: empty) → checked numbers; every bad one named at
    once (non-negative whole numbers; `field_errors`: those the form could not read)."""
    errors: dict[str, object] = dict(field_errors or {})
    values: dict[str, int | None] = {}
    for name in COUNT_FIELDS:
        value = read.get(name)
        if name in errors:
            continue
        if value is not None and not 0 <= value <= MAX_COUNT:
            errors[name] = _l("A whole number, 0 or more.")
        else:
            values[name] = value
    if errors:
        raise InputErrors(errors)
    return Counts(values)


def _check_counts(values: dict[str, int | None]) -> None:
    errors: dict[str, object] = {}
    present, seen = values.get("present_count"), values.get("seen_count")
    if present is not None and seen is not None and seen > present:
        errors["seen_count"] = _l("More people seen (%(seen)d) than present (%(present)d).",
                                  seen=seen, present=present)
    sexes = sum(values.get(n) or 0 for n in SEX_COUNTS)
    if seen is not None and sexes > seen:
        errors[SEX_COUNTS[0]] = _l("Women and men add up to %(total)d, more than the "
                                   "%(seen)d people seen.", total=sexes, seen=seen)
    ages = sum(values.get(n) or 0 for n in AGE_COUNTS)
    if seen is not None and ages > seen:
        errors[AGE_COUNTS[0]] = _l("The age groups add up to %(total)d, more than the "
                                   "%(seen)d people seen.", total=ages, seen=seen)
    referred = values.get("referred_count")
    if referred is not None and seen is not None and referred > seen:
        errors["referred_count"] = _l("More people referred (%(referred)d) than seen "
                                      "(%(seen)d).", referred=referred, seen=seen)
    if errors:
        raise InputErrors(errors)


def update_counts(actor, session: OutreachSession, counts: Counts,
                  expected_version: int | None) -> OutreachSession:
    if session.access is AccessObtained.REFUSED:
        raise ServiceError(_l("Access was refused: there is nothing to count."))
    _check_counts(counts.values)
    # The counts are the session's totals, the contacts recorded one by one included.
    recorded = db.session.scalar(select(func.count()).select_from(OutreachContact)
                                 .where(OutreachContact.session_id == session.id)) or 0
    seen = counts.values.get("seen_count")
    if seen is not None and seen < recorded:
        raise InputErrors({"seen_count": _l(
            "Fewer people seen (%(seen)d) than contacts recorded one by one (%(recorded)d): "
            "the counts are totals, those contacts included.", seen=seen, recorded=recorded)})
    if expected_version is not None and expected_version != session.version:
        raise ConcurrentEditError(_l("Someone else changed this session's counts meanwhile. "
                                     "Review them and save again."))
    changed = [n for n in COUNT_FIELDS if getattr(session, n) != counts.values.get(n)]
    if not changed:
        return session
    for name in COUNT_FIELDS:
        setattr(session, name, counts.values.get(name))
    session.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="outreach_session",
                 object_id=session.id, site_id=session.site_id, details={"changed": changed})
    commit_or_conflict()
    return session


def record_declined(actor, session: OutreachSession) -> int:
    """Someone declined after the explanation: one more in the anonymous count, nothing
    else stored about them. An atomic increment, so that two nurses tapping at once both
    count (no version check: nothing to overwrite)."""
    if session.access is AccessObtained.REFUSED:
        raise ServiceError(_l("Access was refused: no contact is recorded for this session."))
    db.session.execute(update(OutreachSession).where(OutreachSession.id == session.id)
                       .values(declined_count=OutreachSession.declined_count + 1)
                       .execution_options(synchronize_session=False))
    record_event(Action.UPDATE, actor_id=actor.id, object_type="outreach_session",
                 object_id=session.id, site_id=session.site_id, details={"declined": 1})
    db.session.commit()
    db.session.refresh(session)
    return session.declined_count


def parse_day(text: str) -> date | None:
    """The date field's value (ISO, as the date picker sends it); None when absent or bad
    (create_session then names the field)."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def record_view(actor, session: OutreachSession) -> None:
    """Opening a session shows identifying data (names, complaints): recorded as a view."""
    record_event(Action.VIEW, actor_id=actor.id, object_type="outreach_session",
                 object_id=session.id, site_id=session.site_id)
    db.session.commit()
