"""The WHO quarterly TB treatment-outcome cohort: pure computation, no database.

A cohort is the cases registered (treatment started) in one quarter; their outcomes
are read as known at the report date (WHO: reported twelve months after the quarter).
Rows by case type, as in the WHO form:

    new & relapse, bacteriologically confirmed pulmonary
    new & relapse, clinically diagnosed pulmonary
    new & relapse, extrapulmonary
    previously treated (excluding relapse)
    rifampicin-resistant / MDR (any history: a separate cohort)

Columns: registered, cured, completed, failed, died, lost to follow-up, not evaluated,
treatment success % ((cured + completed) / registered).

Each registered case has exactly one outcome column, so a row's outcomes add up to
its registered count: the outcome recorded by the clinician by the report date;
without one, "lost to follow-up" when treatment has been interrupted for two
consecutive months or more at the report date (from the last observed dose, WHO's
definition, not a programme's threshold) DURING treatment, that is before the observed
doses reached the planned end of the regimen; otherwise "not evaluated" (WHO: without
the clinician's outcome, a course taken to its end is not a loss).

One more row outside that sum, as on the WHO form: "of which HIV-positive", the
registered HIV-positive cases of every case type and their outcomes.

People diagnosed in the quarter who never started treatment are not lost: they are
counted on a line of their own ("diagnosed, treatment not started").

Small counts are hidden in exports with the indicators' own suppression
(reports.protection: "<5" and the complements "x"), the table read as one figure:
rows = case types, the total = registered, the one group = the outcomes; the
HIV-positive row, which overlaps the others, is protected as a figure of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from caseflow.reports.protection import ALL, TOTAL, Grid, Kind, protect

INTERRUPTION_MONTHS = 2  # WHO: two consecutive months or more
# The planned length of a course, in months, by regimen. The episode records no length
# of its own: 6 months for drug-susceptible TB (2HRZE/4HR); 6 for the drug-resistant
# regimen too, WHO's shortest (BPaLM), so that a course that may have reached its end
# is never turned into "lost" by the computation (the clinician records the outcome).
PLANNED_MONTHS = {"drug_susceptible": 6, "drug_resistant": 6}
DEFAULT_PLANNED_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), the month's last day when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")

NEW_BC_PULMONARY = "new_bc_pulmonary"
NEW_CD_PULMONARY = "new_cd_pulmonary"
NEW_EXTRAPULMONARY = "new_extrapulmonary"
PREVIOUSLY_TREATED = "previously_treated"
RR_MDR = "rr_mdr"
HIV_POSITIVE = "hiv_positive"
CASE_TYPES = (NEW_BC_PULMONARY, NEW_CD_PULMONARY, NEW_EXTRAPULMONARY, PREVIOUSLY_TREATED,
              RR_MDR)
CASE_TYPE_LABELS = {
    NEW_BC_PULMONARY: _l("New and relapse: bacteriologically confirmed pulmonary"),
    NEW_CD_PULMONARY: _l("New and relapse: clinically diagnosed pulmonary"),
    NEW_EXTRAPULMONARY: _l("New and relapse: extrapulmonary"),
    PREVIOUSLY_TREATED: _l("Previously treated (excluding relapse)"),
    RR_MDR: _l("Rifampicin-resistant / MDR-TB"),
}
ALL_CASES = _l("All cases")
HIV_POSITIVE_LABEL = _l("Of which HIV-positive (all case types)")
NOT_STARTED = _l("Diagnosed, treatment not started")

OUTCOMES = ("cured", "completed", "failed", "died", "lost", "not_evaluated")
COLUMN_LABELS = {
    "registered": _l("Registered"),
    "cured": _l("Cured"),
    "completed": _l("Treatment completed"),
    "failed": _l("Treatment failed"),
    "died": _l("Died"),
    "lost": _l("Lost to follow-up"),
    "not_evaluated": _l("Not evaluated"),
    "success": _l("Treatment success (%)"),
}
COLUMNS = ("registered", *OUTCOMES, "success")
GROUP = "outcome"
NEW_OR_RELAPSE = frozenset({"new", "relapse"})


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1..4

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The day after the quarter's last day."""
        return add_months(self.start, 3)

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day < self.end

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str | None) -> Quarter | None:
        match = re.fullmatch(r"(\d{4})-?Q([1-4])", (text or "").strip().upper())
        if not match or not 2000 <= int(match[1]) <= 2100:
            return None
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def reported(cls, today: date) -> Quarter:
        """The quarter whose outcomes are due: the one twelve months before today's."""
        return cls.of(add_months(today, -12))


