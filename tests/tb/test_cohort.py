"""The WHO quarterly cohort: a generated quarter against a table written by hand.

"Of the 15 cases registered at Tripoli in 2025Q3, as known on 1 October 2026: 7 new
bacteriologically confirmed pulmonary cases, of whom 1 cured, 1 completed, 1 failed,
3 lost (one recorded, two interrupted during treatment) and 1 not evaluated (its doses
ran to the planned end, no outcome typed)...; 3 of the 15 HIV-positive"; the person who
never started is on a line of their own; the cases started on 30 June and 1 October are
not in the cohort. The exports hide small counts like the indicators'.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.reports.tb_cohort import (
    CohortCase,
    Quarter,
    add_months,
    compute,
    course_ran_to_end,
    interrupted,
    lost_by_interruption,
    table,
)
from tests.tb.cases import CASES, EXACT, HEADER
from tests.tb.conftest import AS_OF, episode_input

# After the review (the planned end of the regimen, the HIV-positive line): the first
# row now has 7 registered, so its total is published and more of its outcomes hide
# one another; the HIV-positive line is protected as a figure of its own (it overlaps
# the case types), so its small counts read "<5" and its published zeros stay.
SUPPRESSED = [
    ["New and relapse: bacteriologically confirmed pulmonary",
     "7", "<5", "<5", "<5", "0", "<5", "<5", "x"],
    ["New and relapse: clinically diagnosed pulmonary",
     "<5", "0", "<5", "0", "<5", "0", "<5", "x"],
    ["New and relapse: extrapulmonary", "<5", "<5", "<5", "0", "0", "0", "<5", "x"],
    ["Previously treated (excluding relapse)", "<5", "<5", "<5", "0", "0", "0", "<5", "x"],
    ["Rifampicin-resistant / MDR-TB", "<5", "<5", "<5", "0", "<5", "0", "<5", "x"],
    ["All cases", "x", "<5", "<5", "<5", "<5", "<5", "<5", "x"],
    ["Of which HIV-positive (all case types)", "<5", "<5", "0", "0", "<5", "0", "<5", "x"],
    ["Diagnosed, treatment not started", "<5", "", "", "", "", "", "", ""],
]


def _pure_cases() -> list[CohortCase]:
    out = []
    for words, doses in CASES:
        d = episode_input(**words)
        out.append(CohortCase(
            site_id=1, diagnosed_on=d.diagnosed_on, treatment_started_on=d.treatment_started_on,
            basis=d.basis and d.basis.value, disease_site=d.disease_site and d.disease_site.value,
            history=d.history and d.history.value, rifampicin_resistant=words.get("rr", False),
            outcome=d.outcome and d.outcome.value, outcome_on=d.outcome_on,
            last_dose_on=max(doses) if doses else None,
            regimen=d.regimen and d.regimen.value, hiv=d.hiv.value))
    return out


def _labelled(rows, app) -> list[list[str]]:
    from caseflow.reports.tb_cohort import row_label

    with app.test_request_context(headers={"Accept-Language": "en"}):
        return [[str(row_label(key)), *cells] for key, cells in rows]


def test_it_computes_the_quarter_against_the_hand_built_table(app):
    cohort = compute(_pure_cases(), Quarter(2025, 3), date(2026, 10, 1))
    assert _labelled(table(cohort, suppressed=False), app) == EXACT
    assert _labelled(table(cohort, suppressed=True, limit=5), app) == SUPPRESSED


def test_it_counts_two_months_without_a_dose_as_an_interruption_not_less():
    start = date(2025, 7, 15)
    assert interrupted(start, date(2026, 8, 1), date(2026, 10, 1))
    assert not interrupted(start, date(2026, 8, 2), date(2026, 10, 1))
    assert interrupted(start, None, date(2025, 9, 15))
    assert not interrupted(None, None, date(2030, 1, 1))  # never started: not lost
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)


def test_it_counts_an_interruption_as_lost_only_before_the_planned_end():
    start = date(2025, 7, 1)  # six months: the course's last day is 31 December
    assert course_ran_to_end(start, date(2025, 12, 31), "drug_susceptible")
    assert not course_ran_to_end(start, date(2025, 12, 30), "drug_susceptible")
    assert not course_ran_to_end(start, None, None)
    assert not lost_by_interruption(start, date(2025, 12, 31), "drug_susceptible",
                                    date(2026, 10, 1))
    assert lost_by_interruption(start, date(2025, 12, 30), "drug_susceptible",
                                date(2026, 10, 1))
    assert lost_by_interruption(start, None, None, date(2025, 9, 1))  # never came back


def test_it_reads_quarters_and_defaults_to_the_one_due():
    assert Quarter.parse("2025q3") == Quarter(2025, 3) == Quarter.parse("2025-Q3")
    assert Quarter.parse("2025Q5") is None and Quarter.parse("x" * 400) is None
    assert Quarter.reported(date(2026, 10, 1)) == Quarter(2025, 4)
    assert date(2025, 9, 30) in Quarter(2025, 3) and date(2025, 10, 1) not in Quarter(2025, 3)


@pytest.fixture
def generated_quarter(app, tri_person, make_episode):
    """The cases of tests/tb/cases.py recorded at Tripoli (some outcomes are dated after
    the report: they are recorded later, on 10 October)."""
    with time_machine.travel(datetime(2026, 10, 10, 10, 0, tzinfo=UTC), tick=False):
        for words, doses in CASES:
            make_episode(tri_person, doses=doses, **words)


def _csv(client, **params) -> list[list[str]]:
    answer = client.get("/tb/cohort.csv", query_string=params)
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))


@pytest.mark.time_machine(AS_OF)
def test_it_exports_the_generated_quarter_suppressed_and_audited(app, as_user,
                                                                generated_quarter):
    client = as_user("omar")
    rows = _csv(client, quarter="2025Q3", site="TRI", lang="en")
    assert rows[0][0].startswith("TB treatment outcomes: quarterly cohort Q3 2025 (TRI)")
    assert rows[1] == ["Outcomes as known on 2026-10-01"]
    assert rows[2] == HEADER
    assert rows[3:11] == SUPPRESSED
    assert "suppressed" in rows[11][0]
    # The coordinator's page shows the exact table.
    page = as_user("claire").get("/tb/cohort?quarter=2025Q3&site=TRI")
    assert page.status_code == 200
    for line in EXACT:
        assert line[0] in page.text
    assert '<bdi dir="ltr">15</bdi>' in page.text and '<bdi dir="ltr">29</bdi>' in page.text
    # Another site's cohort is empty; the data manager's page hides small counts.
    assert _csv(as_user("omar"), quarter="2025Q3", site="PAN", lang="en")[3][1] == "0"
    hidden = as_user("omar").get("/tb/cohort?quarter=2025Q3&site=TRI")
    assert "&lt;5" in hidden.text and '<bdi dir="ltr">15</bdi>' not in hidden.text
    with app.app_context():
        exports = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "tb_cohort", AuditEvent.action == "export")).all()
        assert [e.details["format"] for e in exports] == ["csv", "csv"]
        assert exports[0].object_id == "2025Q3"


@pytest.mark.time_machine(AS_OF)
def test_it_prints_the_cohort_pdf_in_french_and_arabic(app, as_user, generated_quarter):
    client = as_user("claire")
    answer = client.get("/tb/cohort.pdf?quarter=2025Q3&site=TRI&lang=en")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.data)).pages)
    assert "Q3 2025" in text and "Rifampicin-resistant" in text
    assert "<5" in text and "15" not in text.replace("2026-10-01", "")
    assert "Of which HIV-positive" in text
    for lang in ("fr", "ar"):
        other = client.get(f"/tb/cohort.pdf?quarter=2025Q3&site=TRI&lang={lang}")
        assert other.status_code == 200
        assert len(PdfReader(io.BytesIO(other.data)).pages) >= 1


def test_it_shows_the_cohort_to_coordinators_and_data_managers_only(app, as_user):
    for login in ("charlie", "amina", "sara"):
        assert as_user(login).get("/tb/cohort").status_code == 403
    assert as_user("omar").get("/tb/cohort?quarter=nonsense").status_code == 200
    assert as_user("claire").get("/tb/cohort.csv?quarter=2025Q3").status_code == 200
