"""A professional's worklist: what their home page shows, read in a fixed number of queries.

Today's appointments at their sites (theirs first), the people they are referent for with
what is due, their open tasks and certificate drafts, the people they opened recently and
may still open; for a coordinator, the queues that wait for them. Every "due" reason is the
rule of the page where it is resolved (the lost-to-follow-up rule, the referral's status,
the consent's review date), so that the home page and those pages agree. The number of
statements does not grow with the number of people (tests/test_query_counts.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from caseflow import consent_state
from caseflow.audit import Action, record_event
from caseflow.database import commit_keeping_loaded
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.base import utcnow
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.consent import Consent, ConsentDecision
from caseflow.models.enrolment import Enrolment
from caseflow.models.erasure import erased
from caseflow.models.person import Person
from caseflow.models.referent import Referent
from caseflow.models.referral import Referral, ReferralStatus
from caseflow.models.site import Site
from caseflow.models.task import Task
from caseflow.services.care import appointments, follow_up, tasks
from caseflow.timezones import local_day, site_today

REFERRAL_ANSWER_DAYS = 7  # a referral sent this long ago without an answer is chased
CONSENT_REVIEW_NOTICE_DAYS = 14  # a consent whose review date is this close is renewed
RECENT_DAYS = 30
RECENT_PEOPLE = 8
REFERENT_PEOPLE = 60  # shown on the home page; the caseload page has them all


@dataclass
class Due:
    """Something to do about a person: `kind` is missed, overdue, referral, consent or task."""

    kind: str
    on: date | None = None
    object_id: str | None = None


@dataclass
class Followed:
    person: Person
    site: Site
    disciplines: list[Discipline]
    due: list[Due] = field(default_factory=list)


@dataclass
class Worklist:
    today: date
    day: appointments.DayList
    followed: list[Followed]
    followed_total: int
    due_total: int  # of all the people followed, not only those shown
    tasks: list[Task]
    drafts: list[Certificate]
    recent: list[Person]
    people: dict[uuid.UUID, Person]


def _referent_rows(user) -> list[Referent]:
    """The user's current referent rows at their sites, where the person is still followed."""
    if not user.site_ids:
        return []
    return list(db.session.scalars(
        select(Referent).join(Enrolment, (Enrolment.person_id == Referent.person_id)
                              & (Enrolment.site_id == Referent.site_id))
        .where(Referent.user_id == user.id, Referent.ended_at.is_(None),
               Referent.site_id.in_(sorted(user.site_ids)), Enrolment.ended_on.is_(None))
        .options(lazyload(Referent.user))  # the user is the viewer: nothing to read
        .order_by(Referent.started_at)))


def _referrals_unanswered(user, person_ids, now: datetime) -> dict[uuid.UUID, list[Due]]:
    """Referrals sent long enough ago and still without an answer, that the user made or
    that their discipline made."""
    found: dict[uuid.UUID, list[Due]] = {}
    stmt = select(Referral.id, Referral.person_id, Referral.status_changed_at,
                  Referral.site_id).where(
        Referral.person_id.in_(person_ids), Referral.status == ReferralStatus.SENT,
        Referral.status_changed_at < now - timedelta(days=REFERRAL_ANSWER_DAYS),
        (Referral.author_id == user.id) | (Referral.from_discipline == user.discipline))
    for rid, pid, at, site_id in db.session.execute(stmt):
        found.setdefault(pid, []).append(Due("referral", local_day(site_id, at), str(rid)))
    return found


def _consents_to_renew(user, person_ids, today: date) -> dict[uuid.UUID, list[Due]]:
    """The decisions in force (consent_state.current) whose review date has come or comes
    within CONSENT_REVIEW_NOTICE_DAYS, and the latest decisions awaiting a confirmation the
    user may give (not the one who recorded it: access.consents)."""
    by_person: dict[uuid.UUID, list[Consent]] = {}
    for row in db.session.scalars(select(Consent).where(Consent.person_id.in_(person_ids))
                                  .order_by(Consent.recorded_at.desc())):
        by_person.setdefault(row.person_id, []).append(row)
    found: dict[uuid.UUID, list[Due]] = {}
    notice = today + timedelta(days=CONSENT_REVIEW_NOTICE_DAYS)
    for pid, rows in by_person.items():
        for row in consent_state.current(pid, rows).values():
            if (row.decision == ConsentDecision.GIVEN and row.review_on is not None
                    and row.review_on <= notice):
                found.setdefault(pid, []).append(Due("consent", row.review_on, str(row.id)))
        for row in consent_state.awaiting(rows):
            if row.recorded_by_id != user.id:
                found.setdefault(pid, []).append(Due("consent", None, str(row.id)))
    return found


