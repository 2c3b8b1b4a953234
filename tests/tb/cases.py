"""The generated quarter of the cohort tests: 2025Q3, outcomes known on 2026-10-01.

Each case is (words for conftest.episode_input, observed doses). Built to hit every row
and every column, the two-month interruption on both sides of its boundary, the planned
end of the regimen on both sides of its boundary (an interruption after the course ran
to its end is not a loss), a person diagnosed who never started, cases registered
outside the quarter, and three HIV-positive cases for the "of which HIV-positive" line.
"""

from datetime import date

D = date

CASES = [
    # New and relapse, bacteriologically confirmed pulmonary: 7.
    ({"started": D(2025, 7, 10), "outcome": "cured", "outcome_on": D(2026, 1, 20),
      "hiv": "positive"}, ()),
    ({"started": D(2025, 8, 1), "history": "relapse", "outcome": "completed",
      "outcome_on": D(2026, 2, 1)}, ()),
    ({"started": D(2025, 9, 30), "outcome": "failed", "outcome_on": D(2026, 3, 1)}, ()),
    # No outcome recorded, interrupted during treatment (last observed dose six weeks
    # before the planned end, 2026-01-15): lost. (Until the review this case had a last
    # dose on 2026-08-01, two months to the day before the report; that is after the
    # planned end, so it is no longer a loss: the boundary of the two months is tested
    # on `interrupted` itself below.)
    ({"started": D(2025, 7, 15)}, (D(2025, 7, 15), D(2025, 12, 1))),
    # Added after the review: daily doses from 1 July to 31 December, the last day of the
    # six-month course, and no outcome typed: "not evaluated", not lost (HIV-positive).
    ({"started": D(2025, 7, 1), "hiv": "positive"}, (D(2025, 7, 1), D(2025, 12, 31))),
    # Its other side: started a day later, the same last dose is one day short of the
    # planned end (1 January 2026): an interruption during treatment, lost.
    ({"started": D(2025, 7, 2)}, (D(2025, 7, 2), D(2025, 12, 31))),
    ({"started": D(2025, 8, 20), "outcome": "lost", "outcome_on": D(2026, 1, 5)}, ()),
    # New, clinically diagnosed pulmonary: 2.
    ({"started": D(2025, 7, 1), "basis": "clinical", "outcome": "completed",
      "outcome_on": D(2026, 1, 1)}, ()),
    ({"started": D(2025, 9, 1), "basis": "clinical", "outcome": "died",
      "outcome_on": D(2025, 10, 15), "hiv": "positive"}, ()),
    # Extrapulmonary: 2 (the second's outcome is recorded after the report date).
    ({"started": D(2025, 8, 10), "basis": "clinical", "where": "extrapulmonary",
      "outcome": "completed", "outcome_on": D(2026, 2, 10)}, ()),
    ({"started": D(2025, 8, 11), "history": "relapse", "where": "extrapulmonary",
      "outcome": "completed", "outcome_on": D(2026, 10, 5)}, (D(2026, 9, 20),)),
    # Previously treated, excluding relapse: 2 (one dose a day short of two months).
    ({"started": D(2025, 7, 20), "history": "after_failure", "outcome": "cured",
      "outcome_on": D(2026, 1, 30)}, ()),
    ({"started": D(2025, 9, 10), "history": "after_lost", "basis": "clinical"},
     (D(2026, 8, 2),)),
    # Rifampicin-resistant: 2, whatever their history.
    ({"started": D(2025, 7, 5), "rr": True}, (D(2026, 9, 25),)),
    ({"started": D(2025, 8, 5), "rr": True, "history": "after_failure", "outcome": "died",
      "outcome_on": D(2026, 5, 1)}, ()),
    # Diagnosed in the quarter, never started: its own line, not lost.
    ({"diagnosed": D(2025, 8, 15)}, ()),
    # Presumptive only: not a case.
    ({"presumptive": D(2025, 8, 16)}, ()),
    # Registered outside the quarter: not counted.
    ({"started": D(2025, 10, 1), "outcome": "cured", "outcome_on": D(2026, 4, 1)}, ()),
    ({"started": D(2025, 6, 30), "diagnosed": D(2025, 6, 29), "outcome": "cured",
      "outcome_on": D(2026, 1, 1)}, ()),
]

HEADER = ["Case type", "Registered", "Cured", "Treatment completed", "Treatment failed",
          "Died", "Lost to follow-up", "Not evaluated", "Treatment success (%)"]

# The exact table, as the coordinator reads it on the page. After the review: the first
# row gained the two cases on either side of the planned end (registered 5 -> 7, lost
# 2 -> 3, not evaluated 0 -> 1, success 40 -> 29) and "All cases" with them (13 -> 15);
# the "of which HIV-positive" line counts the cured (BC), the died (CD) and the course
# run to its end (not evaluated), and is not part of "All cases".
EXACT = [
    ["New and relapse: bacteriologically confirmed pulmonary",
     "7", "1", "1", "1", "0", "3", "1", "29"],
    ["New and relapse: clinically diagnosed pulmonary", "2", "0", "1", "0", "1", "0", "0", "50"],
    ["New and relapse: extrapulmonary", "2", "0", "1", "0", "0", "0", "1", "50"],
    ["Previously treated (excluding relapse)", "2", "1", "0", "0", "0", "0", "1", "50"],
    ["Rifampicin-resistant / MDR-TB", "2", "0", "0", "0", "1", "0", "1", "0"],
    ["All cases", "15", "2", "3", "1", "2", "3", "4", "33"],
    ["Of which HIV-positive (all case types)", "3", "1", "0", "0", "1", "0", "1", "33"],
    ["Diagnosed, treatment not started", "1", "", "", "", "", "", "", ""],
]