@dataclass(frozen=True)
class CohortCase:
    """What the cohort reads of one episode: coded values only, no person."""

    site_id: int
    diagnosed_on: date | None
    treatment_started_on: date | None
    basis: str | None  # "bacteriological" | "clinical"
    disease_site: str | None  # "pulmonary" | "extrapulmonary"
    history: str | None  # "new", "relapse", "after_failure", ...
    rifampicin_resistant: bool
    outcome: str | None
    outcome_on: date | None
    last_dose_on: date | None
    regimen: str | None = None  # "drug_susceptible" | "drug_resistant"
    hiv: str | None = None  # "positive" | "negative" | "unknown"


def interrupted(started_on: date | None, last_dose_on: date | None, today: date) -> bool:
    """Treatment interrupted for two consecutive months or more at `today`: no observed
    dose for two months since the last one (or since the start, with none)."""
    if started_on is None:
        return False
    last = max(d for d in (started_on, last_dose_on) if d is not None)
    return add_months(last, INTERRUPTION_MONTHS) <= today


def course_ran_to_end(started_on: date | None, last_dose_on: date | None,
                      regimen: str | None) -> bool:
    """The observed doses reached the last day of the planned course (the day before
    start + planned months): an interruption after it is not a loss."""
    if started_on is None or last_dose_on is None:
        return False
    months = PLANNED_MONTHS.get(regimen or "", DEFAULT_PLANNED_MONTHS)
    return last_dose_on + timedelta(days=1) >= add_months(started_on, months)


def lost_by_interruption(started_on: date | None, last_dose_on: date | None,
                         regimen: str | None, today: date) -> bool:
    """WHO's lost to follow-up, computed: interrupted two months or more during
    treatment (before the planned end)."""
    return (interrupted(started_on, last_dose_on, today)
            and not course_ran_to_end(started_on, last_dose_on, regimen))


def case_type(case: CohortCase) -> str | None:
    """The cohort row of a case; None when the diagnosis is incomplete."""
    if case.rifampicin_resistant:
        return RR_MDR
    if case.history is None or case.disease_site is None:
        return None
    if case.history not in NEW_OR_RELAPSE:
        return PREVIOUSLY_TREATED
    if case.disease_site == "extrapulmonary":
        return NEW_EXTRAPULMONARY
    if case.basis == "bacteriological":
        return NEW_BC_PULMONARY
    return NEW_CD_PULMONARY if case.basis == "clinical" else None


def outcome_at(case: CohortCase, as_of: date) -> str:
    """The case's outcome as known at the report date (module docstring)."""
    if case.outcome and case.outcome_on is not None and case.outcome_on <= as_of:
        return case.outcome
    if lost_by_interruption(case.treatment_started_on, case.last_dose_on, case.regimen,
                            as_of):
        return "lost"
    return "not_evaluated"


@dataclass
class Cohort:
    quarter: Quarter
    as_of: date
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # row -> column -> n
    not_started: int = 0
    unclassified: int = 0  # treatment started without a complete diagnosis
    hiv: dict[str, int] = field(  # the HIV-positive registered cases, all case types
        default_factory=lambda: dict.fromkeys(("registered", *OUTCOMES), 0))

    def row(self, key: str) -> dict[str, int]:
        return self.counts[key]

    @property
    def total(self) -> dict[str, int]:
        return {c: sum(self.counts[r][c] for r in CASE_TYPES) for c in ("registered", *OUTCOMES)}


