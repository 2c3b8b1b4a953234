"""Each indicator against the hand-built March 2026 of conftest.py (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from caseflow.reports.compute import compute
from caseflow.reports.period import Month
from caseflow.reports.suppression import statement, suppress
from tests.reports.conftest import MARCH

# code: (total, {category: count}, {site: count})
EXPECTED = {
    "new_people": (2, {}, {"PAN": 1, "CAL": 1}),
    "contacts": (8, {"medical": 2, "mental_health": 2, "social": 4}, {"PAN": 3, "CAL": 5}),
    "mh_people": (1, {"psychotrauma": 1}, {"CAL": 1}),
    "mh_sessions": (2, {"individual": 1, "group": 1}, {"CAL": 2}),
    "mh_cgi_change": (2, {"much_improved": 1, "not_assessed": 1}, {"PAN": 1, "CAL": 1}),
    "violence": (2, {"sexual_violence": 1, "torture": 1}, {"PAN": 1, "CAL": 1}),
    "housing": (3, {"street": 1, "emergency_shelter": 1, "child_welfare": 2},
                {"PAN": 1, "CAL": 2}),
    "housing_inclusion": (2, {"child_welfare": 1, "emergency_shelter": 1}, {"PAN": 1, "CAL": 1}),
    "child_welfare": (1, {}, {"CAL": 1}),
    "appeals": (1, {"recourse_filed": 1}, {"CAL": 1}),
    "hearings": (1, {}, {"CAL": 1}),
    "decisions": (1, {"not_recognised": 1}, {"CAL": 1}),
    "certificates": (1, {"violence_findings": 1}, {"PAN": 1}),
    "referrals_made": (1, {"lawyer": 1}, {"PAN": 1}),
    "referrals_completed": (1, {"lawyer": 1}, {"PAN": 1}),
    "consents_refused": (1, {"photographs": 1}, {"PAN": 1}),
    "consents_withdrawn": (1, {"research": 1}, {"PAN": 1}),
    "interpreter": (2, {"ps": 1, "ar": 1}, {"PAN": 1, "CAL": 1}),
    "lost": (1, {}, {"PAN": 1}),
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_it_counts_each_indicator_of_the_hand_built_month(app, march, code):
    total, categories, sites = EXPECTED[code]
    with app.app_context():
        figure = compute(MARCH, codes=[code]).figure(code)
    assert figure.cells.total == total
    assert {c: cells.total for c, cells in figure.categories.items()} == categories
    assert figure.cells.by_site == {march[s]: n for s, n in sites.items()}


def test_it_disaggregates_by_sex_and_age_group(app, march):
    with app.app_context():
        report = compute(MARCH)
    new = report.figure("new_people").cells
    assert new.by_sex == {"female": 1, "male": 1}
    assert new.by_age == {"15_17": 2}
    contacts = report.figure("contacts").cells  # rows: sums over the finest cells
    assert contacts.by_age == {"15_17": 5, "25_plus": 3}
    assert contacts.by_sex == {"female": 3, "male": 5}
    lost = report.figure("lost").cells
    assert lost.by_sex == {"unknown": 1} and lost.by_age == {"unknown": 1}


def test_it_restricts_to_the_chosen_sites(app, march):
    with app.app_context():
        report = compute(MARCH, [march["PAN"]])
    assert report.figure("contacts").cells.total == 3
    assert report.figure("mh_sessions").cells.total == 0
    assert report.figure("new_people").cells.by_site == {march["PAN"]: 1}


def test_it_counts_the_previous_month_apart(app, march):
    with app.app_context():
        february = compute(Month(2026, 2), codes=["contacts", "lost"])
    assert february.figure("contacts").cells.total == 2
    assert february.figure("lost").cells.total == 0


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"),
                                              (12, "12")])
def test_it_suppresses_counts_from_1_to_4(app, count, shown):
    with app.app_context():
        assert suppress(count) == shown


def test_it_reads_the_threshold_from_the_configuration(app):
    app.config["INDICATOR_SUPPRESSION_THRESHOLD"] = 10
    with app.app_context():
        assert suppress(7) == "<10" and suppress(10) == "10"
        assert "1 to 9" in statement("en") and "1 à 9" in statement("fr")


def test_it_parses_months_strictly():
    assert Month.parse("2026-03") == MARCH
    assert Month.parse("2026-13") is None and Month.parse("march") is None
    assert MARCH.previous() == Month(2026, 2) and Month(2026, 1).previous() == Month(2025, 12)
    assert MARCH.last(3) == [Month(2026, 1), Month(2026, 2), MARCH]


def test_it_gives_the_same_counts_at_every_grain(app, march):
    """The page (categories by site), the previous-month column (categories) and the
    charts (sites) skip margins they do not show, never changing a count."""
    from caseflow.reports.compute import CATEGORY, SITE, SITES

    with app.app_context():
        full = compute(MARCH)
        for grain in (SITES, CATEGORY, SITE):
            coarse = compute(MARCH, grain=grain)
            for figure in full.figures:
                other = coarse.figure(figure.indicator.code)
                assert other.cells.total == figure.cells.total
                if "site" in grain:
                    assert other.cells.by_site == figure.cells.by_site
                if "category" in grain:
                    assert {c: x.total for c, x in other.categories.items()} == \
                        {c: x.total for c, x in figure.categories.items()}
