"""Acute malnutrition classified from the measures, by the reference each age calls for.

WHO and MSF criteria (WHO 2013 "Guideline: updates on the management of severe acute
malnutrition in infants and children"; WHO 2007 growth reference; WHO BMI cut-offs for
adults; MSF clinical guidelines, "Acute malnutrition"):

- bilateral pitting oedema: severe acute malnutrition at any age;
- children 6–59 months: MUAC < 115 mm severe, 115–124 mm moderate (weight-for-height,
  the other criterion, needs the WHO child growth standards' tables, not carried here:
  MUAC alone is a sufficient admission criterion);
- 5 to 19 years (60–228 months): BMI-for-age z-score < −3 severe, −3 to < −2 moderate;
- adults: BMI < 16 severe, 16–16.99 moderate; MUAC where the site sets its cut-offs,
  which differ between guidelines (Sphere, national protocols): a site passes
  `adult_muac_mm` = (severe below, moderate below), else MUAC is recorded unclassified;
- under 6 months: only oedema is classified here (the infant's weight-for-length and
  feeding are the clinician's assessment).

When several criteria apply, the worse classification wins, and the one that decided is
returned so that the page can say why ("BMI-for-age −2.4 SD"). The age in months comes
from the declared birth date: for a date known only to the year, the classification is
marked approximate, since half a year changes a teenager's reference noticeably.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from caseflow.nutrition import who2007


class Level(enum.IntEnum):
    NOT_CLASSIFIED = 0  # no measure the age's reference uses
    NONE = 1  # measured, no acute malnutrition
    MODERATE = 2
    SEVERE = 3

    @property
    def label(self):
        return LEVEL_LABELS[self]

    @property
    def morbidity_code(self) -> str | None:
        """The code of the morbidity list (caseflow/morbidity.py) counted by the indicator."""
        return {Level.MODERATE: "malnutrition_moderate",
                Level.SEVERE: "malnutrition_severe"}.get(self)


LEVEL_LABELS = {
    Level.NOT_CLASSIFIED: _l("Not classified"),
    Level.NONE: _l("No acute malnutrition"),
    Level.MODERATE: _l("Moderate acute malnutrition"),
    Level.SEVERE: _l("Severe acute malnutrition"),
}


class Criterion(enum.StrEnum):
    OEDEMA = "oedema"
    MUAC = "muac"
    BMI_FOR_AGE = "bmi_for_age"
    BMI = "bmi"


@dataclass(frozen=True)
class Measures:
    age_months: float | None  # None: age unknown
    sex: int | None  # 1 male, 2 female (the WHO reference's coding); None: not recorded
    weight_kg: float | None = None
    height_cm: float | None = None
    muac_mm: float | None = None
    oedema: bool = False  # bilateral pitting oedema
    age_approximate: bool = False  # birth date known to the year only


@dataclass(frozen=True)
class Classification:
    level: Level
    criterion: Criterion | None = None
    value: float | None = None  # the z-score, BMI or MUAC that decided
    approximate: bool = False

    @property
    def label(self):
        return self.level.label


def bmi(weight_kg: float, height_cm: float) -> float:
    return weight_kg / (height_cm / 100) ** 2


def classify(m: Measures, adult_muac_mm: tuple[float, float] | None = None) -> Classification:
    """The classification of one set of measures (see the module's criteria)."""
    found: list[Classification] = []
    if m.oedema:
        found.append(Classification(Level.SEVERE, Criterion.OEDEMA))
    age = m.age_months
    has_bmi = m.weight_kg is not None and m.height_cm is not None and m.height_cm > 0
    if age is not None and 6 <= age < who2007.FIRST_MONTH and m.muac_mm is not None:
        found.append(Classification(_by_cutoffs(m.muac_mm, 115, 125), Criterion.MUAC,
                                    m.muac_mm))
    if age is not None and who2007.covers(age) and has_bmi and m.sex in (1, 2):
        z = who2007.bmi_for_age_z(m.sex, age, bmi(m.weight_kg, m.height_cm))
        found.append(Classification(_by_cutoffs(z, -3, -2), Criterion.BMI_FOR_AGE, round(z, 2),
                                    approximate=m.age_approximate))
    if age is not None and age > who2007.LAST_MONTH:
        if has_bmi:
            value = bmi(m.weight_kg, m.height_cm)
            found.append(Classification(_by_cutoffs(value, 16, 17), Criterion.BMI,
                                        round(value, 1)))
        if m.muac_mm is not None and adult_muac_mm is not None:
            severe, moderate = adult_muac_mm
            found.append(Classification(_by_cutoffs(m.muac_mm, severe, moderate),
                                        Criterion.MUAC, m.muac_mm))
    if not found:
        return Classification(Level.NOT_CLASSIFIED)
    return max(found, key=lambda c: c.level)


def _by_cutoffs(value: float, severe_below: float, moderate_below: float) -> Level:
    if value < severe_below:
        return Level.SEVERE
    if value < moderate_below:
        return Level.MODERATE
    return Level.NONE
