"""Who is lost to follow-up.

Who is listed, and why (past the programme's threshold, or a missed
appointment), is decided by the one rule in SQL that the indicator runs too
(caseflow/follow_up_rule.py), on "today" as a UTC day (a known follow-up: not
yet the sites' day). What the list shows besides (the last contact per
discipline, the days since, the programmes and sites) is then read for the
people listed only, with their names; which disciplines' last contacts the viewer may
see is access's rule (caseflow.access.followup.known_disciplines).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow import follow_up_rule, pathways
from caseflow.audit import Action, record_event
from caseflow.database import commit_keeping_loaded
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.services import ServiceError

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


def _last_contacts(person_ids, day: date) -> dict[uuid.UUID, dict[Discipline, datetime]]:
    """Last contact per (person, discipline) counted on `day`, for the people listed (one
    query): what the list shows, the rule's own contacts."""
    contacts = follow_up_rule.contacts(follow_up_rule.end_of(day), person_ids=person_ids)
    stmt = (select(contacts.c.pid, contacts.c.discipline, func.max(contacts.c.at))
            .group_by(contacts.c.pid, contacts.c.discipline))
    last: dict[uuid.UUID, dict[Discipline, datetime]] = defaultdict(dict)
    for pid, discipline, at in db.session.execute(stmt):
        last[pid][Discipline(discipline)] = at
    return last


def lost_reasons(site_ids: list[int] | None, today: date, person_ids=None
                 ) -> dict[uuid.UUID, dict]:
    """Why each person the rule finds lost on `today` at these sites is lost ("overdue": no
    contact past the programme's threshold; "missed": a missed appointment and no contact
    since, on "missed_at"), among `person_ids` if given (one query). The worklist reads the
    same rule as the list, so that the two agree."""
    rule = follow_up_rule.lost_rule(today, site_ids)
    stmt = rule.select(Enrolment.person_id, rule.overdue.label("overdue"),
                       rule.missed.label("missed"), rule.missed_at).where(rule.lost)
    if person_ids is not None:
        stmt = stmt.where(Enrolment.person_id.in_(list(person_ids)))
    found: dict[uuid.UUID, dict] = {}
    for pid, overdue, missed, missed_at in db.session.execute(stmt):
        info = found.setdefault(pid, {"overdue": False, "missed": False, "rows": []})
        info["overdue"] = info["overdue"] or bool(overdue)
        info["missed"] = info["missed"] or bool(missed)
        info["missed_at"] = missed_at
    return found


def lost_counts(site_ids: list[int], today: date) -> dict[int, int]:
    """How many people each site's lost-to-follow-up list shows on `today` (one query)."""
    rule = follow_up_rule.lost_rule(today, site_ids)
    stmt = (rule.select(Enrolment.site_id, func.count(func.distinct(Enrolment.person_id)))
            .where(rule.lost).group_by(Enrolment.site_id))
    return dict(db.session.execute(stmt).all())


def _listed(site_ids: list[int] | None, today: date) -> dict[uuid.UUID, dict]:
    """The people the rule finds lost on `today` at these sites: why, and their enrolments
    there (two queries)."""
    found = lost_reasons(site_ids, today)
    if found:
        enrolments = (select(Enrolment.person_id, Enrolment.programme, Enrolment.site_id,
                             Enrolment.started_on)
                      .where(follow_up_rule.active_on(today), Enrolment.person_id.in_(found)))
        if site_ids is not None:
            enrolments = enrolments.where(Enrolment.site_id.in_(site_ids))
        for pid, programme, site, started in db.session.execute(enrolments):
            found[pid]["rows"].append((programme, site, started))
    return found


def compute_lost(viewer, site_ids: list[int] | None, today: date | None = None,
                 now: datetime | None = None) -> list[LostRow]:
    """The people of these sites' active enrolments who are lost to follow-up (no audit).

    `today` is a UTC day (by default the UTC day of `now`, itself by default the
    present), as the indicator's month end is: see caseflow/follow_up_rule.py.
    """
    from caseflow.models.base import utcnow

    today = today or (now or utcnow()).date()
    found = _listed(site_ids, today)
    if not found:
        return []
    contacts = _last_contacts(list(found), today)
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(found)))}
    from caseflow.access.followup import (
        known_disciplines,
        lost_list_columns,
        team_shared_by_person,
    )

    shared = team_shared_by_person(found)
    site_names = dict(db.session.execute(select(Site.id, Site.name)).all())
    out = []
    columns = lost_list_columns(viewer)  # the same for every row
    for pid, info in found.items():
        dates = contacts.get(pid, {})
        last = max(dates.values()) if dates else None
        # The most overdue of the person's enrolments here: how long, against which threshold.
        days, threshold = max(
            (((today - (max(last.date(), started) if last else started)).days,
              follow_up_rule.threshold(programme))
             for programme, _site, started in info["rows"]),
            key=lambda pair: pair[0] - pair[1])
        visible = known_disciplines(viewer, shared.get(pid, set()))
        by_discipline = [(d, dates[d].date() if d in dates else None, d not in visible)
                         for d in columns]
        labels = []
        for programme_key, _site, _started in info["rows"]:
            programme = pathways.get(programme_key)
            if programme is None or programme.shown_to(viewer):
                labels.append(str(programme.label) if programme else programme_key)
        out.append(LostRow(
            person=people[pid], last_contact=last.date() if last else None,
            by_discipline=by_discipline, days_since=days, threshold=threshold,
            days_overdue=max(0, days - threshold),
            programme_labels=sorted(set(labels)),
            site_names=sorted({site_names.get(s, "") for _p, s, _d in info["rows"]}),
            missed_on=info["missed_at"].date() if info["missed_at"] else None,
            reasons=[reason for reason, listed in (("threshold", info["overdue"]),
                                                   ("missed", info["missed"])) if listed],
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
