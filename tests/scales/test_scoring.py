"""The scoring against the published rules and worked examples (no database, no page).

PHQ-9 (Kroenke 2001): every item at 1 is 9, mild; the bands' limits 4/5, 9/10, 14/15,
19/20; item 9 above 0 raises the suicide flag whatever the total. GAD-7 (Spitzer 2006):
5/10/15. PCL-5 (NCPTSD): the four DSM-5 cluster sums, 33 the cut-off. CRIES-8 (Children
and War Foundation): answers 0/1/3/5, intrusion 1, 3, 6, 7 and avoidance 2, 4, 5, 8,
17 the cut-off. RHS-15 (Hollifield 2013): positive at 12 on items 1-14 or 5 on the
thermometer, negative at 11 and 4."""

from __future__ import annotations

import pytest

from caseflow.scales import SCALES, ScoringError, score
from caseflow.scales.scoring import SUICIDAL_THOUGHTS


def _spread(n_items: int, total: int, top: int) -> dict[int, int]:
    """Answers adding up to `total`, filled item by item (item 9 last, at 0 if possible)."""
    out, left = {}, total
    for n in range(1, n_items + 1):
        out[n] = min(top, left)
        left -= out[n]
    assert left == 0
    return out


def test_it_scores_a_phq9_of_all_ones_as_nine_mild():
    result = score(SCALES["phq9"], dict.fromkeys(range(1, 10), 1))
    assert (result.total, result.band.code) == (9, "mild")
    assert result.flags == (SUICIDAL_THOUGHTS,)  # item 9 is 1


@pytest.mark.parametrize(("total", "band"), [
    (0, "none_minimal"), (4, "none_minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
    (14, "moderate"), (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"),
    (27, "severe")])
@pytest.mark.parametrize("code", ["phq9", "phqa"])
def test_it_bands_the_phq_at_its_published_limits(code, total, band):
    assert score(SCALES[code], _spread(9, total, 3)).band.code == band


def test_it_flags_item_nine_whatever_the_total():
    low = score(SCALES["phq9"], {**dict.fromkeys(range(1, 9), 0), 9: 1})
    assert (low.total, low.band.code, low.flags) == (1, "none_minimal", (SUICIDAL_THOUGHTS,))
    none = score(SCALES["phq9"], {**dict.fromkeys(range(1, 9), 3), 9: 0})
    assert (none.total, none.flags) == (24, ())
    adolescent = score(SCALES["phqa"], {**dict.fromkeys(range(1, 9), 0), 9: 2})
    assert adolescent.flags == (SUICIDAL_THOUGHTS,)


@pytest.mark.parametrize(("total", "band"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
    (14, "moderate"), (15, "severe"), (21, "severe")])
def test_it_bands_the_gad7_at_5_10_15(total, band):
    result = score(SCALES["gad7"], _spread(7, total, 3))
    assert (result.total, result.band.code, result.flags) == (total, band, ())


def test_it_sums_the_pcl5_clusters_and_cuts_at_33():
    # B items 1-5 at 4, C 6-7 at 3, D 8-14 at 1, E 15-20 at 0: 20 + 6 + 7 + 0 = 33.
    given = {**dict.fromkeys(range(1, 6), 4), 6: 3, 7: 3, **dict.fromkeys(range(8, 15), 1),
             **dict.fromkeys(range(15, 21), 0)}
    result = score(SCALES["pcl5"], given)
    assert result.subscores == {"B": 20, "C": 6, "D": 7, "E": 0}
    assert (result.total, result.band.code) == (33, "probable_ptsd")
    given[8] = 0
    assert score(SCALES["pcl5"], given).band.code == "below_cutoff"  # 32
    assert score(SCALES["pcl5"], dict.fromkeys(range(1, 21), 4)).total == 80


def test_it_maps_cries8_answers_to_0_1_3_5_and_sums_intrusion_and_avoidance():
    scale = SCALES["cries8"]
    assert [o.value for o in scale.items[0].options] == [0, 1, 3, 5]
    # Intrusion (1, 3, 6, 7) "often", avoidance (2, 4, 5, 8) "rarely": 20 + 4.
    given = {1: 5, 3: 5, 6: 5, 7: 5, 2: 1, 4: 1, 5: 1, 8: 1}
    result = score(scale, given)
    assert result.subscores == {"intrusion": 20, "avoidance": 4}
    assert (result.total, result.band.code) == (24, "likely_ptsd")
    assert score(scale, {**dict.fromkeys(range(1, 9), 1), 1: 5, 2: 5, 3: 3}).total == 18
    sixteen = {1: 5, 2: 5, 3: 3, 4: 3, 5: 0, 6: 0, 7: 0, 8: 0}
    assert score(scale, sixteen).band.code == "below_cutoff"
    assert score(scale, {**sixteen, 5: 1}).band.code == "likely_ptsd"  # 17
    assert score(scale, dict.fromkeys(range(1, 9), 5)).total == 40


@pytest.mark.parametrize("value", [2, 4])
def test_it_refuses_a_cries8_answer_the_scale_does_not_offer(value):
    with pytest.raises(ScoringError) as refused:
        score(SCALES["cries8"], {**dict.fromkeys(range(1, 9), 0), 3: value})
    assert refused.value.out_of_range == [3] and refused.value.missing == []


def _rhs(items_total: int, thermometer: int) -> dict[int, int]:
    return {**_spread(14, items_total, 4), 15: thermometer}


@pytest.mark.parametrize(("items_total", "thermometer", "band"), [
    (12, 0, "positive"),  # by the items alone
    (0, 5, "positive"),  # by the thermometer alone
    (11, 4, "negative"),  # neither
    (11, 10, "positive"),
    (56, 0, "positive"),
])
def test_it_screens_the_rhs15_positive_by_either_rule(items_total, thermometer, band):
    result = score(SCALES["rhs15"], _rhs(items_total, thermometer))
    assert (result.total, result.thermometer, result.band.code) == (
        items_total, thermometer, band)


def test_it_refuses_missing_items_and_lists_them_without_prorating():
    given = dict.fromkeys(range(1, 10), 2)
    del given[3]
    given[9] = None
    with pytest.raises(ScoringError) as refused:
        score(SCALES["phq9"], given)
    assert refused.value.missing == [3, 9]


@pytest.mark.parametrize(("code", "item", "value"), [
    ("phq9", 1, 4), ("phq9", 2, -1), ("gad7", 7, 9), ("pcl5", 20, 5), ("rhs15", 15, 11),
    ("rhs15", 14, 5), ("phq9", 1, "x"), ("gad7", 1, 1.5)])
def test_it_refuses_an_answer_out_of_range(code, item, value):
    scale = SCALES[code]
    given = dict.fromkeys(scale.item_numbers, 0)
    given[item] = value
    with pytest.raises(ScoringError) as refused:
        score(scale, given)
    assert refused.value.out_of_range == [item]


def test_it_refuses_an_item_the_scale_does_not_have():
    with pytest.raises(ScoringError) as refused:
        score(SCALES["gad7"], dict.fromkeys(range(1, 9), 0))
    assert refused.value.out_of_range == [8]


def test_it_knows_each_scale_s_range_and_items():
    shapes = {code: (len(s.items), s.total_max) for code, s in SCALES.items()}
    assert shapes == {"phq9": (9, 27), "phqa": (9, 27), "gad7": (7, 21), "pcl5": (20, 80),
                      "cries8": (8, 40), "rhs15": (15, 56)}
    for s in SCALES.values():
        assert s.source  # every scale names its published source
        top = sum(max(o.value for o in s.items[n - 1].options) for n in s.total_items)
        assert top == s.total_max
