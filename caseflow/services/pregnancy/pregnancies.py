"""A pregnancy's changes: registration, correction, outcome; each checked, made and audited
together. Who may do what: services/pregnancy/__init__.py. The dating rule and the EDD:
models/pregnancy_dating.py.

Outcome rules (WHO's 22-week limit, ICD-10 and the MSF obstetric guideline): a pregnancy
that ends before 22+0 weeks is a miscarriage (or an induced abortion, an ectopic); from
22+0 weeks it is a birth, live or stillborn, and a birth has its mode of delivery. The
gestational age at the outcome is read from the dating in use: a refusal says to check the
dating, which is the usual cause of a contradiction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.pregnancy import (
    BIRTHS,
    DatingBasis,
    DeliveryMode,
    Pregnancy,
    PregnancyOutcome,
    RiskFactor,
)
from caseflow.models.pregnancy_dating import TERM_DAYS, choose_dating, ga_on
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.pregnancy import may_read, recording_sites
from caseflow.timezones import site_today

EARLIEST = date(2000, 1, 1)
MAX_GA_DAYS = 44 * 7  # no pregnancy lasts longer: a later date is a typing error
VIABILITY_DAYS = 22 * 7
MAX_NOTES = 4000
MAX_PLACE = 200
MAX_GRAVIDA = 25


@dataclass
class PregnancyInput:
    lmp_on: date | None = None
    lmp_certain: bool = True
    scan_on: date | None = None
    scan_weeks: int | None = None
    scan_days: int | None = None
    gravida: int | None = None
    para: int | None = None
    risks: list[str] = field(default_factory=list)
    referral_place: str | None = None
    referral_on: date | None = None
    notes: str | None = None
    site_id: int | None = None


@dataclass
class OutcomeInput:
    outcome: PregnancyOutcome | None
    outcome_on: date | None = None
    delivery_mode: DeliveryMode | None = None


# --- Checks -----------------------------------------------------------------------------------


def _day(day: date | None, name: str, today: date) -> None:
    if day is not None and day > today:
        raise ServiceError(_l("This date is in the future."), field=name)
    if day is not None and day < EARLIEST:
        raise ServiceError(_l("This date is too far in the past."), field=name)


def _scan_ga(data: PregnancyInput) -> int | None:
    given = (data.scan_on, data.scan_weeks)
    if all(v is None for v in (*given, data.scan_days)):
        return None
    if data.scan_on is None:
        raise ServiceError(_l("Give the date of the ultrasound."), field="scan_on")
    if data.scan_weeks is None:
        raise ServiceError(_l("Give the gestational age measured at the ultrasound."),
                           field="scan_weeks")
    days = data.scan_days or 0
    if not 4 <= data.scan_weeks <= 42 or not 0 <= days <= 6:
        raise ServiceError(_l("The gestational age at the ultrasound is between 4 and 42 "
                              "weeks, plus 0 to 6 days."), field="scan_weeks")
    return data.scan_weeks * 7 + days


def _checked(data: PregnancyInput, today: date, registered_on: date):
    """The cleaned input and its dating (models.pregnancy_dating.Dating)."""
    for name in ("lmp_on", "scan_on"):
        _day(getattr(data, name), name, today)
    scan_ga = _scan_ga(data)
    if data.lmp_on is None and scan_ga is None:
        raise ServiceError(_l("Give the last menstrual period or an ultrasound dating."),
                           field="lmp_on")
    if data.lmp_on is not None and data.scan_on is not None and data.scan_on < data.lmp_on:
        raise ServiceError(_l("The ultrasound cannot come before the last menstrual period."),
                           field="scan_on")
    dating = choose_dating(data.lmp_on, data.lmp_certain, data.scan_on, scan_ga)
    if ga_on(dating.edd, registered_on) > MAX_GA_DAYS:
        raise ServiceError(_l("With this dating the pregnancy would be over 44 weeks at its "
                              "registration: check the dates."), field="lmp_on")
    if ga_on(dating.edd, registered_on) < 0:
        raise ServiceError(_l("With this dating the pregnancy would begin after its "
                              "registration: check the dates."), field="scan_on")
    _check_gravida_para(data)
    known = {r.value for r in RiskFactor}
    if any(code not in known for code in data.risks):
        raise ServiceError(_l("Choose risk factors from the list."), field="risks")
    data.risks = [r.value for r in RiskFactor if r.value in set(data.risks)]
    data.referral_place = " ".join((data.referral_place or "").split()) or None
    if data.referral_place and len(data.referral_place) > MAX_PLACE:
        raise ServiceError(_l("The place of referral is too long."), field="referral_place")
    if data.referral_on is not None:
        start = dating.edd - timedelta(days=TERM_DAYS)
        if not start <= data.referral_on <= dating.edd + timedelta(days=42):
            raise ServiceError(_l("The referral date must fall during the pregnancy."),
                               field="referral_on")
    data.notes = (data.notes or "").strip() or None
    if data.notes and len(data.notes) > MAX_NOTES:
        raise ServiceError(_l("The notes are too long (at most %(n)d characters).",
                              n=MAX_NOTES), field="notes")
    return data, scan_ga, dating


def _check_gravida_para(data: PregnancyInput) -> None:
    if data.para is not None and data.gravida is None:
        raise ServiceError(_l("Give the gravidity with the parity."), field="gravida")
    if data.gravida is not None and not 1 <= data.gravida <= MAX_GRAVIDA:
        raise ServiceError(_l("Gravidity counts the pregnancies, this one included: "
                              "from 1 to %(n)d.", n=MAX_GRAVIDA), field="gravida")
    if data.para is not None and not 0 <= data.para <= data.gravida - 1:
        # The current pregnancy is in the gravidity, not yet in the parity.
        raise ServiceError(_l("Parity is at most the gravidity minus one (this pregnancy "
                              "has not ended yet)."), field="para")


def check_outcome(data: OutcomeInput, edd: date, today: date, last_visit: date | None) -> None:
    if data.outcome is None:
        if data.outcome_on is not None or data.delivery_mode is not None:
            raise ServiceError(_l("Choose the outcome."), field="outcome")
        return
    if data.outcome_on is None:
        raise ServiceError(_l("Give the date of the outcome."), field="outcome_on")
    _day(data.outcome_on, "outcome_on", today)
    ga = ga_on(edd, data.outcome_on)
    if ga < 0:
        raise ServiceError(_l("This date is before the pregnancy began: check the dating."),
                           field="outcome_on")
    if last_visit is not None and data.outcome_on < last_visit:
        raise ServiceError(_l("An antenatal visit is recorded after this date."),
                           field="outcome_on")
    if data.outcome == PregnancyOutcome.MISCARRIAGE and ga >= VIABILITY_DAYS:
        raise ServiceError(_l("A miscarriage is a loss before 22 weeks. From 22 weeks a birth "
                              "without signs of life is a stillbirth: choose it, or check "
                              "the dating."), field="outcome")
    if data.outcome in BIRTHS and ga < VIABILITY_DAYS:
        raise ServiceError(_l("A birth is recorded from 22 weeks; before, the loss of a "
                              "pregnancy is a miscarriage. Check the dating, or choose "
                              "miscarriage."), field="outcome")
    if data.outcome in BIRTHS and ga > MAX_GA_DAYS + 7:
        raise ServiceError(_l("With this dating the birth would be after 45 weeks: check the "
                              "dates."), field="outcome_on")
    if data.outcome in BIRTHS and data.delivery_mode is None:
        raise ServiceError(_l("Give the mode of delivery."), field="delivery_mode")
    if data.outcome not in BIRTHS and data.delivery_mode is not None:
        raise ServiceError(_l("The mode of delivery is for a birth only."),
                           field="delivery_mode")


def _apply(pregnancy: Pregnancy, data: PregnancyInput, scan_ga, dating) -> None:
    pregnancy.lmp_on, pregnancy.lmp_certain = data.lmp_on, bool(data.lmp_certain)
    pregnancy.scan_on, pregnancy.scan_ga_days = data.scan_on, scan_ga
    pregnancy.dating, pregnancy.edd = DatingBasis(dating.basis), dating.edd
    pregnancy.gravida, pregnancy.para = data.gravida, data.para
    pregnancy.risks = list(data.risks)
    pregnancy.referral_on = data.referral_on
    pregnancy.referral_place = data.referral_place
    pregnancy.notes = data.notes


def _details(pregnancy: Pregnancy) -> dict:
    """What the audit trail keeps: the dating basis and whether an outcome is recorded;
    never the outcome itself (an induced abortion, a stillbirth), the place or the notes:
    the trail outlives the person's erasure."""
    return {"dating": pregnancy.dating.value, "outcome_recorded": pregnancy.outcome is not None}


