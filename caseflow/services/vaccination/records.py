"""A person's vaccination status and doses: each change checked, made and audited together.

Who reads: the medical discipline of anyone the person's access lets in (the team of a
site that follows the person, a former site for what was recorded there, the medical
coordinator for supervision, a break-glass grant in an emergency: vaccinations are among
the safety basics an emergency needs). The status of the record as a whole is read by all
of them; a dose follows the site rule of every record (PersonAccess.site_clause on the
site where it was recorded), so that a former site does not learn what the new one does.

Who writes: doctors, nurses, midwives and medical coordinators of the medical discipline,
at a site that follows the person now; never through a break-glass grant (read and note
only). Audit events carry codes, never the batch number or a reason typed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.user import User
from caseflow.models.vaccination import (
    DatePrecision,
    DoseOrigin,
    DoseState,
    StatusSource,
    VaccinationDose,
    VaccinationStatus,
)
from caseflow.models.vaccines import Vaccine, vaccine_from_code
from caseflow.roles import Role
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.intake.plausibility import ensure_not_before_birth
from caseflow.timezones import site_today

WRITERS = frozenset({Role.DOCTOR, Role.NURSE, Role.MIDWIFE, Role.COORDINATOR})
EARLIEST = date(1920, 1, 1)
MAX_DOSE_NUMBER = 10
MAX_LOT = 40
MAX_NAME = 120
MAX_REASON = 500
_MEMO = "vaccination_doses"


# --- Who --------------------------------------------------------------------------------------


def may_read(user, person) -> bool:
    access = person_access(user, person)
    return access.grant is not None and user.discipline == Discipline.MEDICAL


def may_write(user, person) -> bool:
    access = person_access(user, person)
    return (user.role in WRITERS and user.discipline == Discipline.MEDICAL
            and access.emergency is None and bool(access.writable_sites))


def writing_sites(user, person) -> list[int]:
    return sorted(person_access(user, person).writable_sites) if may_write(user, person) else []


def _site(actor, person, site_id: int | None) -> int:
    sites = writing_sites(actor, person)
    if not sites:
        raise ServiceError(_l("You may not record vaccinations for this person."))
    chosen = site_id if site_id is not None else sites[0]
    if chosen not in sites:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    return chosen


# --- Dates as people say them -----------------------------------------------------------------

_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{4})-(\d{1,2})"), ("y", "m")),
    (re.compile(r"(\d{1,2})[/.](\d{4})"), ("m", "y")),
    (re.compile(r"(\d{4})"), ("y",)),
)
BAD_DATE = _l("Give the date as day/month/year, month/year or the year alone "
              "(for example 14/03/2026, 03/2019 or 2019).")


def parse_given_on(text: str | None) -> tuple[date, DatePrecision]:
    """A typed date: a full day, a month and year, or a year (what people remember of a
    vaccination given years ago). The approximate ones are stored as the period's first
    day with their precision."""
    text = (text or "").strip()
    if not text:
        raise ServiceError(_l("Give the date of the dose."), field="given_on")
    for pattern, parts in _FORMS:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values = dict(zip(parts, (int(g) for g in found.groups()), strict=True))
        precision = (DatePrecision.DAY if "d" in values else
                     DatePrecision.MONTH if "m" in values else DatePrecision.YEAR)
        try:
            day = date(values["y"], values.get("m", 1), values.get("d", 1))
        except ValueError:
            raise ServiceError(BAD_DATE, field="given_on") from None
        return day, precision
    raise ServiceError(BAD_DATE, field="given_on")


def period_end(day: date, precision: DatePrecision) -> date:
    if precision == DatePrecision.YEAR:
        return date(day.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


# --- Status -----------------------------------------------------------------------------------


def current_status(person) -> VaccinationStatus | None:
    """The latest status recorded (readers are checked by the caller)."""
    return db.session.scalar(
        select(VaccinationStatus).where(VaccinationStatus.person_id == person.id)
        .order_by(VaccinationStatus.recorded_at.desc()).limit(1))


def status_with_author(person) -> tuple[VaccinationStatus | None, str | None]:
    """The latest status and the name of who recorded it, in one query."""
    row = db.session.execute(
        select(VaccinationStatus, User.display_name)
        .join(User, User.id == VaccinationStatus.recorded_by_id)
        .where(VaccinationStatus.person_id == person.id)
        .order_by(VaccinationStatus.recorded_at.desc()).limit(1)).first()
    return (row[0], row[1]) if row is not None else (None, None)


def record_status(actor, person, source: StatusSource | str | None,
                  expected_version: int | None, site_id: int | None = None
                  ) -> VaccinationStatus:
    """Record or change the status. `expected_version`: the version the form was opened
    on, None when there was no status then (a status recorded meanwhile is a conflict)."""
    site = _site(actor, person, site_id)
    try:
        source = StatusSource(source)
    except ValueError:
        raise ServiceError(_l("Choose where the vaccination status comes from."),
                           field="source") from None
    status = current_status(person)
    if (status.version if status is not None else None) != expected_version:
        raise ConcurrentEditError(_l("Someone else recorded the vaccination status in the "
                                     "meantime. Check it and try again."))
    before = status.source.value if status is not None else None
    if status is None:
        status = VaccinationStatus(person_id=person.id, source=source, site_id=site,
                                   recorded_by_id=actor.id)
        db.session.add(status)
        action = Action.CREATE
    else:
        status.source, status.site_id, status.recorded_by_id = source, site, actor.id
        status.recorded_at = utcnow()
        status.version += 1
        action = Action.UPDATE
    db.session.flush()
    record_event(action, actor_id=actor.id, object_type="vaccination_status",
                 object_id=str(status.id), person_code=person.code, site_id=site,
                 details={"source": source.value, "before": before})
    commit_or_conflict()
    return status


# --- Doses ------------------------------------------------------------------------------------


@dataclass
class DoseInput:
    vaccine: str | None
    given_on: str | None  # as typed: 14/03/2026, 2026-03-14, 03/2019, 2019
    origin: DoseOrigin | str | None = DoseOrigin.GIVEN_HERE
    dose_number: int | None = None  # None: the next one of the series
    lot_number: str | None = None
    other_name: str | None = None
    site_id: int | None = None


def _clean(text: str | None) -> str | None:
    return " ".join((text or "").split()) or None


def _checked(person, data: DoseInput, site_id: int) -> dict:
    vaccine = vaccine_from_code(data.vaccine)
    if vaccine is None:
        raise ServiceError(_l("Choose a vaccine from the list (or “Other vaccine” and "
                              "its name)."), field="vaccine")
    try:
        origin = DoseOrigin(data.origin)
    except ValueError:
        raise ServiceError(_l("Say whether the dose was given here or before."),
                           field="origin") from None
    given_on, precision = parse_given_on(data.given_on)
    if precision != DatePrecision.DAY and origin == DoseOrigin.GIVEN_HERE:
        raise ServiceError(_l("A dose given here has its exact day."), field="given_on")
    if given_on > site_today(site_id):
        raise ServiceError(_l("This date is in the future."), field="given_on")
    if given_on < EARLIEST:
        raise ServiceError(_l("This date is too far in the past."), field="given_on")
    ensure_not_before_birth(person, period_end(given_on, precision), field="given_on")
    other_name = _clean(data.other_name)
    if vaccine == Vaccine.OTHER and not other_name:
        raise ServiceError(_l("Give the name of the vaccine."), field="other_name")
    if other_name and len(other_name) > MAX_NAME:
        raise ServiceError(_l("The name is too long."), field="other_name")
    lot = _clean(data.lot_number)
    if lot and origin != DoseOrigin.GIVEN_HERE:
        raise ServiceError(_l("The batch number is recorded for a dose given here."),
                           field="lot_number")
    if lot and len(lot) > MAX_LOT:
        raise ServiceError(_l("The batch number is too long."), field="lot_number")
    number = data.dose_number
    if number is not None and not 1 <= number <= MAX_DOSE_NUMBER:
        raise ServiceError(_l("The dose number goes from 1 to %(n)d.", n=MAX_DOSE_NUMBER),
                           field="dose_number")
    return {"vaccine": vaccine, "origin": origin, "given_on": given_on,
            "given_precision": precision, "dose_number": number,
            "other_name": other_name if vaccine == Vaccine.OTHER else None, "lot_number": lot}


def _next_number(person, vaccine: Vaccine) -> int:
    """The dose after the highest one recorded in the vaccine's (first) series, whatever
    the product: a dT-IPV after a DTaP-IPV is the second dose of tetanus-diphtheria."""
    series = vaccine.series[0]
    rows = db.session.execute(select(VaccinationDose.vaccine, VaccinationDose.dose_number).where(
        VaccinationDose.person_id == person.id, VaccinationDose.state == DoseState.RECORDED))
    reached = max((n for v, n in rows if series in Vaccine(v).series), default=0)
    return min(reached + 1, MAX_DOSE_NUMBER)


def add_dose(actor, person, data: DoseInput) -> VaccinationDose:
    site = _site(actor, person, data.site_id)
    values = _checked(person, data, site)
    if values["dose_number"] is None:
        values["dose_number"] = _next_number(person, values["vaccine"])
    encrypted = {k: values.pop(k) for k in ("other_name", "lot_number")}
    dose = VaccinationDose(person_id=person.id, site_id=site, recorded_by_id=actor.id,
                           **values)
    db.session.add(dose)  # in the session first: the person's key is loaded through it
    for name, value in encrypted.items():
        setattr(dose, name, value)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="vaccination_dose",
                 object_id=str(dose.id), person_code=person.code, site_id=site,
                 details={"vaccine": dose.vaccine.value, "dose": dose.dose_number,
                          "origin": dose.origin.value})
    db.session.commit()
    forget_read_doses()
    return dose


def mark_in_error(actor, person, dose: VaccinationDose, reason: str | None,
                  expected_version: int | None) -> VaccinationDose:
    """The dose stays, marked; it no longer counts. The right one is recorded anew."""
    if dose.person_id != person.id or dose.site_id not in writing_sites(actor, person):
        raise ServiceError(_l("You may not correct this vaccination."))
    if expected_version is None or expected_version != dose.version:
        raise ConcurrentEditError(_l("Someone else changed this vaccination in the meantime. "
                                     "Check it and try again."))
    if dose.in_error:
        raise ServiceError(_l("This vaccination is already marked as entered in error."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Say why this entry is wrong."), field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(_l("The reason is too long (at most %(n)d characters).",
                              n=MAX_REASON), field="reason")
    dose.state = DoseState.ENTERED_IN_ERROR
    dose.error_reason = reason
    dose.corrected_by_id, dose.corrected_at = actor.id, utcnow()
    dose.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="vaccination_dose",
                 object_id=str(dose.id), person_code=person.code, site_id=dose.site_id,
                 details={"state": DoseState.ENTERED_IN_ERROR.value,
                          "vaccine": dose.vaccine.value})
    commit_or_conflict()
    forget_read_doses()
    return dose


# --- Reading ----------------------------------------------------------------------------------


def doses_of(viewer, person) -> list[VaccinationDose]:
    """The doses the viewer may read, in error included: one query per request, shared by
    the person page's card and its timeline (a person has a few dozen doses at most)."""
    if not may_read(viewer, person):
        return []
    memo = g.setdefault(_MEMO, {}) if has_request_context() else {}
    key = (viewer.id, person.id)
    if key not in memo:
        clause = person_access(viewer, person).site_clause(VaccinationDose.site_id)
        memo[key] = list(db.session.scalars(
            select(VaccinationDose).where(VaccinationDose.person_id == person.id, clause)
            .order_by(VaccinationDose.given_on, VaccinationDose.recorded_at)))
    return memo[key]


def forget_read_doses() -> None:
    """After a change in this request, the next read asks the database again."""
    if has_request_context():
        g.pop(_MEMO, None)


def dose_visible(viewer, person, dose_id) -> VaccinationDose | None:
    if dose_id is None or not may_read(viewer, person):
        return None
    clause = person_access(viewer, person).site_clause(VaccinationDose.site_id)
    return db.session.scalar(select(VaccinationDose).where(
        VaccinationDose.id == dose_id, VaccinationDose.person_id == person.id, clause))
