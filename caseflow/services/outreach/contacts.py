"""Rapid individual contacts of an outreach session: one short form, saved in one go.

A contact is stored only with the person's yes, after the team explained to the group
(who explained is kept per contact). Someone who declines is one more in the session's
anonymous count (sessions.record_declined) and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from caseflow import morbidity
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.outreach import (
    AccessObtained,
    AgeGroup,
    OutreachContact,
    OutreachReferral,
    OutreachSession,
    Triage,
)
from caseflow.models.user import SiteMembership, User
from caseflow.services import ServiceError, commit_or_conflict
from caseflow.services.outreach import OUTREACH_ROLES, InputErrors
from caseflow.vocabulary import Sex

MAX_TEXT = 2000
MAX_NAME = 200
MAX_NUMBER = 1_000_000
# Vital signs, two tiers. Outside the hard limits the value cannot be a living person's:
# a typing slip, refused. Outside the usual range it may be the patient (28.5 °C after a
# rescue at sea, SpO2 70 %): questioned, and saved once the nurse ticks "values checked".
VITAL_LIMITS = {  # name: (hard low, hard high, usual low, usual high)
    "heart_rate": (0, 300, 40, 180), "respiratory_rate": (0, 100, 8, 40),
    "systolic": (0, 300, 70, 200), "diastolic": (0, 250, 40, 120), "spo2": (0, 100, 85, 100),
}
TEMPERATURE_LIMITS = (150, 460, 350, 400)  # tenths of °C: 15-46 °C possible, 35-40 usual
MAX_DECIMAL_TEXT = 8  # "37.5": longer is no temperature (and no float to overflow)
UNUSUAL = _l("Unusual value: check it, then tick “Values checked” and save again.")


@dataclass
class ContactInput:
    """A typed contact. The whole numbers come read (the blueprint's WholeNumberField):
    None when left empty. An empty `number` takes the session's next number."""

    number: int | None = None
    declared_name: str = ""
    sex: str = ""
    age_group: str = ""
    nationality: str = ""
    complaint_code: str = ""
    complaint: str = ""
    triage: str = ""
    temperature: str = ""
    heart_rate: int | None = None
    respiratory_rate: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    spo2: int | None = None
    treatment: str = ""
    referral: str = ""
    protection_concern: str = ""
    consent_explained_by_id: int | None = None
    consent_confirmed: bool = False
    vitals_checked: bool = False


def contacts_of(session: OutreachSession) -> list[OutreachContact]:
    """Every contact of the session, by number: one query, one key (the session's)."""
    return list(db.session.scalars(select(OutreachContact)
                                   .where(OutreachContact.session_id == session.id)
                                   .order_by(OutreachContact.number)))


def next_number(session: OutreachSession) -> int:
    highest = db.session.scalar(select(func.max(OutreachContact.number))
                                .where(OutreachContact.session_id == session.id))
    return (highest or 0) + 1


def explainers(session: OutreachSession) -> list[User]:
    """The staff who may have explained consent: active members of the session's site in
    the medical roles (doctor, nurse, midwife, coordinator; OUTREACH_ROLES)."""
    return list(db.session.scalars(
        select(User).join(SiteMembership, SiteMembership.user_id == User.id)
        .where(SiteMembership.site_id == session.site_id, User.active,
               User.role.in_(sorted(OUTREACH_ROLES)))
        .order_by(User.display_name)))


def _enum(cls, raw: str, errors: dict, name: str, message):
    try:
        return cls(raw)
    except ValueError:
        errors[name] = message
        return None


def _vital(value: int | None, errors: dict, warnings: dict, name: str,
           limits: tuple[int, int, int, int], message) -> int | None:
    """The value if possible; impossible → refused; unusual → questioned (warnings)."""
    if value is None:
        return None
    hard_low, hard_high, low, high = limits
    if not hard_low <= value <= hard_high:
        errors[name] = message
        return None
    if not low <= value <= high:
        warnings[name] = UNUSUAL
    return value


def _temperature(raw: str, errors: dict) -> int | None:
    """Tenths of °C from "37.5", "37,5" or the Arabic "٣٧٫٥"."""
    text = (raw or "").strip().replace(",", ".").replace("\u066b", ".")
    if not text:
        return None
    tenths = None
    if len(text) <= MAX_DECIMAL_TEXT:
        try:
            tenths = round(float(text) * 10)
        except (ValueError, OverflowError):  # not a number, NaN, infinity
            tenths = None
    if tenths is None:
        errors["temperature"] = _l("A temperature in °C, such as 37.5.")
    return tenths


def _vitals(data: ContactInput, errors: dict) -> tuple[dict[str, int], dict[str, object]]:
    """The measured vital signs ({} if none) and the questioned ones."""
    warnings: dict[str, object] = {}
    measured: dict[str, int | None] = {}
    tenths = _temperature(data.temperature, errors)
    measured["temperature_dc"] = _vital(
        tenths, errors, warnings, "temperature", TEMPERATURE_LIMITS,
        _l("A temperature in °C between 15 and 46, such as 37.5."))
    for name, limits in VITAL_LIMITS.items():
        measured[name] = _vital(getattr(data, name), errors, warnings, name, limits,
                                _l("Between %(low)d and %(high)d.", low=limits[0],
                                   high=limits[1]))
    systolic, diastolic = measured["systolic"], measured["diastolic"]
    if systolic is not None and diastolic is not None and diastolic >= systolic:
        warnings["diastolic"] = _l("The diastolic pressure is not below the systolic: "
                                   "check both, then tick “Values checked”.")
    return {k: v for k, v in measured.items() if v is not None}, warnings


def _long(raw: str, errors: dict, name: str, limit: int = MAX_TEXT) -> str | None:
    text = (raw or "").strip()
    if len(text) > limit:
        errors[name] = _l("At most %(n)d characters.", n=limit)
    return text or None


def add_contact(actor, session: OutreachSession, data: ContactInput,
                team: list[User] | None = None,
                field_errors: dict[str, object] | None = None) -> OutreachContact:
    """Save the contact, or refuse it with every field's message at once (`field_errors`:
    the numbers the form could not read, refused with the rest)."""
    if session.access is AccessObtained.REFUSED:
        raise ServiceError(_l("Access was refused: no contact is recorded for this session."))
    errors: dict[str, object] = dict(field_errors or {})
    number = data.number
    if number is None and "number" not in errors:
        number = next_number(session)
    if number is not None and not 1 <= number <= MAX_NUMBER:
        errors["number"] = _l("Between %(low)d and %(high)d.", low=1, high=MAX_NUMBER)
    elif number is not None and db.session.scalar(select(OutreachContact.id).where(
            OutreachContact.session_id == session.id, OutreachContact.number == number)):
        errors["number"] = _l("Number %(n)d is already recorded in this session.", n=number)
    sex = _enum(Sex, data.sex, errors, "sex", _l("Choose the sex."))
    age = _enum(AgeGroup, data.age_group, errors, "age_group", _l("Choose the age group."))
    triage = _enum(Triage, data.triage, errors, "triage", _l("Choose the triage category."))
    referral = _enum(OutreachReferral, data.referral or OutreachReferral.NONE.value, errors,
                     "referral", _l("Choose a referral from the list."))
    code = (data.complaint_code or "").strip() or None
    if code is not None and code not in dict(morbidity.choices()):
        errors["complaint_code"] = _l("Choose the main complaint from the list.")
    nationality = (data.nationality or "").strip().upper() or None
    if nationality is not None and not (len(nationality) == 2 and nationality.isalpha()):
        errors["nationality"] = _l("Choose a nationality from the list.")
    vitals, unusual = _vitals(data, errors)
    if unusual and not data.vitals_checked:
        for name, message in unusual.items():
            errors.setdefault(name, message)
        errors.setdefault("vitals_checked", UNUSUAL)
    texts = {name: _long(getattr(data, name), errors, name)
             for name in ("complaint", "treatment", "protection_concern")}
    name = _long(data.declared_name, errors, "declared_name", MAX_NAME)
    staff = {u.id for u in (team if team is not None else explainers(session))}
    explained_by = data.consent_explained_by_id
    if explained_by not in staff and "consent_explained_by_id" not in errors:
        errors["consent_explained_by_id"] = _l("Say who explained the consent to the group.")
    if not data.consent_confirmed:
        errors["consent_confirmed"] = _l("Record the person's yes, or tap “Declined” "
                                         "instead: nothing is kept about someone who declines.")
    if errors:
        raise InputErrors(errors)
    contact = OutreachContact(
        session_id=session.id, number=number, sex=sex, age_group=age, nationality=nationality,
        complaint_code=code, triage=triage, referral=referral,
        consent_explained_by_id=explained_by, consent_confirmed=True, recorded_by_id=actor.id)
    contact.declared_name = name
    contact.vitals = vitals or None
    for field_name, value in texts.items():
        setattr(contact, field_name, value)
    db.session.add(contact)
    try:
        db.session.flush()
    except IntegrityError:  # a colleague saved the same number a moment ago
        db.session.rollback()
        raise InputErrors({"number": _l("Number %(n)d is already recorded in this session.",
                                        n=number)}) from None
    record_event(Action.CREATE, actor_id=actor.id, object_type="outreach_contact",
                 object_id=contact.id, site_id=session.site_id,
                 details={"session": str(session.id), "number": number})
    commit_or_conflict()
    return contact