def _may_change(actor, person, pregnancy: Pregnancy, expected_version: int | None) -> None:
    if pregnancy.site_id not in recording_sites(actor, person):
        raise ServiceError(_l("You may not change this pregnancy's record."))
    if expected_version is None or expected_version != pregnancy.version:
        raise ConcurrentEditError(_l("Someone else changed this pregnancy's record in the "
                                     "meantime. Check it and try again."))


# --- Changes ----------------------------------------------------------------------------------


def create(actor, person, data: PregnancyInput) -> Pregnancy:
    sites = recording_sites(actor, person)
    if not sites:
        raise ServiceError(_l("You may not record a pregnancy for this person."))
    site_id = data.site_id if data.site_id is not None else sites[0]
    if site_id not in sites:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    today = site_today(site_id)
    data, scan_ga, dating = _checked(data, today, today)
    if db.session.scalar(select(Pregnancy.id).where(
            Pregnancy.person_id == person.id, Pregnancy.outcome.is_(None)).limit(1)):
        # Twins are one pregnancy: a second one open beside the first is a duplicate.
        raise ServiceError(_l("A pregnancy is already followed for this person: record its "
                              "outcome before registering a new one."), field="lmp_on")
    pregnancy = Pregnancy(person_id=person.id, site_id=site_id, author_id=actor.id,
                          registered_on=today)
    db.session.add(pregnancy)  # in the session first: the person's key is loaded through it
    _apply(pregnancy, data, scan_ga, dating)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="pregnancy",
                 object_id=str(pregnancy.id), person_code=person.code, site_id=site_id,
                 details=_details(pregnancy))
    db.session.commit()
    return pregnancy


