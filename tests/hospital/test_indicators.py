"""Monthly hospital indicators against a table computed by hand.

Tripoli, September-October 2026 (and one Pantin stay in October):

    stay  admitted  discharged  days  outcome               costs
    A1    09-03     09-10       7     shelter               500 LYD
    A2    09-20     10-02       12    detention
    A3    10-01     10-01       1     left against advice   100 EUR   (same day: 1 day)
    A4    10-15     10-20       5     died                  200 LYD
    A5    10-28     (in hospital)                           50.25 LYD
    P1    10-05     10-09       4     shelter   (Pantin)

Tripoli, October: 3 admissions (A3-A5), 3 discharges (A2-A4: 12, 1, 5 days, mean 6,
median 5), LYD 250.25, EUR 100.00. September: 2 admissions, 1 discharge (7 days).
A same-day stay counts 1 day, as in hospital statistics (models.hospital.stay_days).
"""

from __future__ import annotations

import html as html_module
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from caseflow.models.hospital import Outcome
from caseflow.reports import hospital_indicators
from caseflow.reports.period import Month
from caseflow.services.hospital import admissions
from tests.hospital.records import admit
from tests.support.records import person, site_id, user

FIXED_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.time_machine(FIXED_NOW)


@pytest.fixture
def stays(app, register, salem):
    other = register("charlie", "TRI", "Osman", "Hawa", born=1990)
    awa = register("amina", "PAN", "Traoré", "Awa", born=2001)
    with app.app_context():
        def stay(who, site, admitted, discharged=None, outcome=None, cost=None):
            found = admit(who, site, admitted)
            if discharged:
                found = admissions.discharge(
                    user("claire"), person(who), found, admissions.DischargeInput(
                        discharged, outcome, confirm_death=True), found.version)
            if cost:
                admissions.set_costs(user("claire"), person(who), found, Decimal(cost[0]),
                                     cost[1], found.version)

        stay(salem, "TRI", date(2026, 9, 3), date(2026, 9, 10), Outcome.SHELTER, ("500", "LYD"))
        stay(other, "TRI", date(2026, 9, 20), date(2026, 10, 2), Outcome.DETENTION)
        stay(salem, "TRI", date(2026, 10, 1), date(2026, 10, 1), Outcome.LEFT_AGAINST_ADVICE,
             ("100", "EUR"))
        stay(other, "TRI", date(2026, 10, 15), date(2026, 10, 20), Outcome.DIED,
             ("200", "LYD"))
        stay(salem, "TRI", date(2026, 10, 28), cost=("50.25", "LYD"))
        stay(awa, "PAN", date(2026, 10, 5), date(2026, 10, 9), Outcome.SHELTER)


def test_it_computes_the_months_as_the_hand_made_table(app, stays):
    with app.app_context():
        figures = hospital_indicators.compute(Month(2026, 10), [site_id("TRI")])
        assert [f.month.key for f in figures] == ["2026-05", "2026-06", "2026-07", "2026-08",
                                                   "2026-09", "2026-10"]
        sep, oct_ = figures[-2], figures[-1]
        assert (sep.admissions, sep.discharges, sep.mean_stay, sep.median_stay) == (2, 1, 7, 7)
        assert dict(sep.outcomes) == {"shelter": 1}
        assert sep.costs == {"LYD": Decimal("500.00")}
        assert (oct_.admissions, oct_.discharges, oct_.mean_stay, oct_.median_stay) == (
            3, 3, 6, 5)
        assert sorted(oct_.stays) == [1, 5, 12]
        assert dict(oct_.outcomes) == {"detention": 1, "left_against_advice": 1, "died": 1}
        assert oct_.costs == {"LYD": Decimal("250.25"), "EUR": Decimal("100.00")}
        assert all(f.admissions == 0 and f.discharges == 0 for f in figures[:4])
        everywhere = hospital_indicators.compute(Month(2026, 10), None)[-1]
        assert (everywhere.admissions, everywhere.discharges, everywhere.median_stay) == (
            4, 4, 4.5)
        assert hospital_indicators.ongoing([site_id("TRI")]) == 1


def _cells(html: str, month: str) -> dict[str, str]:
    row = html.split(f'data-month="{month}"')[1].split("</tr>")[0]
    found = re.findall(r'data-cell="([a-zA-Z_]+)"><bdi dir="ltr">([^<]*)</bdi>', row)
    return {name: html_module.unescape(value) for name, value in found}


def test_it_shows_the_coordinator_exact_figures_and_the_data_manager_suppressed_ones(
        app, as_user, stays):
    claire = as_user("claire")
    claire.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"  # figures in the French format
    page = claire.get("/hospital/indicators?month=2026-10&site=TRI")
    assert page.status_code == 200
    october = _cells(page.text, "2026-10")
    assert october["admissions"] == "3" and october["discharges"] == "3"
    # In the reader's number format: a French page, a decimal comma.
    assert october["mean_stay"] == "6" and october["median_stay"] == "5"
    assert october["died"] == "1" and october["shelter"] == "0"
    assert october["cost_LYD"] == "250,25" and october["cost_EUR"] == "100,00"

    page = as_user("omar").get("/hospital/indicators?month=2026-10&site=TRI")
    assert page.status_code == 200
    october = _cells(page.text, "2026-10")
    assert october["admissions"] == "<5" and october["discharges"] == "<5"
    assert october["mean_stay"] == "—" and october["median_stay"] == "—"
    assert october["died"] in ("<5", "x") and october["cost_LYD"] == "<5"
    assert "250,25" not in page.text
    assert _cells(page.text, "2026-07")["admissions"] == "0"

    for login in ("charlie", "sara", "admin"):
        assert as_user(login).get("/hospital/indicators").status_code == 403


def test_it_hides_the_complement_of_a_small_outcome_from_the_data_manager(app):
    """7 discharges = 6 to the shelter + 1 death: "<5" alone would give the death away."""
    from collections import Counter

    row = hospital_indicators.MonthFigures(Month(2026, 10), admissions=9, discharges=7,
                                           stays=[3, 4, 4, 5, 6, 8, 12],
                                           outcomes=Counter(shelter=6, died=1))
    with app.app_context():
        exact, hidden = (hospital_indicators.shown([row], suppressed=s)[0] for s in (False, True))
    assert (exact.outcomes["died"], exact.outcomes["shelter"], exact.median_stay) == (
        "1", "6", "5")
    assert (hidden.outcomes["died"], hidden.outcomes["shelter"]) == ("<5", "x")
    assert (hidden.discharges, hidden.admissions, hidden.mean_stay) == ("7", "9", "6")
