"""Who is lost to follow-up, and the need-to-know rules shared by appointments and referrals.

A person with an active enrolment is lost to follow-up when their last contact
(the latest note, or attended appointment, in any discipline) is older than
the programme's `lost_after_days`, counted from the enrolment's start when
there was no contact since; or when they missed an appointment and nobody has
seen them since. The dates come from SQL aggregates (GROUP BY person,
discipline); only the people listed are then loaded, with their names.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, true, union_all

from caseflow import pathways
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentStatus
from caseflow.models.consent import Consent
from caseflow.models.enrolment import Enrolment
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.roles import Discipline
from caseflow.services import ServiceError, commit_keeping_loaded
from caseflow.services.consents import current, shared_from_state
from caseflow.vocabulary import ConsentPurpose

# The columns of the lost-to-follow-up list (protection contacts count, without a column).
SHOWN_DISCIPLINES = (Discipline.MEDICAL, Discipline.MENTAL_HEALTH, Discipline.SOCIAL,
                     Discipline.LEGAL)
DEFAULT_LOST_AFTER_DAYS = 60


# --- Need to know (DESIGN.md, Access rules 1-3), shared by appointments and referrals ---------


def shared_disciplines(person_ids) -> dict[uuid.UUID, set[Discipline]]:
    """For many people at once (one query): the disciplines each one agreed to share with the
    whole care team (secret partagé). A withdrawal counts at once: nothing is cached."""
    ids = list(set(person_ids))
    rows: dict[uuid.UUID, list[Consent]] = defaultdict(list)
    if ids:
        for row in db.session.scalars(
            select(Consent).where(Consent.person_id.in_(ids),
                                  Consent.purpose == ConsentPurpose.TEAM_SHARING)
            .order_by(Consent.recorded_at.desc())  # the order of consents.history
        ):
            rows[row.person_id].append(row)
    return {pid: shared_from_state(current(pid, rows.get(pid, []))) for pid in ids}


# --- Lost to follow-up ------------------------------------------------------------------


@dataclass
class LostRow:
    person: Person
    last_contact: date | None
    # (discipline, last contact date or None, hidden): hidden when the viewer may not know
    # about that discipline's follow-up (other discipline, sharing not agreed).
    by_discipline: list[tuple[Discipline, date | None, bool]]
    days_since: int
    threshold: int
    days_overdue: int
    programme_labels: list[str]
    site_names: list[str]
    missed_on: date | None = None
    reasons: list[str] = field(default_factory=list)  # "threshold", "missed"


def team_site_ids(viewer, site_id: int | None = None) -> list[int] | None:
    """The sites whose list the viewer asked for: their sites, one of them, or (None) all."""
    from caseflow.access import person_scope_site_ids, reads_people

    if not reads_people(viewer):
        raise ServiceError(_l("This list is for the care teams."))
    scope = person_scope_site_ids(viewer)
    if site_id is not None:
        if scope is not None and site_id not in scope:
            raise ServiceError(_l("Choose one of your sites."), field="site")
        if db.session.get(Site, site_id) is None:
            raise ServiceError(_l("Choose one of your sites."), field="site")
        return [site_id]
    return None if scope is None else sorted(scope)


def _contacts(enrolled, now: datetime):
    """Last contact per (person, discipline): notes and attended appointments, one query."""
    notes = select(Note.person_id.label("pid"), Note.discipline.label("discipline"),
                   Note.occurred_at.label("at")).where(Note.person_id.in_(enrolled))
    attended = select(Appointment.person_id, Appointment.discipline, Appointment.scheduled_at
                      ).where(Appointment.person_id.in_(enrolled),
                              Appointment.status == AppointmentStatus.ATTENDED,
                              Appointment.scheduled_at <= now)
    contacts = union_all(notes, attended).subquery()
    stmt = (select(contacts.c.pid, contacts.c.discipline, func.max(contacts.c.at))
            .group_by(contacts.c.pid, contacts.c.discipline))
    last: dict[uuid.UUID, dict[Discipline, datetime]] = defaultdict(dict)
    for pid, discipline, at in db.session.execute(stmt):
        last[pid][Discipline(discipline)] = at
    return last


def _missed(enrolled) -> dict[uuid.UUID, datetime]:
    stmt = (select(Appointment.person_id, func.max(Appointment.scheduled_at))
            .where(Appointment.person_id.in_(enrolled),
                   Appointment.status == AppointmentStatus.MISSED)
            .group_by(Appointment.person_id))
    return dict(db.session.execute(stmt).all())


def compute_lost(viewer, site_ids: list[int] | None, today: date | None = None,
                 now: datetime | None = None) -> list[LostRow]:
    """The people of these sites' active enrolments who are lost to follow-up (no audit)."""
    from caseflow.models.base import utcnow

    now = now or utcnow()
    today = today or now.date()
    active = select(Enrolment.person_id).where(Enrolment.ended_on.is_(None))
    if site_ids is not None:
        active = active.where(Enrolment.site_id.in_(site_ids))
    enrolments: dict[uuid.UUID, list[tuple[str, int, date]]] = defaultdict(list)
    for pid, programme, site, started in db.session.execute(
        select(Enrolment.person_id, Enrolment.programme, Enrolment.site_id, Enrolment.started_on)
        .where(Enrolment.ended_on.is_(None),
               true() if site_ids is None else Enrolment.site_id.in_(site_ids))
    ):
        enrolments[pid].append((programme, site, started))
    if not enrolments:
        return []
    enrolled = active.scalar_subquery()
    contacts, missed = _contacts(enrolled, now), _missed(enrolled)

    found: dict[uuid.UUID, dict] = {}
    for pid, rows in enrolments.items():
        dates = contacts.get(pid, {})
        last = max(dates.values()) if dates else None
        worst = None
        for programme_key, _site, started in rows:
            programme = pathways.get(programme_key)
            threshold = programme.lost_after_days if programme else DEFAULT_LOST_AFTER_DAYS
            reference = max(last.date(), started) if last else started
            days = (today - reference).days
            if worst is None or days - threshold > worst[0] - worst[1]:
                worst = (days, threshold)
        days, threshold = worst
        missed_at = missed.get(pid)
        reasons = []
        if days > threshold:
            reasons.append("threshold")
        if missed_at is not None and (last is None or missed_at > last):
            reasons.append("missed")
        if reasons:
            found[pid] = dict(dates=dates, last=last, days=days, threshold=threshold,
                              missed=missed_at, reasons=reasons, rows=rows)
    if not found:
        return []

    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(found)))}
    shared = shared_disciplines(found)
    site_names = dict(db.session.execute(select(Site.id, Site.name)).all())
    out = []
    for pid, info in found.items():
        visible = shared.get(pid, set()) | ({viewer.discipline} if viewer.discipline else set())
        by_discipline = [
            (d, info["dates"][d].date() if d in info["dates"] else None, d not in visible)
            for d in SHOWN_DISCIPLINES
        ]
        labels = []
        for programme_key, _site, _started in info["rows"]:
            programme = pathways.get(programme_key)
            labels.append(str(programme.label) if programme else programme_key)
        out.append(LostRow(
            person=people[pid], last_contact=info["last"].date() if info["last"] else None,
            by_discipline=by_discipline, days_since=info["days"], threshold=info["threshold"],
            days_overdue=max(0, info["days"] - info["threshold"]),
            programme_labels=sorted(set(labels)),
            site_names=sorted({site_names.get(s, "") for _p, s, _d in info["rows"]}),
            missed_on=info["missed"].date() if info["missed"] else None,
            reasons=info["reasons"],
        ))
    out.sort(key=lambda r: (-r.days_overdue, r.person.code))
    return out


def lost_to_follow_up(viewer, site_id: int | None = None,
                      today: date | None = None) -> list[LostRow]:
    """The team's list (the viewer's sites, or one of them; coordinators all), audited as one
    view with counts only."""
    site_ids = team_site_ids(viewer, site_id)
    rows = compute_lost(viewer, site_ids, today)
    record_event(Action.VIEW, actor_id=viewer.id, object_type="lost_to_follow_up",
                 site_id=site_id, details={"listed": len(rows),
                                           "sites": "all" if site_ids is None else site_ids})
    commit_keeping_loaded()  # the list shows each person: without reloading each one
    return rows