def update(actor, person, pregnancy: Pregnancy, data: PregnancyInput,
           expected_version: int | None) -> Pregnancy:
    _may_change(actor, person, pregnancy, expected_version)
    today = site_today(pregnancy.site_id)
    data, scan_ga, dating = _checked(data, today, pregnancy.registered_on)
    if pregnancy.visits and ga_on(dating.edd, pregnancy.visits[0].visited_on) < 0:
        raise ServiceError(_l("With this dating, a visit would come before the pregnancy "
                              "began: check the dates."), field="lmp_on")
    if pregnancy.outcome is not None:
        # A new dating must still agree with the recorded outcome.
        last = pregnancy.visits[-1].visited_on if pregnancy.visits else None
        check_outcome(OutcomeInput(pregnancy.outcome, pregnancy.outcome_on,
                                   pregnancy.delivery_mode), dating.edd, today, last)
    _apply(pregnancy, data, scan_ga, dating)
    return _saved(actor, person, pregnancy)


def record_outcome(actor, person, pregnancy: Pregnancy, data: OutcomeInput,
                   expected_version: int | None) -> Pregnancy:
    """Record, correct or clear (outcome None: she came back) the pregnancy's outcome."""
    _may_change(actor, person, pregnancy, expected_version)
    last = pregnancy.visits[-1].visited_on if pregnancy.visits else None
    check_outcome(data, pregnancy.edd, site_today(pregnancy.site_id), last)
    pregnancy.outcome, pregnancy.outcome_on = data.outcome, data.outcome_on
    pregnancy.delivery_mode = data.delivery_mode
    return _saved(actor, person, pregnancy)


def _saved(actor, person, pregnancy: Pregnancy) -> Pregnancy:
    pregnancy.updated_at = utcnow()
    pregnancy.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="pregnancy",
                 object_id=str(pregnancy.id), person_code=person.code,
                 site_id=pregnancy.site_id, details=_details(pregnancy))
    commit_or_conflict()
    return pregnancy


# --- Reading ----------------------------------------------------------------------------------


def pregnancies_of(viewer, person) -> list[Pregnancy]:
    """The viewer's share of the person's pregnancies, the latest first, visits loaded."""
    if not may_read(viewer, person):
        return []
    clause = person_access(viewer, person).site_clause(Pregnancy.site_id)
    return list(db.session.scalars(
        select(Pregnancy).where(Pregnancy.person_id == person.id, clause)
        .options(selectinload(Pregnancy.visits))
        .order_by(Pregnancy.edd.desc())))


def visible_to(viewer, person, pregnancy: Pregnancy) -> bool:
    if not may_read(viewer, person) or pregnancy.person_id != person.id:
        return False
    clause = person_access(viewer, person).site_clause(Pregnancy.site_id)
    return db.session.scalar(select(Pregnancy.id).where(Pregnancy.id == pregnancy.id,
                                                        clause)) is not None
