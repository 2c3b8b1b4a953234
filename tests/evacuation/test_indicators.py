"""Evacuation indicators against a table computed by hand.

Tripoli, September-October 2026 (every case Salem's: the indicators count cases):

    case  identified  departed  days  mechanism             destination
    C1    09-01       09-20     19    emergency transit     Rwanda
    C2    09-10       10-05     25    emergency transit     Niger
    C3    10-01       10-11     10    humanitarian corridor Italy
    C4    10-02       10-30     28    emergency transit     Rwanda
    C5    10-20       (accepted: waiting)
    C6    10-25       (identified: waiting)
    C7    10-03       (refused: not waiting)

October: 3 departures, median 25 days; 2 emergency transits, 1 corridor; Niger, Italy,
Rwanda 1 each. September: 1 departure, 19 days. Waiting today: 1 identified, 1 accepted.
"""

from __future__ import annotations

import html as html_module
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from caseflow.models.evacuation import EvacuationStatus, Mechanism
from caseflow.reports import evacuation_indicators
from caseflow.reports.period import Month
from caseflow.services.evacuation import cases
from tests.evacuation.records import open_case, walk
from tests.support.records import person, site_id, user

FIXED_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.time_machine(FIXED_NOW)
S = EvacuationStatus
ETM, CORRIDOR = Mechanism.EMERGENCY_TRANSIT, Mechanism.HUMANITARIAN_CORRIDOR


@pytest.fixture
def evacuations(app, salem):
    with app.app_context():
        for identified, departed, mechanism, destination in (
                (date(2026, 9, 1), date(2026, 9, 20), ETM, "RW"),
                (date(2026, 9, 10), date(2026, 10, 5), ETM, "NE"),
                (date(2026, 10, 1), date(2026, 10, 11), CORRIDOR, "IT"),
                (date(2026, 10, 2), date(2026, 10, 30), ETM, "RW")):
            case = open_case(salem, identified, mechanism=mechanism, destination=destination)
            walk(salem, case, S.DEPARTED, departed - timedelta(days=5))
        walk(salem, open_case(salem, date(2026, 10, 20)), S.ACCEPTED, date(2026, 10, 20))
        open_case(salem, date(2026, 10, 25))
        refused = open_case(salem, date(2026, 10, 3))
        cases.record_step(user("charlie"), person(salem), refused, S.REFUSED,
                          date(2026, 10, 4), refused.version)


def test_it_computes_the_months_as_the_hand_made_table(app, evacuations):
    with app.app_context():
        figures = evacuation_indicators.compute(Month(2026, 10), [site_id("TRI")])
        sep, oct_ = figures[-2], figures[-1]
        assert (sep.departures, sep.days, sep.median_days) == (1, [19], 19)
        assert (oct_.departures, sorted(oct_.days), oct_.median_days) == (3, [10, 25, 28], 25)
        assert dict(oct_.mechanisms) == {"emergency_transit": 2, "humanitarian_corridor": 1}
        assert dict(oct_.destinations) == {"NE": 1, "IT": 1, "RW": 1}
        assert all(f.departures == 0 for f in figures[:4])
        assert dict(evacuation_indicators.waiting([site_id("TRI")])) == {
            "identified": 1, "accepted": 1}
        assert evacuation_indicators.compute(Month(2026, 10), [site_id("PAN")])[-1].departures == 0


def _cells(html: str, month: str | None = None) -> dict[str, str]:
    row = html.split(f'data-month="{month}"')[1].split("</tr>")[0] if month else html.split(
        "data-evacuation-waiting")[1]
    found = re.findall(r'data-cell="([a-zA-Z_]+)"><bdi dir="ltr">([^<]*)</bdi>', row)
    return {name: html_module.unescape(value) for name, value in found}


def test_it_shows_the_coordinator_exact_figures_and_the_data_manager_suppressed_ones(
        app, as_user, evacuations):
    page = as_user("claire").get("/evacuations/indicators?month=2026-10&site=TRI")
    assert page.status_code == 200
    october = _cells(page.text, "2026-10")
    assert october["departures"] == "3" and october["median_days"] == "25"
    assert october["emergency_transit"] == "2" and october["to_RW"] == "1"
    assert october["resettlement"] == "0"
    waiting = _cells(page.text)
    assert (waiting["identified"], waiting["accepted"], waiting["waiting_total"]) == (
        "1", "1", "2")

    page = as_user("omar").get("/evacuations/indicators?month=2026-10&site=TRI")
    october = _cells(page.text, "2026-10")
    assert october["departures"] == "<5" and october["median_days"] == "—"
    assert october["emergency_transit"] in ("<5", "x") and october["to_IT"] in ("<5", "x")
    assert _cells(page.text)["waiting_total"] == "<5"
    for login in ("charlie", "sara", "admin"):
        assert as_user(login).get("/evacuations/indicators").status_code == 403
