"""Declarations of notifiable diseases: the reminder computed from the notes, the record.

What is due: a medical note whose conditions hold a code of the country list of the
note's site (caseflow/countries.py `notifiable`), with no declaration of that code for
the person since. A declaration covers the diagnosis it follows and the next six months
of notes carrying the same code (the same illness, followed: a TB treatment lasts six
months); a note after that is a new case, to declare again. Only the notes the reader
may read count (the person's access decides which sites; another author's private
working note does not raise a reminder in someone else's list).

Who: the medical discipline of a site that reads the person sees the reminder and the
declarations; doctors and coordinators of a site where they may write record them
(the French form is signed by a doctor). A break-glass reader records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from caseflow import morbidity
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.countries import country
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.declaration import DeclarationOutcome, DiseaseDeclaration
from caseflow.models.note import Note
from caseflow.models.site import Site
from caseflow.roles import Role
from caseflow.services import ServiceError
from caseflow.timezones import local_day, site_today
from caseflow.vocabulary import Confidentiality

RECORDERS = frozenset({Role.DOCTOR, Role.COORDINATOR})
COVERS = timedelta(days=183)  # a declaration covers six months of the same illness
EARLIEST = date(2000, 1, 1)
MAX_REFERENCE = 100
MAX_REASON = 1000

# To whom the law of the site's country sends the declaration (the reminder names it).
AUTHORITY = {
    "FR": _l("the regional health agency (ARS)"),
    "LY": _l("the National Centre for Disease Control (NCDC)"),
}
ANY_AUTHORITY = _l("the health authority")


def authority(site: Site):
    return AUTHORITY.get((site.country or "").upper(), ANY_AUTHORITY)


@dataclass(frozen=True)
class Due:
    code: str
    label: str
    site: Site
    diagnosed_on: date  # the latest note carrying the code
    authority: object


@dataclass
class DeclarationInput:
    code: str
    site_id: int
    outcome: DeclarationOutcome
    declared_on: date | None
    reference: str | None = None
    reason: str | None = None


# --- Who --------------------------------------------------------------------------------------


def may_read(user, person) -> bool:
    access = person_access(user, person)
    return access.grant is not None and user.discipline == Discipline.MEDICAL


def may_record(user, person) -> bool:
    access = person_access(user, person)
    return (user.role in RECORDERS and user.discipline == Discipline.MEDICAL
            and access.emergency is None and bool(access.writable_sites))


# --- What is due ------------------------------------------------------------------------------


def declarations_of(user, person) -> list[DiseaseDeclaration]:
    """The declarations recorded at sites whose records the reader reads, latest first."""
    access = person_access(user, person)
    return list(db.session.scalars(
        select(DiseaseDeclaration)
        .where(DiseaseDeclaration.person_id == person.id,
               access.site_clause(DiseaseDeclaration.site_id))
        .order_by(DiseaseDeclaration.declared_on.desc(), DiseaseDeclaration.recorded_at.desc())))


def due(user, person, declared: list[DiseaseDeclaration] | None = None) -> list[Due]:
    """The notifiable diagnoses of the notes the reader reads with no declaration since."""
    access = person_access(user, person)
    rows = db.session.execute(
        select(Note.codes, Note.occurred_at, Note.site_id)
        .where(Note.person_id == person.id, Note.discipline == Discipline.MEDICAL,
               access.site_clause(Note.site_id),
               or_(Note.confidentiality != Confidentiality.PRIVATE,
                   Note.author_id == user.id)))
    latest: dict[str, tuple[date, int]] = {}
    sites: dict[int, Site] = {}
    for codes, occurred_at, site_id in rows:
        conditions = (codes or {}).get("conditions") or ()
        if not conditions:
            continue
        site = sites.get(site_id) or sites.setdefault(site_id, db.session.get(Site, site_id))
        listed = country(site.country).notifiable
        day = local_day(site, occurred_at)
        for code in conditions:
            if code in listed and (code not in latest or latest[code][0] < day):
                latest[code] = (day, site_id)
    if not latest:
        return []
    if declared is None:
        declared = declarations_of(user, person)
    last: dict[str, date] = {}
    for row in declared:
        last[row.code] = max(last.get(row.code, row.declared_on), row.declared_on)
    return [Due(code=code, label=morbidity.label(code), site=sites[site_id], diagnosed_on=day,
                authority=authority(sites[site_id]))
            for code, (day, site_id) in sorted(latest.items())
            if code not in last or day > last[code] + COVERS]


def in_note(note) -> list[str]:
    """The notifiable codes a note just saved carries (its site's country list): the
    reminder the author reads as the note is recorded."""
    codes = (note.codes or {}).get("conditions") or ()
    listed = country(note.site.country).notifiable
    return [code for code in codes if code in listed]


# --- Recording --------------------------------------------------------------------------------


def _checked(person, data: DeclarationInput, site: Site) -> DeclarationInput:
    if data.code not in country(site.country).notifiable:
        raise ServiceError(_l("This disease is not on the notifiable list of the site's "
                              "country."), field="code")
    if data.declared_on is None:
        raise ServiceError(_l("Give the date."), field="declared_on")
    if data.declared_on > site_today(site.id):
        raise ServiceError(_l("This date is in the future."), field="declared_on")
    if data.declared_on < EARLIEST:
        raise ServiceError(_l("This date is too far in the past."), field="declared_on")
    data.reference = " ".join((data.reference or "").split()) or None
    if data.reference and len(data.reference) > MAX_REFERENCE:
        raise ServiceError(_l("The reference is too long."), field="reference")
    data.reason = (data.reason or "").strip() or None
    if data.outcome == DeclarationOutcome.NOT_DECLARED and not data.reason:
        raise ServiceError(_l("Say why the disease is not declared (for instance: diagnosis "
                              "not retained)."), field="reason")
    if data.reason and len(data.reason) > MAX_REASON:
        raise ServiceError(_l("The reason is too long (at most %(n)d characters).",
                              n=MAX_REASON), field="reason")
    return data


def record(actor, person, data: DeclarationInput) -> DiseaseDeclaration:
    """Record what was done about a notifiable diagnosis; audited with codes only."""
    access = person_access(actor, person)
    if not may_record(actor, person) or data.site_id not in access.writable_sites:
        raise ServiceError(_l("You may not record a declaration for this person at this "
                              "site."), field="site_id")
    site = db.session.get(Site, data.site_id)
    data = _checked(person, data, site)
    row = DiseaseDeclaration(person_id=person.id, site_id=site.id, code=data.code,
                             outcome=data.outcome, declared_on=data.declared_on,
                             recorded_by_id=actor.id)
    row.reference = data.reference
    row.reason = data.reason
    db.session.add(row)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="disease_declaration",
                 object_id=str(row.id), person_code=person.code, site_id=site.id,
                 purpose=access.audit_purpose,
                 details={"outcome": data.outcome.value})  # no disease: the trail outlives
    # the person's erasure, and "hiv" must not be read there (the code is on the row).
    db.session.commit()
    return row


def declarable(user, person) -> list[tuple[str, str]]:
    """(code, label) of what may be declared: the country lists of the recorder's sites."""
    access = person_access(user, person)
    codes: set[str] = set()
    for site_id in access.writable_sites:
        codes |= country(db.session.get(Site, site_id).country).notifiable
    return [(code, morbidity.label(code)) for code in sorted(codes)]
