"""Each person's retention date, and the records past it, for the coordinator's review.

The rule (code de la santé publique, R1112-7; docs/SECURITY.md, Retention date):
a record is kept 20 years after the person's last contact with the programme;
for a person who was a minor at that contact, until their 28th birthday if
that comes later. A site may keep records for fewer years where its own law
says so (`RETENTION_YEARS_BY_SITE`, e.g. ``{"TRI": 10}``); the default is
`RETENTION_YEARS` (20).

**Contact**, here, is anything that shows the person was with the team or
their pathway moved, i.e. the latest of:

- a note of any discipline and any confidentiality (its `occurred_at`);
- an appointment marked *attended* (its time; planned, missed or cancelled
  appointments are not contacts: the person did not come);
- enrolment activity: an enrolment's start or end, a pathway state change,
  a transfer between sites;
- the issue of a certificate (issued only after seeing the person).

Consents, referrals and flags are not contacts: they can be recorded without
the person. When in doubt a source counts: a later contact gives a later date,
and a later date never erases a record too early.

**Minors.** "A minor at the last contact" reads the declared birth date. A date
known to the month or the year counts as the *last* day of that month or year,
so that the person is taken for a minor, and the record kept, whenever they
may have been one. With no declared birth date there is no extension: caseflow
never estimates an age (it is declared, never guessed), and says so on the page.

**Several sites.** A person followed at several sites falls under the longest
of their sites' rules: a record is as long-lived as its most demanding keeper.

The 10 years after a death of R1112-7 are not applied: caseflow records no death.
"""

from __future__ import annotations

import calendar
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentStatus
from caseflow.models.certificate import Certificate
from caseflow.models.enrolment import Enrolment, EnrolmentTransfer
from caseflow.models.erasure import PersonErasure
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.state_change import StateChange
from caseflow.services import ServiceError

DEFAULT_RETENTION_YEARS = 20
ADULT_AGE = 18
MINOR_KEPT_UNTIL_AGE = 28
PER_PAGE = 50


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March (never earlier)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def latest_possible_birth(born: date | None, precision: str) -> date | None:
    """The latest day a declared birth date can stand for (None when unknown)."""
    if born is None or precision == "unknown":
        return None
    if precision == "year":
        return date(born.year, 12, 31)
    if precision == "month":
        return born.replace(day=calendar.monthrange(born.year, born.month)[1])
    return born


def minor_until(birth: date | None, last_contact: date) -> date | None:
    """The 28th birthday, when the person was (or may have been) a minor at the last contact."""
    if birth is None or last_contact >= add_years(birth, ADULT_AGE):
        return None
    return add_years(birth, MINOR_KEPT_UNTIL_AGE)


