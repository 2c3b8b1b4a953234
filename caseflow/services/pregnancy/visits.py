"""Antenatal visits: the usual checks of a contact (WHO 2016 ANC model), checked, saved and
audited together, and the flags a clinician must see.

Three kinds of limits, as for vital signs elsewhere:
- impossible values (a typing error: a systolic pressure of 14) are refused;
- values outside what is plausible are questioned and saved once the author ticks
  "values checked";
- abnormal values are saved and FLAGGED, never refused: blood pressure from 140/90
  (pre-eclampsia screening, WHO/ISSHP; severe from 160/110), fetal heart rate outside
  110–160 beats/min, haemoglobin below 11 g/dL (WHO's anaemia in pregnancy; severe
  below 7), proteinuria from 1+, any danger sign.

The measures are one encrypted JSON value (models/pregnancy.py); the audit event
carries the trimester only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.pregnancy import (
    AntenatalVisit,
    BloodGroup,
    DangerSign,
    Pregnancy,
    TdDose,
    TestResult,
    UrineProtein,
)
from caseflow.models.pregnancy_dating import ga_on, trimester
from caseflow.services import ServiceError
from caseflow.services.pregnancy import recording_sites
from caseflow.services.pregnancy.pregnancies import MAX_GA_DAYS
from caseflow.timezones import site_today

MAX_NOTE = 2000
# name: (refused outside, questioned outside, unit)
LIMITS = {
    "systolic": ((50, 300), (70, 220), "mmHg"),
    "diastolic": ((20, 200), (40, 130), "mmHg"),
    "weight": ((20, 250), (35, 150), "kg"),
    "fundal_height": ((1, 60), (8, 45), "cm"),
    "fetal_heart_rate": ((40, 250), (90, 200), "/min"),
    "haemoglobin": ((2, 25), (5, 18), "g/dL"),
}
TESTS = ("hiv", "syphilis", "hepatitis_b")


@dataclass
class VisitInput:
    visited_on: date | None
    systolic: int | None = None
    diastolic: int | None = None
    weight: float | None = None
    fundal_height: float | None = None
    fetal_heart_rate: int | None = None
    fetal_movements: bool | None = None
    urine_protein: str = UrineProtein.NOT_DONE.value
    haemoglobin: float | None = None
    hiv: str = TestResult.NOT_DONE.value
    syphilis: str = TestResult.NOT_DONE.value
    hepatitis_b: str = TestResult.NOT_DONE.value
    blood_group: str = BloodGroup.NOT_DONE.value
    iron_folic_acid: bool = False
    td_dose: str = TdDose.NONE.value
    danger_signs: list[str] = field(default_factory=list)
    next_visit_on: date | None = None
    note: str | None = None
    values_checked: bool = False

    def measures(self) -> dict:
        values = asdict(self)
        for name in ("visited_on", "next_visit_on", "values_checked"):
            values.pop(name)
        return values


# --- Flags: what the page shows beside a visit ------------------------------------------------

FLAG_LABELS = {
    "bp_high": _l("Blood pressure 140/90 or more: screen for pre-eclampsia"),
    "bp_severe": _l("Severe hypertension (160/110 or more): urgent referral"),
    "fhr": _l("Fetal heart rate outside 110–160"),
    "anaemia": _l("Anaemia (haemoglobin below 11 g/dL)"),
    "severe_anaemia": _l("Severe anaemia (haemoglobin below 7 g/dL)"),
    "proteinuria": _l("Proteinuria"),
    "danger": _l("Danger signs"),
    "positive_test": _l("Positive test: add it to the risk factors"),
}


def flags(measures: dict) -> list[str]:
    """The codes of FLAG_LABELS that apply to a visit's measures."""
    found = []
    sys_, dia = measures.get("systolic"), measures.get("diastolic")
    if sys_ is not None and dia is not None:
        if sys_ >= 160 or dia >= 110:
            found.append("bp_severe")
        elif sys_ >= 140 or dia >= 90:
            found.append("bp_high")
    fhr = measures.get("fetal_heart_rate")
    if fhr is not None and not 110 <= fhr <= 160:
        found.append("fhr")
    hb = measures.get("haemoglobin")
    if hb is not None and hb < 7:
        found.append("severe_anaemia")
    elif hb is not None and hb < 11:
        found.append("anaemia")
    if measures.get("urine_protein") in (UrineProtein.ONE, UrineProtein.TWO, UrineProtein.THREE):
        found.append("proteinuria")
    if measures.get("danger_signs"):
        found.append("danger")
    if any(measures.get(test) == TestResult.POSITIVE for test in TESTS):
        found.append("positive_test")
    return found


