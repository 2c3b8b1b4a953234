"""BMI-for-age z-scores on the WHO 2007 growth reference for 5 to 19 years.

The table (who2007_bmi_for_age.tsv) is WHO's published LMS parameters by sex (1 boys,
2 girls) and completed month of age, 60 to 228 months (de Onis M et al., "Development of
a WHO growth reference for school-aged children and adolescents", Bull WHO 2007;85:660–7;
the values as WHO distributes them with its AnthroPlus software). The z-score follows
WHO's computation: the LMS formula z = ((X/M)^L − 1) / (L·S), with the parameters
interpolated linearly between completed months, and beyond ±3 SD the "restricted"
distance measured in units of the 2–3 SD interval (the reference's skewed tails would
otherwise stretch extreme values).
"""

from __future__ import annotations

import csv
import math
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("who2007_bmi_for_age.tsv")
FIRST_MONTH = 60
LAST_MONTH = 228


@cache
def _lms() -> dict[tuple[int, int], tuple[float, float, float]]:
    with TABLE.open(encoding="ascii") as handle:
        return {(int(row["sex"]), int(row["age"])): (float(row["l"]), float(row["m"]),
                                                     float(row["s"]))
                for row in csv.DictReader(handle, delimiter="\t")}


def covers(age_months: float) -> bool:
    return FIRST_MONTH <= age_months <= LAST_MONTH


def parameters(sex: int, age_months: float) -> tuple[float, float, float]:
    """L, M, S at this age (months, fractional), interpolated between completed months."""
    if sex not in (1, 2):
        raise ValueError("sex is 1 (male) or 2 (female) in the WHO reference")
    if not covers(age_months):
        raise ValueError("the WHO 2007 reference covers 60 to 228 months")
    table = _lms()
    low = math.floor(age_months)
    below, above = table[(sex, low)], table[(sex, low + 1)]
    share = age_months - low
    return tuple(b + share * (a - b) for b, a in zip(below, above, strict=True))


def _value_at(z: float, lms: tuple[float, float, float]) -> float:
    l_, m, s = lms
    return m * (1 + l_ * s * z) ** (1 / l_)


def bmi_for_age_z(sex: int, age_months: float, bmi: float) -> float:
    """The BMI-for-age z-score, with WHO's restricted computation beyond ±3 SD."""
    lms = parameters(sex, age_months)
    l_, m, s = lms
    z = ((bmi / m) ** l_ - 1) / (l_ * s)
    if z > 3:
        sd3 = _value_at(3, lms)
        return 3 + (bmi - sd3) / (sd3 - _value_at(2, lms))
    if z < -3:
        sd3 = _value_at(-3, lms)
        return -3 + (bmi - sd3) / (_value_at(-2, lms) - sd3)
    return z