def _years_setting(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 200:
        raise ServiceError(_l("The setting %(name)s must be a number of years between 1 and "
                              "200: ask the administrator to correct it.", name=name))
    return value


def settings() -> tuple[int, dict[str, int]]:
    """(default years, {site code: years}), checked: a wrong value must not erase anything."""
    default = _years_setting("RETENTION_YEARS", current_app.config.get(
        "RETENTION_YEARS", DEFAULT_RETENTION_YEARS))
    by_site = current_app.config.get("RETENTION_YEARS_BY_SITE") or {}
    if not isinstance(by_site, dict):
        raise ServiceError(_l("The setting %(name)s must map site codes to numbers of years: "
                              "ask the administrator to correct it.",
                              name="RETENTION_YEARS_BY_SITE"))
    return default, {str(code).upper(): _years_setting("RETENTION_YEARS_BY_SITE", years)
                     for code, years in by_site.items()}


def years_for(site_codes, config: tuple[int, dict[str, int]] | None = None) -> int:
    default, by_site = config or settings()
    return max((by_site.get(code, default) for code in site_codes), default=default)


@dataclass(frozen=True)
class Retention:
    """A person's retention date and how it was reached (shown to the coordinator)."""

    last_contact: date
    years: int
    site_codes: tuple[str, ...]
    after_contact: date  # last contact + years
    minor_until: date | None  # the 28th birthday, when a minor at the last contact
    birth_date_known: bool

    @property
    def until(self) -> date:
        return max(self.after_contact, self.minor_until or self.after_contact)

    @property
    def extended_for_minor(self) -> bool:
        return self.minor_until is not None and self.minor_until > self.after_contact

    def past(self, today: date) -> bool:
        return today > self.until


# --- Contacts ----------------------------------------------------------------------------


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def last_contacts(person_ids=None) -> dict[uuid.UUID, date]:
    """The last contact of each person (of `person_ids`, or everyone), as defined above.

    One grouped query per source, combined here: sources mix dates and
    timestamps, which a SQL UNION would have to cast differently per database.
    """
    sources = [
        (Note.person_id, Note.occurred_at, None),
        (Appointment.person_id, Appointment.scheduled_at,
         Appointment.status == AppointmentStatus.ATTENDED),
        (Enrolment.person_id, Enrolment.started_on, None),
        (Enrolment.person_id, Enrolment.ended_on, None),
        (StateChange.person_id, StateChange.changed_on, None),
        (EnrolmentTransfer.person_id, EnrolmentTransfer.transferred_at, None),
        (Certificate.person_id, Certificate.issued_on, None),
    ]
    last: dict[uuid.UUID, date] = {}
    for pid_column, at_column, condition in sources:
        stmt = select(pid_column, func.max(at_column)).where(at_column.is_not(None))
        if condition is not None:
            stmt = stmt.where(condition)
        if person_ids is not None:
            stmt = stmt.where(pid_column.in_(list(person_ids)))
        for pid, at in db.session.execute(stmt.group_by(pid_column)):
            if at is not None:
                day = _as_date(at)
                if pid not in last or day > last[pid]:
                    last[pid] = day
    return last


def site_codes(person_ids=None) -> dict[uuid.UUID, set[str]]:
    """Codes of every site that followed each person (now or before a transfer)."""
    codes: dict[uuid.UUID, set[str]] = defaultdict(set)
    current = select(Enrolment.person_id, Site.code).join(Site, Site.id == Enrolment.site_id)
    former = select(EnrolmentTransfer.person_id, Site.code).join(
        Site, Site.id == EnrolmentTransfer.from_site_id)
    for stmt, column in ((current, Enrolment.person_id), (former, EnrolmentTransfer.person_id)):
        if person_ids is not None:
            stmt = stmt.where(column.in_(list(person_ids)))
        for pid, code in db.session.execute(stmt):
            codes[pid].add(code)
    return codes


def _retention(last: date, codes: set[str], birth: date | None,
               config: tuple[int, dict[str, int]]) -> Retention:
    years = years_for(codes, config)
    return Retention(last_contact=last, years=years, site_codes=tuple(sorted(codes)),
                     after_contact=add_years(last, years), minor_until=minor_until(birth, last),
                     birth_date_known=birth is not None)


def retention_of(person: Person) -> Retention:
    """The person's retention date (decrypts the declared birth date)."""
    config = settings()
    last = last_contacts([person.id]).get(person.id) or person.created_at.date()
    birth = latest_possible_birth(person.birth_date, person.birth_date_precision)
    return _retention(last, site_codes([person.id]).get(person.id, set()), birth, config)


def is_erased(person_id) -> bool:
    return db.session.get(PersonErasure, person_id) is not None


# --- The review list -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    person_id: uuid.UUID
    code: str
    site_codes: tuple[str, ...]
    last_contact: date
    until: date
    extended_for_minor: bool


@dataclass(frozen=True)
class ReviewPage:
    rows: list[ReviewRow]
    page: int
    pages: int
    total: int


def past_retention(today: date) -> list[ReviewRow]:
    """Every record not yet erased whose retention date is before `today`, oldest first.

    Computed from clear columns (contacts, sites, birth year and its precision);
    only people whose 28th-birthday rule might still keep them, and whose
    birth date is known to the month or the day, have it decrypted.
    """
    config = settings()
    people = db.session.execute(
        select(Person.id, Person.code, Person.birth_year, Person.birth_date_precision,
               Person.created_at)
        .where(~select(PersonErasure.person_id)
               .where(PersonErasure.person_id == Person.id).exists())
    ).all()
    contacts, sites = last_contacts(), site_codes()
    due: list[tuple] = []
    to_decrypt: list[tuple] = []
    for pid, code, birth_year, precision, created_at in people:
        last = contacts.get(pid) or created_at.date()
        codes = sites.get(pid, set())
        if add_years(last, years_for(codes, config)) >= today:
            continue
        if birth_year is None or precision == "unknown":
            due.append((pid, code, _retention(last, codes, None, config)))
            continue
        latest = date(birth_year, 12, 31)  # the latest any precision can stand for
        bound = _retention(last, codes, latest, config)
        if bound.past(today):
            due.append((pid, code, bound))
        elif precision != "year":
            to_decrypt.append((pid, code, last, codes))
    if to_decrypt:
        loaded = {p.id: p for p in db.session.scalars(
            select(Person).where(Person.id.in_([row[0] for row in to_decrypt])))}
        for pid, code, last, codes in to_decrypt:
            person = loaded[pid]
            birth = latest_possible_birth(person.birth_date, person.birth_date_precision)
            retention = _retention(last, codes, birth, config)
            if retention.past(today):
                due.append((pid, code, retention))
    rows = [ReviewRow(pid, code, r.site_codes, r.last_contact, r.until, r.extended_for_minor)
            for pid, code, r in due]
    rows.sort(key=lambda row: (row.until, row.code))
    return rows


def review(viewer, page: int = 1, today: date | None = None,
           per_page: int = PER_PAGE) -> ReviewPage:
    """One page of the review list, audited as one view (counts only: no code is opened)."""
    from caseflow.access.records import may_review_retention

    if not may_review_retention(viewer):
        raise ServiceError(_l("The retention review is for the medical coordinator."))
    rows = past_retention(today or date.today())
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(page, 1), pages)
    shown = rows[(page - 1) * per_page:page * per_page]
    record_event(Action.VIEW, actor_id=viewer.id, object_type="retention_review",
                 details={"listed": len(rows), "page": page})
    db.session.commit()
    return ReviewPage(shown, page, pages, len(rows))
