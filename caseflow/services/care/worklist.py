"""A professional's worklist: what their home page shows, read in a fixed number of queries.

Today's appointments at their sites (theirs first), the people they are referent for with
what is due, their open tasks and certificate drafts, the people they opened recently and
may still open; for a coordinator, the queues that wait for them; for a psychologist and the
coordinator, the people whose latest mental-health session at their sites rated the
suicide risk high or imminent (until a later session rates it lower). Every "due" reason is the
rule of the page where it is resolved (the lost-to-follow-up rule, the referral's status,
the consent's review date), so that the home page and those pages agree. The number of
statements does not grow with the number of people (tests/test_query_counts.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import lazyload

from caseflow import consent_state
from caseflow.audit import Action, record_event
from caseflow.database import commit_keeping_loaded
from caseflow.disciplines import Discipline
from caseflow.disciplines.mental_health_codes import URGENT_RISKS, SuicideRisk
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.base import utcnow
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.consent import Consent, ConsentDecision
from caseflow.models.enrolment import Enrolment
from caseflow.models.erasure import erased
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.referent import Referent
from caseflow.models.referral import Referral, ReferralStatus
from caseflow.models.site import Site
from caseflow.models.task import Task
from caseflow.roles import Role
from caseflow.services.care import appointments, follow_up, tasks
from caseflow.timezones import local_day, site_today
from caseflow.vocabulary import Confidentiality

REFERRAL_ANSWER_DAYS = 7  # a referral sent this long ago without an answer is chased
CONSENT_REVIEW_NOTICE_DAYS = 14  # a consent whose review date is this close is renewed
RECENT_DAYS = 30
RECENT_PEOPLE = 8
REFERENT_PEOPLE = 60  # shown on the home page; the caseload page has them all
AT_RISK_PEOPLE = 50
# Who is told of a high or imminent suicide risk: the psychologists of the site, who act
# on it, and the medical coordinator, who answers for the site's care. Not the social or
# legal workers: the level comes from a mental-health note they may not read.
RISK_ROLES = (Role.PSYCHOLOGIST, Role.COORDINATOR)
DIED = "died"  # the outcome of a pathway (mental health, TB) that ends with a death


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
class AtRisk:
    """A person whose latest rated suicide risk at the viewer's sites is high or imminent:
    the level, the day of the session that rated it, and where (no note content)."""

    person: Person
    level: str
    on: date
    site_id: int


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
    at_risk: list[AtRisk] = field(default_factory=list)


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


def _at_risk_rows(user) -> list[tuple[uuid.UUID, str, datetime, int]]:
    """(person, level, when, site) of the people followed at the user's sites whose latest
    mental-health note that rates the suicide risk rates it high or imminent, in one
    statement. The latest is read at every site (a lower rating recorded where the person
    moved takes them off the old site's list too), among the notes the user may know of:
    another author's private working note raises no alert. A later note that rates it
    lower takes them off; a note that does not rate it (a phone
    call, a session where it was not assessed) changes nothing. A follow-up that ended
    otherwise keeps them listed (someone who stopped coming at high risk is sought), except
    a death recorded as the outcome of any of their pathways."""
    if user.role not in RISK_ROLES or not user.site_ids:
        return []
    from caseflow.access import in_scope_clause

    level = Note.codes["suicide_risk"].as_string()
    rated = (select(Note.person_id, Note.site_id, Note.occurred_at, level.label("level"),
                    func.row_number().over(partition_by=Note.person_id,
                                           order_by=(Note.occurred_at.desc(),
                                                     Note.id.desc())).label("latest"))
             .where(Note.discipline == Discipline.MENTAL_HEALTH, level.is_not(None),
                    in_scope_clause(user, Note.person_id),
                    or_(Note.confidentiality != Confidentiality.PRIVATE,
                        Note.author_id == user.id))
             .subquery())
    return [tuple(row) for row in db.session.execute(
        select(rated.c.person_id, rated.c.level, rated.c.occurred_at, rated.c.site_id)
        .where(rated.c.latest == 1, rated.c.level.in_(URGENT_RISKS),
               ~erased(rated.c.person_id),
               ~exists().where(Enrolment.person_id == rated.c.person_id,
                               Enrolment.outcome == DIED))
        .order_by(rated.c.occurred_at.desc()).limit(AT_RISK_PEOPLE))]


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
    risk_rows = _at_risk_rows(user)
    wanted = set(shown) | {t.person_id for t in open_tasks} | {c.person_id for c in drafts} \
        | set(recent_ids) | {row[0] for row in risk_rows}
    people = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.id.in_(wanted)))} if wanted else {}
    people.update(day.people)
    followed = [Followed(people[pid], by_person[pid][0].site,
                         sorted({r.discipline for r in by_person[pid]}), due[pid])
                for pid in shown if pid in people]
    # Imminent first, then the most recent rating.
    at_risk = sorted((AtRisk(people[pid], level, local_day(site, at), site)
                      for pid, level, at, site in risk_rows if pid in people),
                     key=lambda r: (r.level != SuicideRisk.IMMINENT.value, -r.on.toordinal()))
    record_event(Action.VIEW, actor_id=user.id, object_type="worklist",
                 details={"followed": len(pids), "tasks": len(open_tasks),
                          "drafts": len(drafts), "recent": len(recent_ids),
                          "at_risk": len(at_risk)})
    commit_keeping_loaded()
    return Worklist(today, day, followed, len(pids), sum(1 for pid in pids if due[pid]),
                    open_tasks, drafts,
                    [people[pid] for pid in recent_ids if pid in people], people, at_risk)
