"""The monthly pregnancy indicators against a month counted by hand: May 2026.

    who  site  LMP         registered  visits (GA, trimester)           outcome
    P1   PAN   2026-02-02  05-04       05-04 (13+0, T1), 05-18 (15+0, T2)
    P2   PAN   2025-11-03  04-20       04-20, 05-25 (29+0, T3)
    P3   PAN   2026-03-16  05-20       05-20 (9+2, T1)
    P4   PAN   2025-08-04  03-02       04-27                              live birth 05-12
    P5   PAN   2026-02-16  05-06       05-06 (11+3, T1)                   miscarriage 05-27
    P6   TRI   2026-02-02  05-05       05-05 (13+1, T1)
    P7   PAN   2026-04-20  06-02       06-02

Pantin, May: followed 4 (P1 by its last visit of the month in T2, P2 T3, P3 and P5 T1),
registered 3 (P1, P3, P5), outcomes 2 (a live birth, a miscarriage). All sites: followed 5
(P6 in T1), registered 4, the same outcomes. P4 ended in May without a visit in it: not
followed. P7 is June's.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
import time_machine

from caseflow.models.pregnancy import DeliveryMode, PregnancyOutcome
from caseflow.reports import pregnancy_indicators
from caseflow.reports.period import Month
from caseflow.services.pregnancy import pregnancies
from caseflow.services.pregnancy.pregnancies import OutcomeInput, PregnancyInput
from caseflow.services.pregnancy.visits import VisitInput, add_visit
from caseflow.vocabulary import Sex
from tests.pregnancy.conftest import NOW
from tests.support.records import person, site_id, user

pytestmark = pytest.mark.time_machine(NOW)
D = date
MAY = Month(2026, 5)

CASES = [
    ("PAN", D(2026, 2, 2), D(2026, 5, 4), [D(2026, 5, 4), D(2026, 5, 18)], None),
    ("PAN", D(2025, 11, 3), D(2026, 4, 20), [D(2026, 4, 20), D(2026, 5, 25)], None),
    ("PAN", D(2026, 3, 16), D(2026, 5, 20), [D(2026, 5, 20)], None),
    ("PAN", D(2025, 8, 4), D(2026, 3, 2), [D(2026, 4, 27)],
     ("live_birth", D(2026, 5, 12), "vaginal")),
    ("PAN", D(2026, 2, 16), D(2026, 5, 6), [D(2026, 5, 6)],
     ("miscarriage", D(2026, 5, 27), None)),
    ("TRI", D(2026, 2, 2), D(2026, 5, 5), [D(2026, 5, 5)], None),
    ("PAN", D(2026, 4, 20), D(2026, 6, 2), [D(2026, 6, 2)], None),
]
AUTHOR = {"PAN": "fatima", "TRI": "charlie"}


def _on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC),
                               tick=False)


@pytest.fixture
def month(app, register):
    for n, (site, lmp, registered, visits, outcome) in enumerate(CASES, 1):
        who = register("amina" if site == "PAN" else "charlie", site, f"Mère{n}", "Case",
                       born=1995, sex=Sex.FEMALE)
        with app.app_context():
            author = user(AUTHOR[site])
            with _on(registered):
                made = pregnancies.create(author, person(who), PregnancyInput(lmp_on=lmp))
            for day in visits:
                with _on(day):
                    add_visit(author, person(who), made, VisitInput(visited_on=day))
            if outcome:
                with _on(outcome[1]):
                    pregnancies.record_outcome(author, person(who), made, OutcomeInput(
                        PregnancyOutcome(outcome[0]), outcome[1],
                        outcome[2] and DeliveryMode(outcome[2])), made.version)


def test_it_counts_the_hand_built_month(app, month):
    with app.app_context():
        pantin = pregnancy_indicators.compute(MAY, [site_id("PAN")])
        assert (pantin.followed, dict(pantin.by_trimester)) == (4, {1: 2, 2: 1, 3: 1})
        assert pantin.registered == 3
        assert dict(pantin.outcomes) == {"live_birth": 1, "miscarriage": 1}
        every = pregnancy_indicators.compute(MAY, None)
        assert (every.followed, dict(every.by_trimester)) == (5, {1: 3, 2: 1, 3: 1})
        assert (every.registered, every.ended) == (4, 2)
        june = pregnancy_indicators.compute(Month(2026, 6), None)
        assert (june.followed, june.registered, june.ended) == (1, 1, 0)


def _cells(html: str) -> dict[str, str]:
    return {k: unescape(v) for k, v in
            re.findall(r'data-cell="([^"]+)"><bdi dir="ltr">([^<]*)</bdi>', html)}


def test_it_shows_exact_counts_to_the_coordinator_and_hides_small_ones_from_the_data_manager(
        app, month, as_user):
    exact = _cells(as_user("claire").get("/anc/indicators?month=2026-05&site=PAN").text)
    assert {k: exact[k] for k in ("followed", "trimester_1", "trimester_2", "trimester_3",
                                  "registered", "ended", "live_birth", "miscarriage",
                                  "stillbirth")} == {
        "followed": "4", "trimester_1": "2", "trimester_2": "1", "trimester_3": "1",
        "registered": "3", "ended": "2", "live_birth": "1", "miscarriage": "1",
        "stillbirth": "0"}
    hidden = _cells(as_user("omar").get("/anc/indicators?month=2026-05").text)
    assert hidden["registered"] == "<5" and hidden["followed"] in ("<5", "5", "x")
    assert hidden["trimester_1"] == "<5" and hidden["live_birth"] == "<5"
    assert not any(value.isdigit() and 0 < int(value) < 5 for value in hidden.values())