# --- Checks -----------------------------------------------------------------------------------


def _check_numbers(data: VisitInput) -> None:
    if (data.systolic is None) != (data.diastolic is None):
        raise ServiceError(_l("Give both the systolic and the diastolic pressure."),
                           field="systolic" if data.systolic is None else "diastolic")
    if data.systolic is not None and data.systolic <= data.diastolic:
        raise ServiceError(_l("The systolic pressure is higher than the diastolic."),
                           field="systolic")
    unusual = []
    for name, ((low, high), (p_low, p_high), unit) in LIMITS.items():
        value = getattr(data, name)
        if value is None:
            continue
        if not low <= value <= high:
            raise ServiceError(_l("This value is not possible: %(low)s to %(high)s %(unit)s.",
                                  low=low, high=high, unit=unit), field=name)
        if not p_low <= value <= p_high:
            unusual.append(name)
    if unusual and not data.values_checked:
        raise ServiceError(_l("Some values are unusual: check them, tick “values checked” "
                              "and save again."), field=unusual[0])


def _check_codes(data: VisitInput) -> None:
    lists = {"urine_protein": UrineProtein, "blood_group": BloodGroup, "td_dose": TdDose,
             **dict.fromkeys(TESTS, TestResult)}
    for name, enum_cls in lists.items():
        if getattr(data, name) not in {m.value for m in enum_cls}:
            raise ServiceError(_l("Choose a value from the list."), field=name)
    known = {d.value for d in DangerSign}
    if any(code not in known for code in data.danger_signs):
        raise ServiceError(_l("Choose danger signs from the list."), field="danger_signs")
    data.danger_signs = [d.value for d in DangerSign if d.value in set(data.danger_signs)]


def _checked(pregnancy: Pregnancy, data: VisitInput, today: date) -> VisitInput:
    if pregnancy.outcome is not None:
        raise ServiceError(_l("The pregnancy's outcome is recorded: no more antenatal "
                              "visits. Clear the outcome if she is followed again."))
    if data.visited_on is None:
        raise ServiceError(_l("Give the date of the visit."), field="visited_on")
    if data.visited_on > today:
        raise ServiceError(_l("This date is in the future."), field="visited_on")
    ga = ga_on(pregnancy.edd, data.visited_on)
    if ga < 0:
        raise ServiceError(_l("This date is before the pregnancy began: check the date or "
                              "the dating."), field="visited_on")
    if ga > MAX_GA_DAYS:
        raise ServiceError(_l("The pregnancy would be over 44 weeks on this date: check the "
                              "date, or record the outcome."), field="visited_on")
    _check_numbers(data)
    _check_codes(data)
    if data.next_visit_on is not None and not (
            data.visited_on < data.next_visit_on <= data.visited_on + timedelta(weeks=20)):
        raise ServiceError(_l("The next visit comes after this one, within 20 weeks."),
                           field="next_visit_on")
    data.note = (data.note or "").strip() or None
    if data.note and len(data.note) > MAX_NOTE:
        raise ServiceError(_l("The note is too long (at most %(n)d characters).", n=MAX_NOTE),
                           field="note")
    return data


def add_visit(actor, person, pregnancy: Pregnancy, data: VisitInput) -> AntenatalVisit:
    if pregnancy.site_id not in recording_sites(actor, person):
        raise ServiceError(_l("You may not change this pregnancy's record."))
    data = _checked(pregnancy, data, site_today(pregnancy.site_id))
    visit = AntenatalVisit(pregnancy_id=pregnancy.id, person_id=person.id,
                           visited_on=data.visited_on, next_visit_on=data.next_visit_on,
                           recorded_by_id=actor.id)
    db.session.add(visit)
    visit.measures = data.measures()
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="antenatal_visit",
                 object_id=str(pregnancy.id), person_code=person.code,
                 site_id=pregnancy.site_id,
                 details={"trimester": trimester(ga_on(pregnancy.edd, data.visited_on))})
    db.session.commit()
    db.session.refresh(pregnancy)
    return visit
