"""Gestational age, EDD (Naegele, leap years), the ultrasound dating rule at its thresholds,
trimesters and the WHO 2016 contact schedule: pure date arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseflow.models.pregnancy_dating import (
    LMP,
    ULTRASOUND,
    choose_dating,
    edd_from_lmp,
    edd_from_scan,
    ga_on,
    next_contact,
    trimester,
    weeks_days,
)


def test_it_computes_the_expected_date_by_naegele_as_280_days():
    assert edd_from_lmp(date(2026, 1, 1)) == date(2026, 10, 8)
    assert edd_from_lmp(date(2026, 3, 2)) == date(2026, 12, 7)


@pytest.mark.parametrize(("lmp", "edd"), [
    # 29 February 2024 lies in the 280 days: one day earlier than in a common year.
    (date(2023, 6, 1), date(2024, 3, 7)),
    (date(2022, 6, 1), date(2023, 3, 8)),
    # The LMP on 29 February itself.
    (date(2024, 2, 29), date(2024, 12, 5)),
    # Across the new year.
    (date(2025, 12, 31), date(2026, 10, 7)),
])
def test_it_counts_leap_days_in_the_280(lmp, edd):
    assert edd_from_lmp(lmp) == edd
    assert ga_on(edd, lmp) == 0 and ga_on(edd, edd) == 280


def test_it_gives_the_age_in_weeks_and_days():
    edd = edd_from_lmp(date(2026, 3, 2))
    assert weeks_days(ga_on(edd, date(2026, 6, 17))) == (15, 2)
    assert weeks_days(ga_on(edd, date(2026, 3, 2))) == (0, 0)


def test_it_dates_from_the_scan():
    # 12 weeks + 3 days on 1 June: 280 - 87 = 193 days later.
    assert edd_from_scan(date(2026, 6, 1), 87) == date(2026, 6, 1) + timedelta(days=193)


# (gestational age at the scan in days, the largest discrepancy the LMP tolerates)
THRESHOLDS = [(8 * 7 + 6, 5), (9 * 7, 7), (15 * 7 + 6, 7), (16 * 7, 10), (21 * 7 + 6, 10),
              (22 * 7, 14), (27 * 7 + 6, 14), (28 * 7, 21), (36 * 7, 21)]


@pytest.mark.parametrize(("scan_ga", "tolerated"), THRESHOLDS)
def test_it_keeps_the_lmp_up_to_the_threshold_and_takes_the_scan_beyond(scan_ga, tolerated):
    lmp = date(2026, 1, 5)
    for sign in (1, -1):
        # The scan measures `tolerated` days more (or less) than the LMP says: LMP kept.
        scan_on = lmp + timedelta(days=scan_ga + sign * tolerated)
        kept = choose_dating(lmp, True, scan_on, scan_ga)
        assert (kept.basis, kept.edd, kept.discrepancy) == (LMP, edd_from_lmp(lmp), tolerated)
        # One day more: the scan dates the pregnancy.
        scan_on = lmp + timedelta(days=scan_ga + sign * (tolerated + 1))
        taken = choose_dating(lmp, True, scan_on, scan_ga)
        assert taken.basis == ULTRASOUND and taken.edd == edd_from_scan(scan_on, scan_ga)


def test_it_takes_the_scan_when_the_lmp_is_uncertain_or_unknown_and_the_lmp_alone():
    lmp, scan_on = date(2026, 1, 5), date(2026, 4, 1)
    scan_ga = (scan_on - lmp).days  # in perfect agreement
    assert choose_dating(lmp, False, scan_on, scan_ga).basis == ULTRASOUND
    assert choose_dating(None, True, scan_on, scan_ga).basis == ULTRASOUND
    assert choose_dating(lmp, False, None, None).basis == LMP
    assert choose_dating(None, True, None, None) is None


@pytest.mark.parametrize(("days", "expected"), [(0, 1), (13 * 7 + 6, 1), (14 * 7, 2),
                                                (27 * 7 + 6, 2), (28 * 7, 3), (41 * 7, 3)])
def test_it_places_the_trimesters_at_14_and_28_weeks(days, expected):
    assert trimester(days) == expected


def test_it_shows_the_next_who_2016_contact():
    edd = edd_from_lmp(date(2026, 1, 5))
    at = lambda weeks, days=0: edd - timedelta(days=280 - weeks * 7 - days)  # noqa: E731
    # No visit yet, at 8 weeks: the first contact, at 12 weeks.
    first = next_contact(edd, at(8), None)
    assert (first.week, first.due_on, first.overdue) == (12, at(12), False)
    # The first contact is "up to 12 weeks": a visit at 11+5, or a booking at 8+0, made it
    # (review of issue 20: a woman booked early was told she was overdue from 13 weeks).
    assert next_contact(edd, at(12), ga_on(edd, at(11, 5))).week == 20
    assert next_contact(edd, at(13), ga_on(edd, at(8))).week == 20
    assert not next_contact(edd, at(13), ga_on(edd, at(8))).overdue
    # Seen at 19+0 for the 20-week contact: next at 26 weeks.
    assert next_contact(edd, at(19), ga_on(edd, at(19))).week == 26
    # Last seen at 21 weeks, now 27+0: the 26-week contact is overdue.
    late = next_contact(edd, at(27), ga_on(edd, at(21)))
    assert late.week == 26 and late.overdue
    # After the 40-week contact: nothing more to plan.
    assert next_contact(edd, at(40), ga_on(edd, at(40))) is None
