"""Registering people, their declared identity, vulnerability flags and enrolments.

Identity is declared and may change: every change is audited (field names only)
and the old spelling is worth keeping as an alias, which the identity form
offers. Age is never estimated: only the declared date, its precision and its
source are stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow import pathways
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.models.flag import VulnerabilityFlag
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.care import referents
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.intake.duplicates import find_candidates, note_possible_duplicates
from caseflow.timezones import site_today
from caseflow.vocabulary import BirthDatePrecision, BirthDateSource, Sex, Vulnerability

MAX_ALIASES = 50
MAX_NAME_LENGTH = 2000  # people bring long names on documents; nothing is cut


def _latest_day() -> date:
    """Without a site: the latest day anywhere (UTC+14), so that a check made before the
    site is known (a form, an import row) refuses only a birth in the future everywhere;
    registering checks again against the site's own day."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Etc/GMT-14")).date()


def person_site_id(person: Person) -> int | None:
    """The site that follows the person now (their earliest active enrolment, else their
    latest one): where the work on their record happens, whose day dates it."""
    active = [e for e in person.enrolments if e.active]
    if active:
        return min(active, key=lambda e: e.started_on).site_id
    ended = list(person.enrolments)
    return max(ended, key=lambda e: e.started_on).site_id if ended else None


@dataclass
class Identity:
    family_name: str
    given_names: str = ""
    aliases: list[str] = field(default_factory=list)
    birth_date: date | None = None
    birth_precision: BirthDatePrecision = BirthDatePrecision.UNKNOWN
    birth_source: BirthDateSource = BirthDateSource.DECLARED
    sex: Sex = Sex.UNKNOWN
    nationality: str | None = None
    languages: list[str] = field(default_factory=list)
    interpreter_needed: bool = False
    phone: str | None = None
    contact_notes: str | None = None

    def cleaned(self, today: date | None = None) -> Identity:
        """The identity tidied and checked. `today`: the day at the site registering the
        person (a birth "in the future" is compared with it); without one, the latest day
        anywhere, so that a check made before the site is known refuses nothing the site
        itself would accept."""
        self.languages = list(dict.fromkeys(self.languages))  # a choice sent twice counts once
        self.family_name = " ".join(self.family_name.split())
        self.given_names = " ".join((self.given_names or "").split())
        seen: set[str] = set()
        aliases = []
        for alias in self.aliases:
            alias = " ".join(alias.split())
            if alias and alias.casefold() not in seen:
                seen.add(alias.casefold())
                aliases.append(alias)
        self.aliases = aliases
        self.nationality = (self.nationality or "").upper() or None
        self.phone = (self.phone or "").strip() or None
        self.contact_notes = (self.contact_notes or "").strip() or None
        if not self.family_name and not self.given_names:
            raise ServiceError(_l("Give at least one name, as the person says it."),
                               field="family_name")
        if len(self.aliases) > MAX_ALIASES:
            raise ServiceError(_l("At most %(n)d other names.", n=MAX_ALIASES), field="aliases")
        if any(len(n) > MAX_NAME_LENGTH for n in [self.family_name, self.given_names,
                                                   *self.aliases]):
            raise ServiceError(_l("A name has at most %(n)d characters.", n=MAX_NAME_LENGTH),
                               field="aliases")
        if self.birth_precision != BirthDatePrecision.UNKNOWN and self.birth_date is None:
            raise ServiceError(_l("Give the declared date of birth, or choose 'Unknown'."),
                               field="birth_date")
        if self.birth_date and self.birth_date > (today or _latest_day()):
            raise ServiceError(_l("The date of birth is in the future."), field="birth_date")
        if self.birth_date and self.birth_date.year < 1900:
            raise ServiceError(_l("The date of birth is too far in the past."),
                               field="birth_date")
        if self.birth_precision == BirthDatePrecision.UNKNOWN:
            self.birth_date = None
        elif self.birth_precision == BirthDatePrecision.YEAR:
            self.birth_date = self.birth_date.replace(month=1, day=1)
        elif self.birth_precision == BirthDatePrecision.MONTH:
            self.birth_date = self.birth_date.replace(day=1)
        return self


def apply_identity(person: Person, identity: Identity) -> list[str]:
    """Copy an identity onto a person; returns the names of the fields that changed."""
    changed = []
    for name in ("family_name", "given_names", "aliases", "phone", "contact_notes", "sex",
                 "nationality", "languages", "interpreter_needed"):
        value = getattr(identity, name)
        if name == "sex":
            value = value.value
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    before = (person.birth_date, person.birth_date_precision, person.birth_date_source)
    person.set_birth_date(identity.birth_date, identity.birth_precision.value,
                          identity.birth_source.value)
    if (person.birth_date, person.birth_date_precision, person.birth_date_source) != before:
        changed.append("birth_date")
    return changed


def _site_or_error(site_id: int) -> Site:
    site = db.session.get(Site, site_id)
    if site is None or not site.active:
        raise ServiceError(_l("Choose an open site."), field="site_id")
    return site


