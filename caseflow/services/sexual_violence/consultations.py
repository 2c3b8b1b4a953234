"""A sexual-violence consultation's changes: each one checked, made and audited together.

Who: the medical discipline (doctor, nurse, midwife, medical coordinator) of a site that
follows the person reads; the same roles write at a site where they may write (the
coordinator at her own sites: supervision is read-only). A "private" consultation is its
author's only. The assault's date and time and the notes are encrypted; audit events
carry codes only (the delay band, the care given).

Checks that refuse: an assault in the future or after the consultation, a care item
without its answer, a "not given" without its reason, a forensic referral without the
person's recorded consent. Checks that only question (the clinician may decide, and
confirms): PEP or levonorgestrel after 72 hours, ulipristal or a copper IUD after 120.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from caseflow import countries
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.certificates import BirthPrecision, DeclaredIdentity
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.sexual_violence import (
    CARE_ITEMS,
    ITEM_LABELS,
    CareStatus,
    Delay,
    EcMethod,
    FollowUpStep,
    NotGivenReason,
    PregnancyResult,
    SvConsultation,
)
from caseflow.models.site import Site
from caseflow.roles import Role
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.documents.certificate_content import PRECISION
from caseflow.services.documents.certificate_rules import declared_minor
from caseflow.services.sexual_violence import clock
from caseflow.timezones import local_from_utc, utc_from_local, zone_of
from caseflow.vocabulary import BirthDatePrecision, Confidentiality

ROLES = frozenset({Role.DOCTOR, Role.NURSE, Role.MIDWIFE, Role.COORDINATOR})
MAX_NOTES = 4000
EARLIEST = date(2000, 1, 1)
CONFIDENTIALITIES = (Confidentiality.DISCIPLINE, Confidentiality.PRIVATE)
LATE = (Delay.FROM_72H_TO_120H, Delay.OVER_120H)


class OutsideWindow(ServiceError):
    """A care given outside its usual window: asked to confirm, not refused."""


@dataclass
class ConsultationInput:
    consulted_at: datetime | None  # naive, in the site's zone
    site_id: int | None = None
    assault_on: date | None = None
    assault_time: time | None = None
    assault_approx: Delay | None = None
    status: dict[str, CareStatus | None] = field(default_factory=dict)
    reason: dict[str, NotGivenReason | None] = field(default_factory=dict)
    ec_method: EcMethod | None = None
    pregnancy_result: PregnancyResult | None = None
    forensic_consent: bool | None = None
    confirm_outside_window: bool = False
    confidentiality: Confidentiality = Confidentiality.DISCIPLINE
    notes: str | None = None
    follow_up: frozenset[FollowUpStep] = frozenset()


# --- Who --------------------------------------------------------------------------------------


def _medical(user) -> bool:
    return user.role in ROLES and user.discipline == Discipline.MEDICAL


def may_read(user, person) -> bool:
    return _medical(user) and person_access(user, person).grant is not None


def may_record(user, person) -> bool:
    access = person_access(user, person)
    return _medical(user) and access.emergency is None and bool(access.writable_sites)


def recording_sites(user, person) -> list[int]:
    return sorted(person_access(user, person).writable_sites) if may_record(user, person) else []


def may_change(user, person, consultation: SvConsultation) -> bool:
    return consultation.site_id in recording_sites(user, person) and (
        consultation.confidentiality != Confidentiality.PRIVATE
        or consultation.author_id == user.id)


def _clause(user, person):
    access = person_access(user, person)
    return (access.site_clause(SvConsultation.site_id),
            or_(SvConsultation.confidentiality != Confidentiality.PRIVATE,
                SvConsultation.author_id == user.id))


# --- The person: minor, reporting duty --------------------------------------------------------


def is_declared_minor(person, on: date) -> bool:
    precision = PRECISION[BirthDatePrecision(person.birth_date_precision)]
    born = person.birth_date if precision is not BirthPrecision.UNKNOWN else None
    identity = DeclaredIdentity("", born, precision if born else BirthPrecision.UNKNOWN)
    return declared_minor(identity, on)


def reporting_reminder(person, site: Site, on: date) -> bool:
    """France (art. 226-14 code pénal, R.4127-44 CSP): for a declared minor, remind the
    clinician of informing the prosecutor or the CRIP. A Libya site shows no French law."""
    return countries.country(site.country).minor_reporting_duty and is_declared_minor(person, on)


# --- Checks -----------------------------------------------------------------------------------


def _checked(person, data: ConsultationInput, site: Site) -> tuple[ConsultationInput, Delay]:
    zone = zone_of(site)
    now_local = local_from_utc(utcnow(), zone)
    if data.consulted_at is None:
        raise ServiceError(_l("Give the date and time of the consultation."),
                           field="consulted_at")
    if data.consulted_at > now_local + timedelta(minutes=5):
        raise ServiceError(_l("The consultation cannot be in the future."), field="consulted_at")
    if data.consulted_at.date() < EARLIEST:
        raise ServiceError(_l("This date is too far in the past."), field="consulted_at")
    if data.assault_time is not None and data.assault_on is None:
        raise ServiceError(_l("Give the date of the assault with its time."), field="assault_on")
    if data.assault_on is not None:
        data.assault_approx = None  # a date says more than the approximate answer
        if data.assault_on > now_local.date():
            raise ServiceError(_l("The date of the assault is in the future."),
                               field="assault_on")
        if data.assault_on < EARLIEST:
            raise ServiceError(_l("This date is too far in the past."), field="assault_on")
        moment = clock.assault_moment(data.assault_on, data.assault_time, data.consulted_at)
        if moment > data.consulted_at:
            raise ServiceError(_l("The assault cannot come after the consultation."),
                               field="assault_time" if data.assault_time else "assault_on")
    elif data.assault_approx is None:
        raise ServiceError(_l("Give the date of the assault, or say approximately when it "
                              "happened (“unknown” if the person cannot say)."),
                           field="assault_on")
    delay, _hours = clock.delay_of(data.consulted_at, zone, data.assault_on,
                                   data.assault_time, data.assault_approx)
    for item in CARE_ITEMS:
        status = data.status.get(item)
        if status is None:
            raise ServiceError(_l("Say whether this was given or done, and if not, why: "
                                  "%(item)s.", item=ITEM_LABELS[item]),
                               field=f"{item}_status")
        if status == CareStatus.NOT_GIVEN and data.reason.get(item) is None:
            raise ServiceError(_l("Say why it was not given or not done."),
                               field=f"{item}_reason")
        if status == CareStatus.GIVEN:
            data.reason[item] = None
    if data.status["ec"] == CareStatus.GIVEN:
        if data.ec_method is None:
            raise ServiceError(_l("Say which emergency contraception was given."),
                               field="ec_method")
    else:
        data.ec_method = None
    if data.status["pregnancy_test"] == CareStatus.GIVEN:
        if data.pregnancy_result is None:
            raise ServiceError(_l("Give the result of the pregnancy test."),
                               field="pregnancy_result")
    else:
        data.pregnancy_result = None
    if data.status["forensic"] == CareStatus.GIVEN and data.forensic_consent is not True:
        raise ServiceError(_l("A referral to a forensic unit needs the person's consent: "
                              "record that they agreed, or record the referral as not made "
                              "(declined by the person)."), field="forensic_consent")
    if data.confidentiality not in CONFIDENTIALITIES:
        raise ServiceError(_l("Choose who may read this consultation."),
                           field="confidentiality")
    data.notes = (data.notes or "").strip() or None
    if data.notes and len(data.notes) > MAX_NOTES:
        raise ServiceError(_l("The notes are too long (at most %(n)d characters).",
                              n=MAX_NOTES), field="notes")
    _question(data, delay)
    return data, delay


def outside_window(data: ConsultationInput, delay: Delay) -> list[str]:
    """The care items given outside their usual window (what the clinician confirms)."""
    late = []
    if data.status.get("pep") == CareStatus.GIVEN and delay in LATE:
        late.append("pep")
    if data.status.get("ec") == CareStatus.GIVEN and (
            (data.ec_method == EcMethod.LEVONORGESTREL and delay in LATE)
            or (data.ec_method in (EcMethod.ULIPRISTAL, EcMethod.COPPER_IUD)
                and delay == Delay.OVER_120H)):
        late.append("ec")
    return late


def _question(data: ConsultationInput, delay: Delay) -> None:
    late = outside_window(data, delay)
    if not late:
        data.confirm_outside_window = False
        return
    if data.confirm_outside_window:
        return
    if "pep" in late:
        raise OutsideWindow(_l("PEP is recorded as given more than 72 hours after the "
                               "assault, beyond the usual window. If this is your decision, "
                               "tick the confirmation and save again."),
                            field="confirm_outside_window")
    raise OutsideWindow(_l("This emergency contraception is recorded as given beyond its "
                           "usual window (levonorgestrel 72 hours, ulipristal or a copper "
                           "IUD 120 hours). If this is your decision, tick the confirmation "
                           "and save again."), field="confirm_outside_window")


def _apply(consultation: SvConsultation, data: ConsultationInput, delay: Delay,
           site: Site) -> None:
    consultation.consulted_at = utc_from_local(data.consulted_at, zone_of(site))
    consultation.assault_on = data.assault_on
    consultation.assault_time = (data.assault_time.strftime("%H:%M")
                                 if data.assault_time is not None else None)
    consultation.assault_approx = data.assault_approx
    consultation.delay = delay
    for item in CARE_ITEMS:
        setattr(consultation, f"{item}_status", data.status[item])
        setattr(consultation, f"{item}_reason", data.reason.get(item))
    consultation.ec_method = data.ec_method
    consultation.pregnancy_result = data.pregnancy_result
    consultation.forensic_consent = data.forensic_consent
    consultation.outside_window_confirmed = data.confirm_outside_window
    consultation.confidentiality = data.confidentiality
    consultation.notes = data.notes


def _details(consultation: SvConsultation) -> dict:
    """What the audit trail keeps: the delay band and whether care outside its window was
    confirmed; never the care given (PEP, a pregnancy test), the assault's date or the
    notes: the trail outlives the person's erasure."""
    return {"delay": consultation.delay.value,
            "confirmed_outside_window": consultation.outside_window_confirmed}


