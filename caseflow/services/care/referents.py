"""Referents: who is responsible for a person's follow-up at a site, in each discipline.

Set at intake (the professional who registers or enrols the person becomes the referent in
their own discipline), changed on the person page by the team of the site or by a
coordinator, and reassigned in bulk by a coordinator when someone leaves. A change ends the
current row and starts a new one (models/referent.py): the history is kept, and each change
is an audit event of the person.

A referent says which disciplines follow the person (a protection officer as referent tells
that there is a protection follow-up): like the lost-to-follow-up list, each viewer is shown,
and may change, the referents of their own discipline and of those the person shares with
the team (`access.followup.known_disciplines`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from caseflow.audit import Action, record_event
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.person import Person
from caseflow.models.referent import Referent
from caseflow.models.user import SiteMembership, User
from caseflow.services import ConcurrentEditError, ServiceError

# A referent is shown by name: their site memberships (loaded with every user by default)
# are read only if something asks for them.
_NAMES_ONLY = joinedload(Referent.user).lazyload(User.memberships)
_CHANGED = _l("Someone else changed this referent in the meantime: here is the record as "
              "it is now.")


def team(site_ids, discipline: Discipline | None = None) -> list[tuple[int, User]]:
    """(site id, user) for the active members of these sites' care teams who work in a
    discipline (of `discipline` when given), by name: who may be a referent (one query)."""
    from caseflow.access import PERSON_READER_ROLES

    stmt = (select(SiteMembership.site_id, User)
            .join(User, User.id == SiteMembership.user_id)
            .where(SiteMembership.site_id.in_(sorted(site_ids)), User.active.is_(True),
                   User.role.in_(sorted(PERSON_READER_ROLES)), User.discipline.is_not(None))
            .order_by(User.display_name))
    if discipline is not None:
        stmt = stmt.where(User.discipline == discipline)
    return [(site_id, user) for site_id, user in db.session.execute(stmt)]


def eligible(site_id: int, discipline: Discipline | None = None) -> list[User]:
    """Who may be a referent at the site (in `discipline`)."""
    return [user for _site, user in team([site_id], discipline)]


def followed_site_ids(person) -> set[int]:
    """The sites where the person is followed now (an active enrolment), from the person's
    enrolments (already loaded by the person page)."""
    return {e.site_id for e in person.enrolments if e.active}


def known_to(actor, person) -> set[Discipline]:
    """The disciplines whose referents this user is shown for the person."""
    from caseflow.access.followup import known_disciplines
    from caseflow.access.person import person_access

    return known_disciplines(actor, person_access(actor, person).shared_disciplines)


def changeable_by(actor, person) -> set[Discipline]:
    """The disciplines whose referent this user may choose: their own (a legal worker does not
    choose the doctor), every discipline they are shown for a coordinator."""
    from caseflow.access import ALL_SITES_ROLES

    if actor.role in ALL_SITES_ROLES:
        return known_to(actor, person)
    return {actor.discipline} if actor.discipline is not None else set()


def current(person_ids, site_ids=None) -> list[Referent]:
    """The current referents of these people (at these sites), one query."""
    ids = list(person_ids)
    if not ids:
        return []
    stmt = select(Referent).where(Referent.person_id.in_(ids), Referent.ended_at.is_(None)) \
        .options(_NAMES_ONLY)
    if site_ids is not None:
        stmt = stmt.where(Referent.site_id.in_(list(site_ids)))
    return list(db.session.scalars(stmt.order_by(Referent.started_at)))


def history(person_id) -> list[Referent]:
    """Every referent the person had, the latest first."""
    return list(db.session.scalars(select(Referent).where(Referent.person_id == person_id)
                                   .options(_NAMES_ONLY).order_by(Referent.started_at.desc())))


def may_change(actor, person, site_id: int) -> bool:
    """The team of a site where the person is followed (who may write there), or a
    coordinator (who supervises every site)."""
    from caseflow.access import ALL_SITES_ROLES
    from caseflow.access.person import person_access

    if actor.role in ALL_SITES_ROLES:
        return site_id in followed_site_ids(person)
    return site_id in person_access(actor, person).writable_sites


def _start(person_id, site_id: int, discipline: Discipline, user_id: int,
           assigned_by_id: int | None) -> Referent:
    row = Referent(person_id=person_id, site_id=site_id, discipline=discipline,
                   user_id=user_id, assigned_by_id=assigned_by_id, started_at=utcnow())
    db.session.add(row)
    return row


def _end(row: Referent, actor_id: int | None) -> None:
    row.ended_at = utcnow()
    row.ended_by_id = actor_id


def _audit(actor_id, action, row_id, person_code, site_id, details) -> None:
    record_event(action, actor_id=actor_id, object_type="referent", object_id=str(row_id),
                 person_code=person_code, site_id=site_id, details=details)


def _commit() -> None:
    """Commit; two saves racing for the same referent meet the one-current-row index."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ConcurrentEditError(_CHANGED) from None