def register_person(actor, identity: Identity, *, site_id: int, programme: str,
                    consents: list[ConsentInput] = (), flags: list[Vulnerability] = (),
                    confirmed_distinct_from: list[uuid.UUID] = (),
                    started_on: date | None = None, commit: bool = True) -> Person:
    """Create the person, their first enrolment, consents and flags, in one transaction
    (`commit=False`: the caller's, e.g. an import that is all or nothing)."""
    from caseflow.access import may_register_at

    site = _site_or_error(site_id)
    identity = identity.cleaned(site_today(site))
    if actor is not None and not may_register_at(actor, site.id):
        raise ServiceError(_l("You can register people only at your own sites."),
                           field="site_id")
    definition = pathways.get(programme)
    if definition is None or (actor is not None and not definition.shown_to(actor)):
        raise ServiceError(_l("Choose a programme."), field="programme")
    candidates = find_candidates(identity)
    person = Person()
    apply_identity(person, identity)
    db.session.add(person)
    actor_id = actor.id if actor is not None else None
    today = started_on or site_today(site.id)
    db.session.add(Enrolment(person_id=person.id, programme=definition.key, site_id=site.id,
                             state=definition.initial, started_on=today,
                             created_by_id=actor_id))
    # The professional who registers becomes the referent in their discipline (issue 17).
    referents.assign_at_intake(actor, person, site.id)
    for flag in dict.fromkeys(flags):  # a flag sent twice is one flag
        db.session.add(VulnerabilityFlag(person_id=person.id, flag=flag, noted_on=today,
                                         noted_by_id=actor_id))
    db.session.flush()
    for consent in consents:
        add_consent(actor, person, consent, site_id=site.id, commit=False)
    record_event(Action.CREATE, actor_id=actor_id, object_type="person",
                 object_id=str(person.id), person_code=person.code, site_id=site.id,
                 details={"programme": definition.key,
                          "confirmed_distinct": len(confirmed_distinct_from)})
    note_possible_duplicates(actor, person, candidates, confirmed_distinct_from)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return person


def update_identity(actor, person: Person, identity: Identity,
                    expected_version: int | None = None) -> list[str]:
    """Correct a declared identity; refused if someone saved it since the form was opened."""
    from caseflow.access.person import person_access

    if not person_access(actor, person).may_write:
        raise ServiceError(_l("You cannot write in this person's record."))
    if expected_version is not None and person.version != expected_version:
        raise ConcurrentEditError(_l("Someone else changed this identity while you were "
                                     "editing it. Compare with the record, then save again."))
    changed = apply_identity(person, identity.cleaned(site_today(person_site_id(person))))
    if changed:
        person.version += 1
        record_event(Action.UPDATE, actor_id=actor.id, object_type="person",
                     object_id=str(person.id), person_code=person.code,
                     details={"changed": changed})
        commit_or_conflict()
    return changed


def set_flag(actor, person: Person, flag: Vulnerability, on: bool,
             noted_on: date | None = None) -> None:
    current = db.session.scalar(
        select(VulnerabilityFlag).where(VulnerabilityFlag.person_id == person.id,
                                        VulnerabilityFlag.flag == flag,
                                        VulnerabilityFlag.cleared_on.is_(None))
    )
    when = noted_on or site_today(person_site_id(person))
    if on and current is None:
        db.session.add(VulnerabilityFlag(person_id=person.id, flag=flag, noted_on=when,
                                         noted_by_id=actor.id))
    elif not on and current is not None:
        current.cleared_on = when
        current.cleared_by_id = actor.id
    else:
        return
    record_event(Action.UPDATE, actor_id=actor.id, object_type="vulnerability_flag",
                 object_id=str(person.id), person_code=person.code,
                 details={"flag": flag.value, "set": on})
    db.session.commit()


def enrol(actor, person: Person, *, site_id: int, programme: str,
          started_on: date | None = None) -> Enrolment:
    """A further programme at a site that already follows the person.

    Bringing the person to a new site is a transfer: it needs their consent to share
    with that site's team (services/transfers.py)."""
    from caseflow.access.person import person_access

    site = _site_or_error(site_id)
    if site.id not in person_access(actor, person).writable_sites:
        raise ServiceError(_l("Enrol at a site that follows the person; to move them to "
                              "another site, use a transfer."), field="site_id")
    definition = pathways.get(programme)
    if definition is None or not definition.shown_to(actor):
        raise ServiceError(_l("Choose a programme."), field="programme")
    if any(e.active and e.programme == programme for e in person.enrolments):
        raise ServiceError(_l("This person is already in this programme."), field="programme")
    enrolment = Enrolment(person_id=person.id, programme=definition.key, site_id=site.id,
                          state=definition.initial, started_on=started_on or site_today(site.id),
                          created_by_id=actor.id)
    db.session.add(enrolment)
    referents.assign_at_intake(actor, person, site.id)
    record_event(Action.CREATE, actor_id=actor.id, object_type="enrolment",
                 object_id=str(enrolment.id), person_code=person.code, site_id=site.id,
                 details={"programme": definition.key})
    db.session.commit()
    return enrolment
