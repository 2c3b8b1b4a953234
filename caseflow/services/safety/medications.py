"""A person's current treatments: record, change, stop. Checked, made and audited together.

Who: services/safety/__init__.py (the medical discipline writes at the person's sites;
the medical discipline and break-glass readers read, never the rest of the team). The
medicine, dose, ATC code and prescriber are encrypted; the audit trail keeps codes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.medication import ATC_PATTERN, Medication, Prescriber, StopReason
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.safety import may_read_treatments, may_write, writing_site
from caseflow.timezones import site_today

MAX_MEDICINE = 200
MAX_DOSE = 300
MAX_DETAILS = 1000
EARLIEST = date(1900, 1, 1)


@dataclass
class MedicationInput:
    medicine: str | None
    prescriber: Prescriber | None
    dose: str | None = None
    atc_code: str | None = None
    started_on: date | None = None
    prescriber_details: str | None = None
    stopped_on: date | None = None
    stop_reason: StopReason | None = None
    stop_details: str | None = None
    site_id: int | None = None


# --- Reading ----------------------------------------------------------------------------------


def current_of(person) -> list[Medication]:
    """Treatments not stopped (no access check: callers ask may_read_treatments first)."""
    return list(db.session.scalars(
        select(Medication).where(Medication.person_id == person.id,
                                 Medication.stopped_on.is_(None))
        .order_by(Medication.created_at)))


def all_of(viewer, person) -> list[Medication]:
    """Every treatment, current first, then the stopped ones (entered-in-error included:
    the history page shows them apart)."""
    if not may_read_treatments(viewer, person):
        return []
    rows = db.session.scalars(select(Medication).where(Medication.person_id == person.id)
                              .order_by(Medication.created_at.desc()))
    return sorted(rows, key=lambda m: not m.current)


def stopped_of(viewer, person) -> list[Medication]:
    """Stopped treatments, except those entered in error."""
    if not may_read_treatments(viewer, person):
        return []
    return list(db.session.scalars(
        select(Medication).where(
            Medication.person_id == person.id, Medication.stopped_on.is_not(None),
            or_(Medication.stop_reason.is_(None),
                Medication.stop_reason != StopReason.ENTERED_IN_ERROR))
        .order_by(Medication.stopped_on.desc())))


def entry_of(person, medication_id) -> Medication | None:
    row = db.session.get(Medication, medication_id) if medication_id is not None else None
    return row if row is not None and row.person_id == person.id else None


def opened(viewer, person, medication: Medication) -> None:
    record_event(Action.VIEW, actor_id=viewer.id, object_type="medication",
                 object_id=str(medication.id), person_code=person.code)
    db.session.commit()


# --- Checks -----------------------------------------------------------------------------------


def _text(value, limit, field, message) -> str | None:
    value = (value or "").strip() or None
    if value is not None and len(value) > limit:
        raise ServiceError(message, field=field)
    return value


def _day(value: date | None, field: str, today: date) -> None:
    if value is not None and value > today:
        raise ServiceError(_l("This date is in the future."), field=field)
    if value is not None and value < EARLIEST:
        raise ServiceError(_l("This date is too far in the past."), field=field)


def _checked(data: MedicationInput, site_id: int) -> MedicationInput:
    data.medicine = " ".join((data.medicine or "").split()) or None
    if data.medicine is None:
        raise ServiceError(_l("Name the medicine."), field="medicine")
    if len(data.medicine) > MAX_MEDICINE:
        raise ServiceError(_l("The medicine's name is too long (at most %(n)d characters).",
                              n=MAX_MEDICINE), field="medicine")
    if data.prescriber is None:
        raise ServiceError(_l("Say who prescribed it (or “unknown”)."), field="prescriber")
    data.atc_code = "".join((data.atc_code or "").split()).upper() or None
    if data.atc_code is not None and not ATC_PATTERN.fullmatch(data.atc_code):
        raise ServiceError(_l("An ATC code reads like J01CA04 (a letter, two digits, two "
                              "letters, two digits) or J01CA: leave it empty if unsure."),
                           field="atc_code")
    data.dose = _text(data.dose, MAX_DOSE, "dose",
                      _l("The dose is too long (at most %(n)d characters).", n=MAX_DOSE))
    too_long = _l("The details are too long (at most %(n)d characters).", n=MAX_DETAILS)
    data.prescriber_details = _text(data.prescriber_details, MAX_DETAILS,
                                    "prescriber_details", too_long)
    data.stop_details = _text(data.stop_details, MAX_DETAILS, "stop_details", too_long)
    today = site_today(site_id)
    _day(data.started_on, "started_on", today)
    _day(data.stopped_on, "stopped_on", today)
    if (data.stopped_on is None) != (data.stop_reason is None):
        field = "stop_reason" if data.stopped_on is not None else "stopped_on"
        raise ServiceError(_l("A stopped treatment needs its date and its reason."),
                           field=field)
    if data.stopped_on is None and data.stop_details:
        raise ServiceError(_l("Give the date the treatment was stopped."), field="stopped_on")
    if (data.stopped_on is not None and data.started_on is not None
            and data.stopped_on < data.started_on):
        raise ServiceError(_l("A treatment cannot stop before it started."),
                           field="stopped_on")
    return data


def _apply(row: Medication, data: MedicationInput) -> None:
    row.medicine = data.medicine
    row.atc_code = data.atc_code
    row.dose = data.dose
    row.started_on = data.started_on
    row.prescriber_code = data.prescriber.value
    row.prescriber_details = data.prescriber_details
    row.stopped_on = data.stopped_on
    row.stop_reason = data.stop_reason
    row.stop_details = data.stop_details


def _details(row: Medication) -> dict:
    """What the audit trail keeps: whether it is current and why it stopped; never the
    medicine, its code or its dose."""
    return {"current": row.current, "stop_reason": row.stop_reason and row.stop_reason.value}


def _site(actor, person, site_id: int | None) -> int:
    if not may_write(actor, person):
        raise ServiceError(_l("You may not record treatments for this person."))
    site = writing_site(actor, person, site_id)
    if site is None:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    return site


# --- Changes ----------------------------------------------------------------------------------


def add(actor, person, data: MedicationInput) -> Medication:
    site = _site(actor, person, data.site_id)
    data = _checked(data, site)
    row = Medication(person_id=person.id, site_id=site, recorded_by_id=actor.id)
    db.session.add(row)  # in the session first: the person's key is loaded through it
    _apply(row, data)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="medication",
                 object_id=str(row.id), person_code=person.code, site_id=site,
                 details=_details(row))
    db.session.commit()
    return row


def update(actor, person, row: Medication, data: MedicationInput,
           expected_version: int | None) -> Medication:
    """A change, or the stop (a stopped_on and a reason): a stopped treatment is kept."""
    _site(actor, person, None)
    if expected_version is None or expected_version != row.version:
        raise ConcurrentEditError(_l("Someone else changed this treatment in the meantime. "
                                     "Check it and try again."))
    if row.stop_reason == StopReason.ENTERED_IN_ERROR:
        raise ServiceError(_l("This treatment was entered in error: record it again if it "
                              "applies."))
    data = _checked(data, row.site_id)
    was_current = row.current
    _apply(row, data)
    row.updated_by_id = actor.id
    row.updated_at = utcnow()
    row.version += 1
    details = _details(row) | {"stopped_now": was_current and not row.current}
    record_event(Action.UPDATE, actor_id=actor.id, object_type="medication",
                 object_id=str(row.id), person_code=person.code, site_id=row.site_id,
                 details=details)
    commit_or_conflict()
    return row
