"""Admissions to a partner hospital: record, visit, discharge, costs; and reading them.

Each change checks who may make it, writes the audit event and commits together
(the visit excepted: see record_visit). Changes to a stored admission name the
version the form was opened on: a second save of the same version is refused, and so
is a missing or unreadable version (a conflict, never a skipped check).
Audit events carry ids, steps and changed field names only, never the reason, the
ward or an amount.

Stays of one person never overlap (else the indicators count one patient twice and
two stays stay open): an ongoing stay is discharged (e.g. "transferred") before the
next admission, which may start on the discharge day.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from caseflow import morbidity
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.hospital import (
    CURRENCIES,
    HospitalAdmission,
    HospitalVisit,
    Outcome,
    PartnerHospital,
    ReferredBy,
)
from caseflow.models.note import Note
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.care.notes import NoteInput, record_note
from caseflow.services.hospital import HOSPITAL_ROLES, may_see_costs
from caseflow.services.intake.plausibility import ensure_not_before_birth
from caseflow.timezones import local_day, site_today
from caseflow.vocabulary import NoteKind

MAX_TEXT = 4000
MAX_WARD = 200
MAX_AMOUNT = Decimal("100000000")


@dataclass
class AdmissionInput:
    hospital_id: int | None
    admitted_on: date | None
    reason_code: str
    referred_by: ReferredBy | None
    ward: str = ""
    reason_text: str = ""


@dataclass
class DischargeInput:
    discharged_on: date | None
    outcome: Outcome | None
    confirm_death: bool = False


# --- Who ----------------------------------------------------------------------------------------


def writable_sites(user, person) -> set[int]:
    """Sites where this user records admissions for this person (none for other roles)."""
    if user.role not in HOSPITAL_ROLES:
        return set()
    return person_access(user, person).writable_sites


def may_record(user, person) -> bool:
    return bool(writable_sites(user, person))


def may_change(user, person, admission: HospitalAdmission) -> bool:
    return admission.site_id in writable_sites(user, person)


def _refuse_unless(allowed: bool, message=None) -> None:
    if not allowed:
        raise ServiceError(message or _l("You may not change this admission."))


def _check_version(admission: HospitalAdmission, expected_version: int | None) -> None:
    """None (a missing or tampered version) is a conflict too: the form is re-displayed
    with the current version, so the user reviews and saves again."""
    if expected_version is None or expected_version != admission.version:
        raise ConcurrentEditError(_l("Someone else changed this admission in the meantime. "
                                     "Your entry is below: check the admission, then save "
                                     "again."))


def _ensure_no_overlap(person, start: date, end: date | None, field: str,
                       exclude: uuid.UUID | None = None) -> None:
    """Refuse a stay [start, end] (end None: ongoing) crossing another stay of the person,
    at any site (one body, one bed). A stay may begin on the day the previous one ended.
    The message names no hospital: the other stay may be another site's."""
    clash = select(HospitalAdmission.id).where(
        HospitalAdmission.person_id == person.id,
        or_(HospitalAdmission.discharged_on.is_(None), HospitalAdmission.discharged_on > start))
    if end is not None:
        clash = clash.where(HospitalAdmission.admitted_on < end)
    if exclude is not None:
        clash = clash.where(HospitalAdmission.id != exclude)
    if db.session.scalar(clash.limit(1)) is not None:
        raise ServiceError(_l("This person has another hospital stay on these dates. An "
                              "ongoing stay must be discharged first (e.g. as transferred), "
                              "then the new admission recorded."), field=field)


def _visit_days(admission: HospitalAdmission) -> list[date]:
    """The site's days of the stay's visits (notes of every author: the dates bind)."""
    return [local_day(admission.site_id, at) for at in db.session.scalars(
        select(Note.occurred_at).join(HospitalVisit, HospitalVisit.note_id == Note.id)
        .where(HospitalVisit.admission_id == admission.id))]


# --- Changes ------------------------------------------------------------------------------------


def _checked(actor, person, data: AdmissionInput, kept: int | None = None) -> PartnerHospital:
    """`kept`: the hospital a corrected admission already names, accepted even if made
    inactive since (a correction of the ward must not force another hospital)."""
    hospital = db.session.get(PartnerHospital, data.hospital_id) if data.hospital_id else None
    if hospital is None or not (hospital.active or hospital.id == kept):
        raise ServiceError(_l("Choose a partner hospital."), field="hospital_id")
    if hospital.site_id not in writable_sites(actor, person):
        raise ServiceError(_l("This hospital belongs to a site that does not follow the "
                              "person."), field="hospital_id")
    if data.admitted_on is None:
        raise ServiceError(_l("Give the admission date."), field="admitted_on")
    if data.admitted_on > site_today(hospital.site_id):
        raise ServiceError(_l("The admission date cannot be in the future."),
                           field="admitted_on")
    ensure_not_before_birth(person, data.admitted_on, field="admitted_on")
    if data.reason_code not in {code for code, _label in morbidity.choices()}:
        raise ServiceError(_l("Choose the reason from the morbidity list."),
                           field="reason_code")
    if data.referred_by is None:
        raise ServiceError(_l("Say who referred the patient."), field="referred_by")
    data.ward = " ".join((data.ward or "").split())
    if len(data.ward) > MAX_WARD:
        raise ServiceError(_l("The ward is too long."), field="ward")
    data.reason_text = (data.reason_text or "").strip()
    if len(data.reason_text) > MAX_TEXT:
        raise ServiceError(_l("The text is too long (at most %(n)d characters).", n=MAX_TEXT),
                           field="reason_text")
    return hospital


