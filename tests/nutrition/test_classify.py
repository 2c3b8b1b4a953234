"""Acute malnutrition computed from the measures (issue 20), checked against WHO's own
worked values and at each cut-off's boundary."""

from __future__ import annotations

import pytest

from caseflow.nutrition import who2007
from caseflow.nutrition.classify import Criterion, Level, Measures, bmi, classify

GIRL, BOY = 2, 1


@pytest.mark.parametrize(("age", "height", "weight", "expected"), [
    (60.32, 113.8, 18.7, -0.575), (60.911701, 113.6, 20.5, 0.418),
])
def test_it_computes_bmi_for_age_as_whos_anthroplus_does(age, height, weight, expected):
    # The expected z-scores are those of WHO's AnthroPlus package tests (girls, 3 places).
    assert round(who2007.bmi_for_age_z(GIRL, age, bmi(weight, height)), 3) == expected


def test_it_reads_the_median_of_the_reference_as_zero():
    # A 10-year-old boy at the reference median (16.4433 kg/m², WHO 2007 table, 120 months).
    assert who2007.bmi_for_age_z(BOY, 120, 16.4433) == pytest.approx(0, abs=1e-9)


def test_it_measures_beyond_three_sd_in_units_of_the_two_to_three_sd_interval():
    lms = who2007.parameters(BOY, 120)
    l_, m, s = lms
    sd2, sd3 = (m * (1 + l_ * s * z) ** (1 / l_) for z in (-2, -3))
    below = sd3 - (sd2 - sd3)  # one interval under −3 SD: −4 in WHO's restricted scale
    assert who2007.bmi_for_age_z(BOY, 120, below) == pytest.approx(-4)


@pytest.mark.parametrize(("muac", "level"), [
    (114, Level.SEVERE), (115, Level.MODERATE), (124, Level.MODERATE), (125, Level.NONE),
])
def test_it_classifies_a_young_child_by_muac(muac, level):
    result = classify(Measures(age_months=24, sex=GIRL, muac_mm=muac))
    assert (result.level, result.criterion) == (level, Criterion.MUAC)


def test_it_calls_bilateral_oedema_severe_at_any_age():
    for age in (3, 30, 150, 400):
        result = classify(Measures(age_months=age, sex=BOY, oedema=True, weight_kg=70,
                                   height_cm=170, muac_mm=260))
        assert result.level is Level.SEVERE
        assert result.criterion is Criterion.OEDEMA


def test_it_classifies_an_adolescent_by_bmi_for_age():
    # A 16-year-old boy (192 months), 1.70 m, just under and over the reference's cut-offs.
    lms = who2007.parameters(BOY, 192)
    l_, m, s = lms
    at = {z: m * (1 + l_ * s * z) ** (1 / l_) for z in (-3, -2)}
    height = 170

    def weight(value):
        return value * (height / 100) ** 2

    moderate = classify(Measures(192, BOY, weight_kg=weight(at[-2] - 0.05), height_cm=height))
    severe = classify(Measures(192, BOY, weight_kg=weight(at[-3] - 0.05), height_cm=height))
    normal = classify(Measures(192, BOY, weight_kg=weight(at[-2] + 0.05), height_cm=height))
    assert (moderate.level, moderate.criterion) == (Level.MODERATE, Criterion.BMI_FOR_AGE)
    assert -3 < moderate.value < -2
    assert severe.level is Level.SEVERE
    assert normal.level is Level.NONE


def test_it_marks_the_classification_approximate_when_the_age_is_known_to_the_year():
    result = classify(Measures(192, BOY, weight_kg=45, height_cm=170, age_approximate=True))
    assert result.approximate


@pytest.mark.parametrize(("weight", "level"), [
    (46.1, Level.SEVERE), (46.3, Level.MODERATE), (49.1, Level.MODERATE), (49.2, Level.NONE),
])
def test_it_classifies_an_adult_by_bmi(weight, level):
    # 1.70 m: BMI 15.95, 16.02, 16.99 (moderate thinness is 16–16.99), then 17.02.
    assert classify(Measures(300, BOY, weight_kg=weight, height_cm=170)).level is level


def test_it_uses_the_adult_muac_cut_offs_only_where_the_site_sets_them():
    measures = Measures(age_months=360, sex=GIRL, muac_mm=180)
    assert classify(measures).level is Level.NOT_CLASSIFIED
    assert classify(measures, adult_muac_mm=(185, 210)).level is Level.SEVERE


def test_it_keeps_the_worse_of_two_criteria():
    # An adult with a normal BMI and a MUAC under the site's severe cut-off.
    result = classify(Measures(360, GIRL, weight_kg=60, height_cm=165, muac_mm=180),
                      adult_muac_mm=(185, 210))
    assert (result.level, result.criterion) == (Level.SEVERE, Criterion.MUAC)


def test_it_maps_the_levels_to_the_morbidity_codes_the_indicator_counts():
    assert Level.MODERATE.morbidity_code == "malnutrition_moderate"
    assert Level.SEVERE.morbidity_code == "malnutrition_severe"
    assert Level.NONE.morbidity_code is None
