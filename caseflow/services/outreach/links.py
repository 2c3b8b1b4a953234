"""Linking an outreach contact to a person's full record: proposed by a professional, then
confirmed or rejected by a coordinator (issue 19: "never merged silently").

Why two people: a contact holds little to tell people apart (a wristband number, maybe a
declared name, sex, an age group), and a wrong link puts one person's triage and complaint
in another's record. So the professional who recognises the person proposes, and a
coordinator who did not propose it confirms (four eyes, as for the consents that wait for a
second professional; DESIGN, Access rule 3: coordinators supervise across sites). Only a
confirmation sets the contact's `person_id`; a rejection says why; a confirmed link found
wrong is undone by a coordinator, with its reason. Every step is one audit event holding
codes and ids only (the person's pseudonymous code, the contact's and the link's ids).

Two coordinators deciding at once: each decision is a conditional UPDATE of a pending link
(and of a contact not yet linked), so exactly one wins and the other is told what happened.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from caseflow.access import parse_uuid
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.outreach import LinkStatus, OutreachContact, OutreachLink, OutreachSession
from caseflow.models.person import Person
from caseflow.roles import Role
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.outreach import OUTREACH_ROLES, may_open, outreach_site_ids
from caseflow.services.outreach.keys import open_key

MAX_REASON = 2000
QUEUE_SHOWN = 200  # the queue shows the oldest pending links first; a longer one is worked down

ALREADY_PENDING = _l("A link for this contact already awaits a coordinator's confirmation.")
PROPOSED_MEANWHILE = _l("Someone proposed a link for this contact a moment ago: it now awaits a "
                        "coordinator's confirmation. Open the contact to see it.")
ERASED = _l("This record was erased: nothing can be linked to it.")
ALREADY_DECIDED = _l("Another coordinator decided on this link a moment ago: it is no longer "
                     "waiting. The queue shows where it stands now.")


# --- Who ----------------------------------------------------------------------------------------


def may_propose(user) -> bool:
    """The professionals who may read outreach: the medical roles of a Libya site, and
    coordinators (services/outreach.outreach_site_ids)."""
    if not user.is_authenticated or user.role not in OUTREACH_ROLES:
        return False
    sites = outreach_site_ids(user)
    return sites is None or bool(sites)


def may_decide(user) -> bool:
    return user.is_authenticated and user.role is Role.COORDINATOR


def _may_read_linked(user, contact: OutreachContact) -> bool:
    """A linked contact is part of the person's record: the medical roles who read that
    person read it too, wherever the session was held (as the timeline shows it)."""
    from caseflow.access.person import person_access

    if contact.person_id is None or user.role not in OUTREACH_ROLES:
        return False
    person = db.session.get(Person, contact.person_id)
    return person is not None and person_access(user, person).grant is not None


def contact_for(user, contact_id) -> tuple[OutreachContact, OutreachSession] | None:
    """The contact and its session if the user may open it (its session's site, or the
    record it is linked to); None otherwise (the page answers 404). The key is opened."""
    uid = parse_uuid(contact_id)
    contact = db.session.get(OutreachContact, uid) if uid else None
    if contact is None:
        return None
    session = db.session.get(OutreachSession, contact.session_id)
    if not (may_open(user, session.site_id) or _may_read_linked(user, contact)):
        return None
    open_key(session)
    return contact, session


def link_for(link_id) -> OutreachLink | None:
    uid = parse_uuid(link_id)
    return db.session.get(OutreachLink, uid) if uid else None


# --- Reading ------------------------------------------------------------------------------------


def links_of_contact(contact: OutreachContact) -> list[OutreachLink]:
    return list(db.session.scalars(select(OutreachLink)
                                   .where(OutreachLink.contact_id == contact.id)
                                   .order_by(OutreachLink.proposed_at)))


def pending_for_person(person) -> list[tuple[OutreachLink, OutreachContact, OutreachSession]]:
    """The person's links waiting for a coordinator, with their contact and session (coded
    columns only are shown: no key is opened). One query."""
    rows = db.session.execute(
        select(OutreachLink, OutreachContact, OutreachSession)
        .join(OutreachContact, OutreachContact.id == OutreachLink.contact_id)
        .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
        .where(OutreachLink.person_id == person.id, OutreachLink.status == LinkStatus.PENDING)
        .order_by(OutreachLink.proposed_at))
    return [tuple(row) for row in rows]


def pending_count() -> int:
    return db.session.scalar(select(db.func.count()).select_from(OutreachLink)
                             .where(OutreachLink.status == LinkStatus.PENDING)) or 0


def queue(limit: int = QUEUE_SHOWN) -> list[tuple[OutreachLink, OutreachContact, OutreachSession,
                                                  Person]]:
    """Pending links, oldest first, with the contact (its session's key opened: the declared
    name is compared with the record's) and the person."""
    rows = [tuple(r) for r in db.session.execute(
        select(OutreachLink, OutreachContact, OutreachSession, Person)
        .join(OutreachContact, OutreachContact.id == OutreachLink.contact_id)
        .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
        .join(Person, Person.id == OutreachLink.person_id)
        .where(OutreachLink.status == LinkStatus.PENDING)
        .order_by(OutreachLink.proposed_at).limit(limit))]
    for session in {row[2].id: row[2] for row in rows}.values():
        open_key(session)
    return rows


def audit_queue_view(actor, codes: list[str]) -> None:
    """The queue shows names: which records were on screen is kept (codes only)."""
    record_event(Action.VIEW, actor_id=actor.id, object_type="outreach_link_queue",
                 details={"codes": sorted(set(codes))})
    db.session.commit()


def record_contact_view(actor, contact: OutreachContact, session: OutreachSession) -> None:
    """A linked contact is part of the person's record: its read is kept under the person's
    code (so the person's access review lists it), with the break-glass purpose when the
    reader came in through an emergency grant, as every read of the record is."""
    from caseflow.access.person import person_access

    person_code = purpose = None
    if contact.person_id is not None:
        person = db.session.get(Person, contact.person_id)
        if person is not None:
            person_code = person.code
            purpose = person_access(actor, person).audit_purpose
    record_event(Action.VIEW, actor_id=actor.id, object_type="outreach_contact",
                 object_id=contact.id, site_id=session.site_id, person_code=person_code,
                 purpose=purpose)
    db.session.commit()


# --- Changes ------------------------------------------------------------------------------------


def _event(actor, link: OutreachLink, person_code: str, status: LinkStatus,
           action: Action = Action.UPDATE) -> None:
    record_event(action, actor_id=actor.id, object_type="outreach_link", object_id=link.id,
                 person_code=person_code,
                 details={"status": status.value, "contact": str(link.contact_id)})


def pending_link(contact: OutreachContact) -> OutreachLink | None:
    return db.session.scalar(select(OutreachLink).where(
        OutreachLink.contact_id == contact.id, OutreachLink.status == LinkStatus.PENDING))


def check_proposable(actor, contact: OutreachContact, session: OutreachSession) -> None:
    """What a proposal needs, whoever the person: checked before anything is written, so
    that registering a new record from the contact never leaves a record with no link."""
    if not may_propose(actor) or not may_open(actor, session.site_id):
        raise ServiceError(_l("Links are proposed by the team of the site where the contact "
                              "was seen, or a coordinator."))
    if contact.person_id is not None:
        raise ServiceError(_l("This contact is already linked to a record."))
    if pending_link(contact) is not None:
        raise ServiceError(ALREADY_PENDING)


def propose(actor, contact: OutreachContact, session: OutreachSession,
            person: Person, *, commit: bool = True) -> OutreachLink:
    """A link waiting for a coordinator. The caller loaded `person` through the access loader
    (the proposer reads that record) and `contact` through contact_for. `commit=False`: the
    caller's transaction (a record registered with its proposal, all or nothing).

    Two proposals at once both pass the check above; the partial unique index on pending
    links (models/outreach.py) refuses the second, which is told so."""
    from caseflow.services.safeguards.retention import is_erased

    check_proposable(actor, contact, session)
    if is_erased(person.id):
        raise ServiceError(ERASED)
    link = OutreachLink(contact_id=contact.id, person_id=person.id, status=LinkStatus.PENDING,
                        proposed_by_id=actor.id)
    db.session.add(link)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ConcurrentEditError(PROPOSED_MEANWHILE) from None
    _event(actor, link, person.code, LinkStatus.PENDING, Action.CREATE)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return link


def _reason(text: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise ServiceError(_l("Say why."), field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(_l("At most %(n)d characters.", n=MAX_REASON), field="reason")
    return reason


def _decided(link: OutreachLink, expected: LinkStatus, values: dict) -> None:
    """Move the link on from `expected`, or refuse if someone moved it first."""
    done = db.session.execute(
        update(OutreachLink).where(OutreachLink.id == link.id, OutreachLink.status == expected)
        .values(values).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        raise ConcurrentEditError(ALREADY_DECIDED)
    db.session.expire(link, list(values))


def _person_code(link: OutreachLink) -> str:
    return db.session.scalar(select(Person.code).where(Person.id == link.person_id))


def confirm(actor, link: OutreachLink) -> None:
    """The coordinator agrees: the contact becomes part of the person's record. The erasure
    is checked once the link is held (by _decided's conditional UPDATE): an erasure that
    closed the link first makes that UPDATE fail; one committed while the proposal waited is
    seen after it, and nothing joins a tombstone."""
    from caseflow.services.safeguards.retention import is_erased

    if not may_decide(actor):
        raise ServiceError(_l("A coordinator confirms links."))
    if link.proposed_by_id == actor.id:
        raise ServiceError(_l("You proposed this link: another coordinator confirms it."))
    _decided(link, LinkStatus.PENDING, {"status": LinkStatus.CONFIRMED,
                                        "decided_by_id": actor.id, "decided_at": utcnow()})
    if is_erased(link.person_id):
        db.session.rollback()
        raise ServiceError(ERASED)
    linked = db.session.execute(
        update(OutreachContact).where(OutreachContact.id == link.contact_id,
                                      OutreachContact.person_id.is_(None))
        .values(person_id=link.person_id).execution_options(synchronize_session=False))
    if linked.rowcount != 1:
        db.session.rollback()
        raise ConcurrentEditError(_l("This contact was linked to a record meanwhile: reject "
                                     "this proposal, or undo the other link first."))
    _event(actor, link, _person_code(link), LinkStatus.CONFIRMED)
    db.session.commit()


def reject(actor, link: OutreachLink, reason: str) -> None:
    if not may_decide(actor):
        raise ServiceError(_l("A coordinator confirms links."))
    text = _reason(reason)
    _decided(link, LinkStatus.PENDING, {"status": LinkStatus.REJECTED,
                                        "decided_by_id": actor.id, "decided_at": utcnow()})
    link.reason = text
    _event(actor, link, _person_code(link), LinkStatus.REJECTED)
    db.session.commit()


def unlink(actor, link: OutreachLink, reason: str) -> None:
    """Undo a confirmed link found wrong: the contact leaves the person's record (and can be
    proposed again); the link stays, undone, with its reason."""
    if not may_decide(actor):
        raise ServiceError(_l("Only a coordinator undoes a link."))
    text = _reason(reason)
    _decided(link, LinkStatus.CONFIRMED, {"status": LinkStatus.UNLINKED,
                                          "unlinked_by_id": actor.id, "unlinked_at": utcnow()})
    db.session.execute(
        update(OutreachContact).where(OutreachContact.id == link.contact_id,
                                      OutreachContact.person_id == link.person_id)
        .values(person_id=None).execution_options(synchronize_session=False))
    link.reason = text
    _event(actor, link, _person_code(link), LinkStatus.UNLINKED)
    db.session.commit()
    db.session.expire_all()