def create_admission(actor, person, data: AdmissionInput) -> HospitalAdmission:
    _refuse_unless(may_record(actor, person), _l("You may not record an admission for this "
                                                 "person."))
    hospital = _checked(actor, person, data)
    _ensure_no_overlap(person, data.admitted_on, None, "admitted_on")
    admission = HospitalAdmission(
        person_id=person.id, site_id=hospital.site_id, hospital_id=hospital.id,
        author_id=actor.id, admitted_on=data.admitted_on, reason_code=data.reason_code,
        referred_by=data.referred_by)
    db.session.add(admission)  # in the session first: the person's key is loaded through it
    admission.ward = data.ward or None
    admission.reason_text = data.reason_text or None
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="hospital_admission",
                 object_id=str(admission.id), person_code=person.code,
                 site_id=admission.site_id, details={"hospital": hospital.id})
    db.session.commit()
    return admission


CORRECTABLE = ("hospital_id", "ward", "admitted_on", "reason_code", "reason_text", "referred_by")


def update_admission(actor, person, admission: HospitalAdmission, data: AdmissionInput,
                     expected_version: int | None) -> HospitalAdmission:
    """Correct what was recorded at admission (hospital, ward, date, reason, referrer). The
    same checks as a new admission, plus: not after the discharge nor after a visit, no
    overlap with another stay. The audit names the changed fields, never their values."""
    _refuse_unless(may_change(actor, person, admission))
    _check_version(admission, expected_version)
    hospital = _checked(actor, person, data, kept=admission.hospital_id)
    if admission.discharged_on is not None and data.admitted_on > admission.discharged_on:
        raise ServiceError(_l("The admission date cannot be after the discharge date "
                              "(%(day)s).", day=admission.discharged_on.isoformat()),
                           field="admitted_on")
    first_visit = min(_visit_days(admission), default=None)
    if first_visit is not None and data.admitted_on > first_visit:
        raise ServiceError(_l("The admission date cannot be after the first visit "
                              "(%(day)s).", day=first_visit.isoformat()), field="admitted_on")
    _ensure_no_overlap(person, data.admitted_on, admission.discharged_on, "admitted_on",
                       exclude=admission.id)
    new = {"hospital_id": hospital.id, "ward": data.ward or None,
           "admitted_on": data.admitted_on, "reason_code": data.reason_code,
           "reason_text": data.reason_text or None, "referred_by": data.referred_by}
    changed = [name for name in CORRECTABLE if getattr(admission, name) != new[name]]
    if not changed:
        return admission
    for name in changed:
        setattr(admission, name, new[name])
    admission.site_id = hospital.site_id
    admission.updated_at = utcnow()
    admission.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="hospital_admission",
                 object_id=str(admission.id), person_code=person.code,
                 site_id=admission.site_id, details={"step": "corrected", "fields": changed})
    commit_or_conflict()
    return admission


def discharge(actor, person, admission: HospitalAdmission, data: DischargeInput,
              expected_version: int | None) -> HospitalAdmission:
    """Record (or correct) the discharge: a date not before admission, an outcome; a death
    only when the form's confirmation was ticked too."""
    _refuse_unless(may_change(actor, person, admission))
    _check_version(admission, expected_version)
    if data.discharged_on is None:
        raise ServiceError(_l("Give the discharge date."), field="discharged_on")
    if data.discharged_on < admission.admitted_on:
        raise ServiceError(_l("The discharge date cannot be before the admission date "
                              "(%(day)s).", day=admission.admitted_on.isoformat()),
                           field="discharged_on")
    if data.discharged_on > site_today(admission.site_id):
        raise ServiceError(_l("The discharge date cannot be in the future."),
                           field="discharged_on")
    last_visit = max(_visit_days(admission), default=None)
    if last_visit is not None and data.discharged_on < last_visit:
        raise ServiceError(_l("The discharge date cannot be before the last visit "
                              "(%(day)s).", day=last_visit.isoformat()),
                           field="discharged_on")
    _ensure_no_overlap(person, admission.admitted_on, data.discharged_on, "discharged_on",
                       exclude=admission.id)
    if data.outcome is None:
        raise ServiceError(_l("Choose the outcome of the stay."), field="outcome")
    if data.outcome is Outcome.DIED and not data.confirm_death:
        raise ServiceError(_l("Confirm that the patient died: tick the confirmation box."),
                           field="confirm_death")
    step = "discharge_corrected" if admission.discharged else "discharge"
    admission.discharged_on = data.discharged_on
    admission.outcome = data.outcome
    admission.updated_at = utcnow()
    admission.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="hospital_admission",
                 object_id=str(admission.id), person_code=person.code,
                 site_id=admission.site_id, details={"step": step})
    commit_or_conflict()
    return admission


