"""The indicator against a hand-built February 2026, figures computed by hand.

    P1 Pantin   2 Feb   within 72 h   PEP, levonorgestrel
    P1 Pantin  20 Feb   over 5 days   nothing              (the same person: counted once)
    P2 Pantin  10 Feb   72 h - 5 days PEP (confirmed), referred to mental health
    P3 Pantin  12 Feb   unknown       forensic referral with consent
    P4 Tripoli 15 Feb   within 72 h   PEP declined
    P6 Pantin  31 Jan 23:30 UTC = 1 Feb 00:30 in Paris: February; within 72 h, PEP
    P5 Pantin  28 Feb 23:30 UTC = 1 Mar 00:30 in Paris: March, not February

February, every site: 5 people seen (P1 P2 P3 P4 P6); within 72 h 3 (P1 P4 P6), 72 h to
5 days 1 (P2), over 5 days 0, unknown 1 (P3); PEP 3 (P1 P2 P6), PEP within 72 h 2 (P1 P6);
emergency contraception 1 (P1); forensic 1 (P3); mental health 1 (P2). Pantin alone: 4.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from caseflow.models.sexual_violence import EcMethod
from caseflow.services.sexual_violence import consultations
from caseflow.vocabulary import Sex
from tests.sexual_violence.conftest import NOW, consultation_input
from tests.support.records import person, user

pytestmark = pytest.mark.time_machine(NOW)


def _seen(login, who, local: datetime, hours_before: float | None, **care):
    assault = local - timedelta(hours=hours_before) if hours_before is not None else None
    data = consultation_input(consulted=local,
                              assault_on=assault.date() if assault else None,
                              assault_time=assault.time() if assault else None, **care)
    consultations.create(user(login), person(who), data)


@pytest.fixture
def february(app, register):
    people = {name: register("charlie" if name == "P4" else "amina",
                             "TRI" if name == "P4" else "PAN", "Test", name, born=1995,
                             sex=Sex.FEMALE)
              for name in ("P1", "P2", "P3", "P4", "P5", "P6")}
    with app.app_context():
        _seen("amina", people["P1"], datetime(2026, 2, 2, 10), 20, pep=True, ec=True)
        _seen("amina", people["P1"], datetime(2026, 2, 20, 10), 200)
        _seen("amina", people["P2"], datetime(2026, 2, 10, 10), 100, pep=True, confirm=True,
              mh_referral=True)
        _seen("amina", people["P3"], datetime(2026, 2, 12, 10), None, forensic=True,
              consent=True)
        _seen("charlie", people["P4"], datetime(2026, 2, 15, 10), 30, pep="declined")
        _seen("amina", people["P6"], datetime(2026, 2, 1, 0, 30), 10, pep=True)
        _seen("amina", people["P5"], datetime(2026, 3, 1, 0, 30), 10, pep=True)
    return people


def _row(page: str, month: str) -> dict[str, str]:
    row = page.split(f'data-month="{month}"')[1].split("</tr>")[0]
    import html
    import re

    cells = re.findall(r'data-cell="([^"]+)"><bdi dir="ltr">([^<]*)</bdi>', row)
    return {name: html.unescape(value) for name, value in cells}


def test_the_coordinator_reads_the_exact_figures(as_user, february):
    page = as_user("claire").get("/svc/indicators?month=2026-02").text
    assert _row(page, "2026-02") == {
        "seen": "5", "within_72h": "3", "from_72h_to_120h": "1", "over_120h": "0",
        "unknown": "1", "pep": "3", "pep_within_72h": "2", "ec": "1", "forensic": "1",
        "mh_referral": "1"}
    assert _row(page, "2026-01")["seen"] == "0"
    pantin = _row(as_user("claire").get("/svc/indicators?month=2026-02&site=PAN").text,
                  "2026-02")
    assert pantin["seen"] == "4" and pantin["within_72h"] == "2" and pantin["pep"] == "3"
    march = _row(as_user("claire").get("/svc/indicators?month=2026-03").text, "2026-03")
    assert march["seen"] == "1" and march["pep_within_72h"] == "1"


def test_the_data_manager_reads_small_counts_suppressed(as_user, february):
    row = _row(as_user("omar").get("/svc/indicators?month=2026-02").text, "2026-02")
    assert row["pep"] == "<5" and row["pep_within_72h"] == "<5" and row["ec"] == "<5"
    assert row["within_72h"] == "<5" and row["unknown"] == "<5"
    # The bands add up to the people seen: with 3 of them hidden, the total is too (or
    # enough complements), so that no hidden band can be read back by subtraction.
    visible = [v for k, v in row.items() if k in ("seen", "within_72h", "from_72h_to_120h",
                                                  "over_120h", "unknown")]
    assert sum(1 for v in visible if v.isdigit() and v != "0") <= 1


def test_the_same_figures_come_from_the_report_module(app, february):
    from caseflow.reports import sexual_violence_indicators as report
    from caseflow.reports.period import Month

    with app.app_context():
        feb = report.compute(Month(2026, 2), None, months=1)[0]
        assert len(feb.seen) == 5 and len(feb.counted["pep_within_72h"]) == 2
        assert feb.band_counts() == {"within_72h": 3, "from_72h_to_120h": 1, "over_120h": 0,
                                     "unknown": 1}
    assert date(2026, 2, 1) == Month(2026, 2).start
    assert EcMethod.LEVONORGESTREL.value == "levonorgestrel"


def test_it_hides_a_count_whose_complement_would_give_a_small_count_away(app):
    """Six people seen, all within 72 h, five given PEP: showing 6 and 5 would tell the
    data manager that one person was not given PEP (review of issue 20)."""
    from caseflow.reports.period import Month
    from caseflow.reports.sexual_violence_indicators import MonthFigures, shown
    from caseflow.reports.suppression import SECONDARY_MARK

    row = MonthFigures(Month(2026, 2))
    people = [f"p{n}" for n in range(6)]
    row.seen.update(people)
    row.bands.update(dict.fromkeys(people, "within_72h"))
    row.counted["pep"].update(people[:5])
    row.counted["pep_within_72h"].update(people[:5])
    row.counted["ec"].update(people)
    with app.app_context():
        (shown_row,) = shown([row], suppressed=True)
        (exact,) = shown([row], suppressed=False)
    assert shown_row.counts["pep"] == SECONDARY_MARK
    assert shown_row.counts["pep_within_72h"] == SECONDARY_MARK
    assert shown_row.counts["ec"] == "6"  # all six: no one is singled out
    assert exact.counts["pep"] == "5"  # the coordinator reads the exact figures
