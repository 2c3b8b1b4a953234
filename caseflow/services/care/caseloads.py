"""Caseloads: for the coordinators, who follows how many people at each site, how many of
them are overdue, and who has no referent at all.

"Followed" is a current referent row at the site while the person's enrolment there is
active; "overdue" is the lost-to-follow-up rule of that list, on the same (UTC) day, so
that the figures agree with the list. Names are decrypted only for the people without a
referent (to assign them), at most `UNASSIGNED_SHOWN` per site.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow import follow_up_rule
from caseflow.audit import Action, record_event
from caseflow.database import commit_keeping_loaded
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.enrolment import Enrolment
from caseflow.models.person import Person
from caseflow.models.referent import Referent
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services import ServiceError
from caseflow.services.care import referents

UNASSIGNED_SHOWN = 100


@dataclass
class Line:
    user: User
    followed: int = 0
    overdue: int = 0


@dataclass
class SiteCaseload:
    site: Site
    people: int  # followed at the site (an active enrolment)
    lines: list[Line] = field(default_factory=list)
    unassigned: list[Person] = field(default_factory=list)
    unassigned_total: int = 0


@dataclass(frozen=True)
class SiteSummary:
    """A site at a glance, for the coordinator's home page: each figure is the count of the
    page it links to (the caseload page, the lost-to-follow-up list of the site)."""

    followed: int
    lost: int
    unassigned: int


def site_summaries(site_ids: list[int]) -> dict[int, SiteSummary]:
    """People followed, lost to follow-up and without a referent, per site (three queries)."""
    from caseflow.services.care.follow_up import lost_counts

    if not site_ids:
        return {}
    active = (Enrolment.site_id.in_(site_ids), Enrolment.ended_on.is_(None))
    followed = dict(db.session.execute(
        select(Enrolment.site_id, func.count(func.distinct(Enrolment.person_id)))
        .where(*active).group_by(Enrolment.site_id)).all())
    has_referent = select(Referent.id).where(
        Referent.person_id == Enrolment.person_id, Referent.site_id == Enrolment.site_id,
        Referent.ended_at.is_(None)).exists()
    unassigned = dict(db.session.execute(
        select(Enrolment.site_id, func.count(func.distinct(Enrolment.person_id)))
        .where(*active, ~has_referent).group_by(Enrolment.site_id)).all())
    lost = lost_counts(site_ids, utcnow().date())
    return {sid: SiteSummary(followed.get(sid, 0), lost.get(sid, 0), unassigned.get(sid, 0))
            for sid in site_ids}


def caseloads(viewer, sites: list[Site]) -> list[SiteCaseload]:
    """The caseload of each site: audited as one view with counts (it shows names)."""
    from caseflow.access import ALL_SITES_ROLES

    if viewer.role not in ALL_SITES_ROLES:
        raise ServiceError(_l("Caseloads are for the coordinators."))
    site_ids = [s.id for s in sites]
    if not site_ids:
        return []
    followed: dict[int, set[uuid.UUID]] = defaultdict(set)
    for site_id, pid in db.session.execute(
            select(Enrolment.site_id, Enrolment.person_id).where(
                Enrolment.site_id.in_(site_ids), Enrolment.ended_on.is_(None))):
        followed[site_id].add(pid)
    rows = db.session.execute(select(Referent.site_id, Referent.user_id, Referent.person_id)
                              .where(Referent.site_id.in_(site_ids),
                                     Referent.ended_at.is_(None))).all()
    rule = follow_up_rule.lost_rule(utcnow().date(), site_ids)
    lost = {(site_id, pid) for site_id, pid in db.session.execute(
        rule.select(Enrolment.site_id, Enrolment.person_id).where(rule.lost))}
    team: dict[int, dict[int, User]] = defaultdict(dict)
    for site_id, user in referents.team(site_ids):
        team[site_id][user.id] = user
    # Someone who left a site (or closed their account) but is still referent shows too:
    # to be reassigned.
    sites_of: dict[int, set[int]] = defaultdict(set)
    for site_id, user_id, _pid in rows:
        sites_of[user_id].add(site_id)
    for user in referents.referent_users(site_ids):
        for site_id in sites_of[user.id]:
            team[site_id].setdefault(user.id, user)
    out = []
    unassigned_ids: dict[int, list[uuid.UUID]] = {}
    for site in sites:
        people = followed.get(site.id, set())
        per_user: dict[int, set[uuid.UUID]] = defaultdict(set)
        with_referent = set()
        for site_id, user_id, pid in rows:
            if site_id == site.id and pid in people:
                per_user[user_id].add(pid)
                with_referent.add(pid)
        users = team.get(site.id, {})
        lines = [Line(u, len(per_user.get(u.id, ())),
                      sum(1 for pid in per_user.get(u.id, ()) if (site.id, pid) in lost))
                 for u in sorted(users.values(), key=lambda u: u.display_name)]
        unassigned = sorted(people - with_referent)
        unassigned_ids[site.id] = unassigned[:UNASSIGNED_SHOWN]
        out.append(SiteCaseload(site, len(people), lines, [], len(unassigned)))
    wanted = {pid for ids in unassigned_ids.values() for pid in ids}
    loaded = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.id.in_(wanted)))} if wanted else {}
    for load in out:
        load.unassigned = sorted((loaded[pid] for pid in unassigned_ids[load.site.id]
                                  if pid in loaded), key=lambda p: p.code)
    # The page names the people without a referent: their codes, as the duplicates queue.
    record_event(Action.VIEW, actor_id=viewer.id, object_type="caseload",
                 details={"sites": site_ids,
                          "unassigned": sum(c.unassigned_total for c in out),
                          "codes": sorted(p.code for p in loaded.values())})
    commit_keeping_loaded()
    return out