def parse_amount(text: str | None) -> Decimal | None:
    """An amount as typed ("1 250,50", "1250.5"), or None when empty; ServiceError if not one."""
    cleaned = "".join((text or "").split())  # spaces, no-break spaces: thousands
    # "1,250.50" (English) or "1250,50" (French, Arabic keyboards): one decimal mark.
    cleaned = cleaned.replace(",", "") if "." in cleaned else cleaned.replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ServiceError(_l("Type the amount as a number, e.g. 1250.50."),
                           field="amount") from None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise ServiceError(_l("Type the amount as a number, e.g. 1250.50."), field="amount")
    return value.quantize(Decimal("0.01"))


def set_costs(actor, person, admission: HospitalAdmission, amount: Decimal | None,
              currency: str | None, expected_version: int | None) -> HospitalAdmission:
    """The costs covered by the programme: the coordinator's only. Both empty: none."""
    _refuse_unless(may_see_costs(actor) and person_access(actor, person).emergency is None,
                   _l("Only the medical coordinator records the costs."))
    _check_version(admission, expected_version)
    currency = (currency or "").strip().upper() or None
    if amount is not None and currency not in CURRENCIES:
        raise ServiceError(_l("Choose the currency."), field="currency")
    if amount is None:
        currency = None
    admission.cost_amount = amount
    admission.cost_currency = currency
    admission.updated_at = utcnow()
    admission.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="hospital_admission",
                 object_id=str(admission.id), person_code=person.code,
                 site_id=admission.site_id, details={"step": "costs"})
    commit_or_conflict()
    return admission


def record_visit(actor, person, admission: HospitalAdmission, kind: NoteKind,
                 occurred_at: datetime, text: str, reason: str | None = None) -> Note:
    """A visit of the team: a medical note (the notes service checks and audits it), then its
    link to the admission. Two commits: should the link fail, the note stays a note of the
    record, nothing typed is lost. The note's reason (its encrypted "reason" detail, as
    every consultation has one) says where it took place, in the author's language."""
    _refuse_unless(may_change(actor, person, admission),
                   _l("You may not record a visit for this admission."))
    if not (text or "").strip():
        raise ServiceError(_l("Write what was seen during the visit."), field="text")
    day = local_day(admission.site_id, occurred_at)
    if day < admission.admitted_on:
        raise ServiceError(_l("The visit cannot be before the admission."), field="day")
    if admission.discharged_on is not None and day > admission.discharged_on:
        raise ServiceError(_l("The visit cannot be after the discharge (%(day)s).",
                              day=admission.discharged_on.isoformat()), field="day")
    reason = reason or _("Hospital visit (%(hospital)s)", hospital=admission.hospital.name)
    note = record_note(actor, person, NoteInput(kind=kind, occurred_at=occurred_at,
                                                site_id=admission.site_id, text=text,
                                                details={"reason": reason[:500]}))
    db.session.add(HospitalVisit(admission_id=admission.id, note_id=note.id))
    record_event(Action.UPDATE, actor_id=actor.id, object_type="hospital_admission",
                 object_id=str(admission.id), person_code=person.code,
                 site_id=admission.site_id, details={"step": "visit", "note": str(note.id)})
    db.session.commit()
    return note


# --- Reading ------------------------------------------------------------------------------------


def admissions_of(person, viewer) -> list[HospitalAdmission]:
    """The person's admissions this viewer may read, latest first (none for other roles)."""
    if viewer.role not in HOSPITAL_ROLES:
        return []
    clause = person_access(viewer, person).site_clause(HospitalAdmission.site_id)
    return list(db.session.scalars(
        select(HospitalAdmission).where(HospitalAdmission.person_id == person.id, clause)
        .order_by(HospitalAdmission.admitted_on.desc(), HospitalAdmission.created_at.desc())))


def find_visible(viewer, person, admission_id: uuid.UUID) -> HospitalAdmission | None:
    if viewer.role not in HOSPITAL_ROLES:
        return None
    clause = person_access(viewer, person).site_clause(HospitalAdmission.site_id)
    return db.session.scalar(select(HospitalAdmission).where(
        HospitalAdmission.id == admission_id, HospitalAdmission.person_id == person.id, clause))


def visits(viewer, person, admission: HospitalAdmission) -> list[Note]:
    """The visit notes of the admission the viewer may read (the notes' own rules), oldest
    first."""
    clause = person_access(viewer, person).note_clause()
    return list(db.session.scalars(
        select(Note).join(HospitalVisit, HospitalVisit.note_id == Note.id)
        .where(HospitalVisit.admission_id == admission.id, clause)
        .order_by(Note.occurred_at)))