def assign_at_intake(actor, person: Person, site_id: int) -> Referent | None:
    """The professional who registers or enrols someone becomes their referent in their own
    discipline at that site, unless the person already has one there (inside the caller's
    transaction, audited)."""
    if actor is None or actor.discipline is None or site_id not in actor.site_ids:
        return None
    existing = db.session.scalar(select(Referent.id).where(
        Referent.person_id == person.id, Referent.site_id == site_id,
        Referent.discipline == actor.discipline, Referent.ended_at.is_(None)))
    if existing is not None:
        return None
    row = _start(person.id, site_id, actor.discipline, actor.id, actor.id)
    _audit(actor.id, Action.CREATE, row.id, person.code, site_id,
           {"discipline": actor.discipline.value, "user_id": actor.id, "at": "intake"})
    return row


def set_referent(actor, person: Person, *, site_id: int, discipline: Discipline,
                 user_id: int | None, expected_user_id: int | None = None) -> Referent | None:
    """Make `user_id` the person's referent in `discipline` at the site (None: nobody, for
    now). Refused outside the sites where the person is followed, for a discipline the actor
    is not shown, for somebody outside the site's team of that discipline, for a user who
    may not change it, and when the referent changed since the form showed
    `expected_user_id` (0: nobody; None: not checked)."""
    if site_id not in followed_site_ids(person):
        raise ServiceError(_l("The person is not followed at this site."), field="site_id")
    if not may_change(actor, person, site_id) or discipline not in changeable_by(actor, person):
        raise ServiceError(_l("Only the discipline's professionals at the site or a "
                              "coordinator may change this referent."))
    if user_id is not None and user_id not in {u.id for u in eligible(site_id, discipline)}:
        raise ServiceError(_l("Choose a member of the site's team in this discipline."),
                           field="user_id")
    rows = [r for r in current([person.id], [site_id]) if r.discipline == discipline]
    previous = rows[-1].user_id if rows else None
    if expected_user_id is not None and (previous or 0) != expected_user_id:
        raise ConcurrentEditError(_CHANGED)
    if previous == user_id:
        return rows[-1] if rows else None
    for row in rows:
        _end(row, actor.id)
    db.session.flush()  # the ended row first: one current row per discipline and site
    new = _start(person.id, site_id, discipline, user_id, actor.id) if user_id else None
    _audit(actor.id, Action.UPDATE, new.id if new else rows[-1].id, person.code, site_id,
           {"discipline": discipline.value, "user_id": user_id,
            "previous_user_id": previous})
    _commit()
    return new


def referent_users(site_ids) -> list[User]:
    """Everyone who is a current referent at these sites, accounts closed included: whose
    caseload a coordinator may hand over (one query)."""
    return list(db.session.scalars(
        select(User).where(User.id.in_(select(Referent.user_id).where(
            Referent.site_id.in_(sorted(site_ids)), Referent.ended_at.is_(None))))
        .order_by(User.display_name)))


def reassign(actor, *, site_id: int, from_user_id: int, to_user_id: int) -> int:
    """Hand every person `from_user_id` is referent for at the site, and their open tasks
    there, to `to_user_id` (when someone leaves): coordinators only; the new referent must
    work in each row's discipline. Returns how many people changed hands; each change is
    audited on its person."""
    from caseflow.access import ALL_SITES_ROLES
    from caseflow.services.care import tasks

    if actor.role not in ALL_SITES_ROLES:
        raise ServiceError(_l("Reassigning a caseload is for the coordinators."))
    if from_user_id == to_user_id:
        raise ServiceError(_l("Choose someone else to take over."), field="to_user_id")
    target = db.session.get(User, to_user_id) if to_user_id else None
    rows = list(db.session.scalars(select(Referent).where(
        Referent.user_id == from_user_id, Referent.site_id == site_id,
        Referent.ended_at.is_(None))))
    if not rows:
        raise ServiceError(_l("This professional is referent for nobody at this site."),
                           field="from_user_id")
    members = {u.id for u in eligible(site_id, target.discipline)} \
        if target is not None and target.discipline is not None else set()
    if to_user_id not in members or any(r.discipline != target.discipline for r in rows):
        raise ServiceError(_l("Choose a member of the site's team in this discipline."),
                           field="to_user_id")
    codes = dict(db.session.execute(select(Person.id, Person.code).where(
        Person.id.in_({r.person_id for r in rows}))).all()) if rows else {}
    for row in rows:
        _end(row, actor.id)
    db.session.flush()
    for row in rows:
        new = _start(row.person_id, site_id, row.discipline, to_user_id, actor.id)
        _audit(actor.id, Action.UPDATE, new.id, codes.get(row.person_id), site_id,
               {"discipline": row.discipline.value, "user_id": to_user_id,
                "previous_user_id": from_user_id, "bulk": True})
    tasks.hand_over(actor, site_id=site_id, from_user_id=from_user_id, to_user_id=to_user_id)
    _commit()
    return len(rows)


def end_clashes(survivor_id, duplicate_id, actor_id: int | None) -> None:
    """Before a merge: the duplicate's current referents where the survivor already has one
    (same site and discipline) are ended, so that the survivor keeps one per discipline
    and site, the other kept in the history (inside the merge's transaction)."""
    kept = {(r.site_id, r.discipline) for r in current([survivor_id])}
    for row in current([duplicate_id]):
        if (row.site_id, row.discipline) in kept:
            _end(row, actor_id)
    db.session.flush()
