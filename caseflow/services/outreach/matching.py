"""Finding the contact a person may be, or the person a contact may be, before proposing a link.

A contact's declared name is encrypted under its session's key and has no blind index (a
contact is not a person of caseflow: indexing every name said on a quay would make the
index a list of everyone intercepted at sea). So the two directions differ:

- from a contact, the people it may be: the duplicate check's own search
  (services/intake/duplicates.find_candidates, on the blind indexes), the declared name
  standing for a whole name, with the declared nationality; only the people the user may
  see are shown, as at registration;
- from a person, the contacts they may be: narrowed first in SQL on what is in clear (the
  user's outreach sites, not linked, not waiting, the session number, day and place when
  typed), at most CANDIDATE_ROWS of them, newest first; then their declared names are
  decrypted and compared with the duplicate check's name rule
  (duplicates.name_agreement: every part of the name found, in any order, under any
  spelling of its phonetic keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.outreach import (
    LinkStatus,
    OutreachContact,
    OutreachLink,
    OutreachPlace,
    OutreachSession,
)
from caseflow.models.person import Person
from caseflow.services.intake import duplicates
from caseflow.services.outreach import outreach_site_ids
from caseflow.services.outreach.keys import open_key

CANDIDATE_ROWS = 500  # contacts decrypted per search, at most (newest first)
SHOWN = 50


@dataclass
class ContactFilters:
    """What a professional typed to find a contact; empty fields do not filter."""

    number: int | None = None
    held_on: date | None = None
    place_id: int | None = None
    name: str = ""

    @property
    def empty(self) -> bool:
        return (self.number is None and self.held_on is None and self.place_id is None
                and not self.name.strip())


@dataclass
class ContactRow:
    contact: OutreachContact
    session: OutreachSession
    place: OutreachPlace
    reasons: list[str] = field(default_factory=list)  # name, nationality, sex


def _linkable(user):
    """Contacts of the user's outreach sites that are not linked and not waiting."""
    waiting = select(OutreachLink.contact_id).where(OutreachLink.status == LinkStatus.PENDING)
    query = (select(OutreachContact, OutreachSession, OutreachPlace)
             .join(OutreachSession, OutreachSession.id == OutreachContact.session_id)
             .join(OutreachPlace, OutreachPlace.id == OutreachSession.place_id)
             .where(OutreachContact.person_id.is_(None), OutreachContact.id.not_in(waiting))
             .order_by(OutreachSession.held_on.desc(), OutreachContact.number))
    sites = outreach_site_ids(user)
    if sites is not None:
        query = query.where(OutreachSession.site_id.in_(sorted(sites) or [-1]))
    return query


def _rows(query) -> list[ContactRow]:
    rows = [ContactRow(*r) for r in db.session.execute(query.limit(CANDIDATE_ROWS))]
    for session in {r.session.id: r.session for r in rows}.values():
        open_key(session)
    return rows


def _name_rule(name: str):
    """The typed or declared name as the duplicate check reads an identity."""
    return SimpleNamespace(family_name=name, given_names="", aliases=[], phone=None,
                           birth_date=None, nationality=None)


def _as_record(name: str):
    """A declared name as the duplicate check reads a stored record."""
    return SimpleNamespace(family_name=name, given_names=None, aliases=[])


def search_contacts(user, filters: ContactFilters) -> list[ContactRow]:
    """Contacts matching every field typed; a typed name must agree with the declared one."""
    query = _linkable(user)
    if filters.number is not None:
        query = query.where(OutreachContact.number == filters.number)
    if filters.held_on is not None:
        query = query.where(OutreachSession.held_on == filters.held_on)
    if filters.place_id is not None:
        query = query.where(OutreachSession.place_id == filters.place_id)
    name = filters.name.strip()
    if name:
        query = query.where(OutreachContact.__table__.c.declared_name.is_not(None))
    rows = _rows(query)
    if name:
        typed = _name_rule(name)
        rows = [r for r in rows if r.contact.declared_name and duplicates.name_agreement(
            typed, _as_record(r.contact.declared_name)) >= duplicates.SOUND_ALIKE]
        for row in rows:
            row.reasons.append("name")
    return rows[:SHOWN]


def suggested_contacts(user, person: Person) -> list[ContactRow]:
    """Contacts whose declared name agrees with the person's names as closely as the duplicate
    check asks of two records, with no clash of nationality or sex."""
    rows = _rows(_linkable(user).where(OutreachContact.__table__.c.declared_name.is_not(None)))
    kept = []
    for row in rows:
        contact = row.contact
        if contact.nationality and person.nationality \
                and contact.nationality != person.nationality:
            continue
        sexes = {getattr(s, "value", s) for s in (contact.sex, person.sex)}
        if len(sexes) > 1 and not sexes & {None, "unknown", "other"}:
            continue
        declared = SimpleNamespace(family_name=None, given_names=contact.declared_name,
                                   aliases=[], phone=None, birth_date=None, nationality=None)
        if duplicates.name_agreement(declared, person) < duplicates.CLOSE_NAMES:
            continue
        row.reasons.append("name")
        if contact.nationality and contact.nationality == person.nationality:
            row.reasons.append("nationality")
        kept.append(row)
    return kept[:SHOWN]


def candidate_people(user, contact: OutreachContact) -> list[Person]:
    """People the contact may be, among those the user may see: the duplicate check."""
    from caseflow.access import in_scope_clause

    if not contact.declared_name:
        return []
    identity = SimpleNamespace(family_name=None, given_names=contact.declared_name, aliases=[],
                               phone=None, birth_date=None, nationality=contact.nationality)
    found = duplicates.find_candidates(identity)
    if not found:
        return []
    return list(db.session.scalars(select(Person).where(
        Person.id.in_([c.person_id for c in found]), in_scope_clause(user, Person.id))
        .order_by(Person.code)))