# --- Changes ----------------------------------------------------------------------------------


def create(actor, person, data: ConsultationInput) -> SvConsultation:
    sites = recording_sites(actor, person)
    if not sites:
        raise ServiceError(_l("You may not record this consultation for this person."))
    site_id = data.site_id if data.site_id is not None else sites[0]
    if site_id not in sites:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    site = db.session.get(Site, site_id)
    data, delay = _checked(person, data, site)
    consultation = SvConsultation(person_id=person.id, site_id=site_id, author_id=actor.id)
    db.session.add(consultation)  # in the session first: the person's key is loaded through it
    _apply(consultation, data, delay, site)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="sv_consultation",
                 object_id=str(consultation.id), person_code=person.code, site_id=site_id,
                 details=_details(consultation))
    db.session.commit()
    return consultation


def update(actor, person, consultation: SvConsultation, data: ConsultationInput,
           expected_version: int | None) -> SvConsultation:
    if not may_change(actor, person, consultation):
        raise ServiceError(_l("You may not change this consultation."))
    if expected_version is None or expected_version != consultation.version:
        raise ConcurrentEditError(_l("Someone else changed this consultation in the meantime. "
                                     "Check it and try again."))
    data, delay = _checked(person, data, consultation.site)
    before = consultation.delay
    _apply(consultation, data, delay, consultation.site)
    consultation.updated_at = utcnow()
    consultation.version += 1
    details = _details(consultation)
    details["changed_delay"] = before != delay
    record_event(Action.UPDATE, actor_id=actor.id, object_type="sv_consultation",
                 object_id=str(consultation.id), person_code=person.code,
                 site_id=consultation.site_id, details=details)
    commit_or_conflict()
    return consultation


# --- Reading ----------------------------------------------------------------------------------


def consultations_of(viewer, person) -> list[SvConsultation]:
    if not may_read(viewer, person):
        return []
    return list(db.session.scalars(
        select(SvConsultation).where(SvConsultation.person_id == person.id,
                                     *_clause(viewer, person))
        .options(selectinload(SvConsultation.follow_ups))
        .order_by(SvConsultation.consulted_at.desc())))


def visible_to(viewer, person, consultation: SvConsultation) -> bool:
    if not may_read(viewer, person):
        return False
    return db.session.scalar(select(SvConsultation.id).where(
        SvConsultation.id == consultation.id, *_clause(viewer, person))) is not None


def local_consulted_at(consultation: SvConsultation) -> datetime:
    return local_from_utc(consultation.consulted_at, zone_of(consultation.site))


def assault_time_of(consultation: SvConsultation) -> time | None:
    raw = consultation.assault_time
    return time.fromisoformat(raw) if raw else None


def hours_of(consultation: SvConsultation) -> float | None:
    if consultation.assault_on is None:
        return None
    return clock.delay_of(local_consulted_at(consultation), zone_of(consultation.site),
                          consultation.assault_on, assault_time_of(consultation), None)[1]