def compute(cases: list[CohortCase], quarter: Quarter, as_of: date) -> Cohort:
    """The cohort of `quarter` as known on `as_of`."""
    cohort = Cohort(quarter, as_of,
                    {r: dict.fromkeys(("registered", *OUTCOMES), 0) for r in CASE_TYPES})
    for case in cases:
        started = case.treatment_started_on
        if started is None or started > as_of:
            if case.diagnosed_on in quarter and case.basis is not None:
                cohort.not_started += 1
            continue
        if started not in quarter:
            continue
        row = case_type(case)
        if row is None:
            cohort.unclassified += 1
            continue
        outcome = outcome_at(case, as_of)
        cohort.counts[row]["registered"] += 1
        cohort.counts[row][outcome] += 1
        if case.hiv == "positive":
            cohort.hiv["registered"] += 1
            cohort.hiv[outcome] += 1
    return cohort


def success(counts: dict[str, int]) -> int | None:
    """Treatment success, in whole percent; None without registered cases."""
    if not counts["registered"]:
        return None
    return round(100 * (counts["cured"] + counts["completed"]) / counts["registered"])


def _hidden(counts: dict[str, dict[str, int]], rows: list[str], limit: int) -> dict:
    """The cells protect() hides in one figure: `rows` (ALL first when split), their
    registered totals and their outcomes."""
    values = {}
    for r in rows:
        values[(TOTAL, r)] = counts[r]["registered"]
        for o in OUTCOMES:
            values[(GROUP, r, o)] = counts[r][o]
    return protect(Grid(rows, {GROUP: list(OUTCOMES)}, values), limit).hidden


def table(cohort: Cohort, *, suppressed: bool, limit: int = 5) -> list[tuple[str, list[str]]]:
    """(row key, cells) for every case type, then "all", "of which HIV-positive" and
    "not started": the cells in COLUMNS order as text. Suppressed: counts 1..limit-1
    read "<limit", their complements "x" (reports.protection), and a success rate whose
    parts are hidden reads "x". The HIV-positive row overlaps the case types: it is
    protected as a figure of its own."""
    counts = {**cohort.counts, ALL: cohort.total, HIV_POSITIVE: cohort.hiv}
    hidden: dict = {}
    if suppressed:
        hidden = _hidden(counts, [ALL, *CASE_TYPES], limit)
        hidden.update(_hidden(counts, [HIV_POSITIVE], limit))

    def text(cell, n: int) -> str:
        kind = hidden.get(cell)
        if kind is None:
            return str(n)
        return f"<{limit}" if kind is Kind.PRIMARY else "x"

    out = []
    for r in (*CASE_TYPES, ALL, HIV_POSITIVE):
        c = counts[r]
        cells = [text((TOTAL, r), c["registered"])]
        cells += [text((GROUP, r, o), c[o]) for o in OUTCOMES]
        needed = [(TOTAL, r), (GROUP, r, "cured"), (GROUP, r, "completed")]
        rate = success(c)
        if rate is None:
            cells.append("—")
        elif any(cell in hidden for cell in needed):
            cells.append("x")
        else:
            cells.append(str(rate))
        out.append((r, cells))
    n = cohort.not_started
    out.append(("not_started", [f"<{limit}" if suppressed and 0 < n < limit else str(n)]
                + [""] * (len(COLUMNS) - 1)))
    return out


def row_label(key: str):
    if key == ALL:
        return ALL_CASES
    if key == "not_started":
        return NOT_STARTED
    if key == HIV_POSITIVE:
        return HIV_POSITIVE_LABEL
    return CASE_TYPE_LABELS[key]