def _recent_ids(user, now: datetime) -> list[uuid.UUID]:
    rows = db.session.execute(
        select(AuditEvent.object_id, func.max(AuditEvent.occurred_at).label("at"))
        .where(AuditEvent.actor_id == user.id, AuditEvent.action == str(Action.VIEW),
               AuditEvent.object_type == "person",
               AuditEvent.occurred_at >= now - timedelta(days=RECENT_DAYS))
        .group_by(AuditEvent.object_id).order_by(func.max(AuditEvent.occurred_at).desc())
        .limit(RECENT_PEOPLE * 2)).all()
    out = []
    for object_id, _at in rows:
        try:
            out.append(uuid.UUID(object_id))
        except (TypeError, ValueError):
            continue
    return out


def _may_still_open(user, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Of these people, those the user may open as a member of their team: in scope and not
    erased. Someone opened through an emergency access is not listed (the list would show
    their name outside the access's own audited reads)."""
    from caseflow.access import in_scope_clause

    if not ids:
        return set()
    return set(db.session.scalars(select(Person.id).where(
        Person.id.in_(ids), in_scope_clause(user, Person.id), ~erased(Person.id))))


def build(user) -> Worklist:
    """The worklist of `user` now; audited as one view with counts (it shows names)."""
    now = utcnow()
    first_site = min(user.sites, key=lambda s: s.name, default=None)
    today = site_today(first_site)
    day = appointments.day_list(user, today)
    mine = [a for a in day.appointments if a.with_user_id == user.id]
    day.appointments = mine + [a for a in day.appointments if a.with_user_id != user.id]

    rows = _referent_rows(user)
    by_person: dict[uuid.UUID, list[Referent]] = {}
    for row in rows:
        by_person.setdefault(row.person_id, []).append(row)
    pids = list(by_person)
    due: dict[uuid.UUID, list[Due]] = {pid: [] for pid in pids}
    if pids:
        # The lost-to-follow-up rule counts on the UTC day, as its list does.
        lost = follow_up.lost_reasons(sorted(user.site_ids), now.date(), person_ids=pids)
        for pid, info in lost.items():
            if info["missed"]:
                at = info.get("missed_at")
                due[pid].append(Due("missed", local_day(first_site, at) if at else None))
            if info["overdue"]:
                due[pid].append(Due("overdue"))
        for found in (_referrals_unanswered(user, pids, now),
                      _consents_to_renew(user, pids, today)):
            for pid, items in found.items():
                due[pid].extend(items)
    open_tasks = tasks.open_for(user)
    for task in open_tasks:
        if task.person_id in due and task.due_on <= today:
            due[task.person_id].append(Due("task", task.due_on, str(task.id)))
    from caseflow.access import in_scope_clause

    drafts = list(db.session.scalars(
        select(Certificate).where(Certificate.author_id == user.id,
                                  Certificate.status == CertificateStatus.DRAFT,
                                  in_scope_clause(user, Certificate.person_id),
                                  ~erased(Certificate.person_id))
        .order_by(Certificate.updated_at.desc()).limit(20)))
    recent_ids = _recent_ids(user, now)
    allowed = _may_still_open(user, recent_ids)
    recent_ids = [pid for pid in recent_ids if pid in allowed][:RECENT_PEOPLE]

    # Those with something due first, then by how long they have been followed.
    order = sorted(pids, key=lambda pid: (not due[pid], by_person[pid][0].started_at))
    shown = order[:REFERENT_PEOPLE]
    wanted = set(shown) | {t.person_id for t in open_tasks} | {c.person_id for c in drafts} \
        | set(recent_ids)
    people = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.id.in_(wanted)))} if wanted else {}
    people.update(day.people)
    followed = [Followed(people[pid], by_person[pid][0].site,
                         sorted({r.discipline for r in by_person[pid]}), due[pid])
                for pid in shown if pid in people]
    record_event(Action.VIEW, actor_id=user.id, object_type="worklist",
                 details={"followed": len(pids), "tasks": len(open_tasks),
                          "drafts": len(drafts), "recent": len(recent_ids)})
    commit_keeping_loaded()
    return Worklist(today, day, followed, len(pids), sum(1 for pid in pids if due[pid]),
                    open_tasks, drafts,
                    [people[pid] for pid in recent_ids if pid in people], people)
