"""The catch-up schedules: when the next dose of a series is due, from the doses recorded.

The table is the catch-up of adolescents and adults who are not (or not knowingly)
vaccinated, as the programmes meet them (unaccompanied minors of 15 to 18, adults):

| series                  | doses | after the previous dose               | source      |
|-------------------------|------:|---------------------------------------|-------------|
| tetanus, diphtheria     |     3 | 2 months, then 6 months (M0, M2, M8)  | [1] [3] [2] |
| poliomyelitis           |     3 | 2 months, then 6 months (with dT)     | [1] [3] [2] |
| hepatitis B             |     3 | 1 month, then 5 months (M0, M1, M6)   | [1] [2] [4] |
| measles, mumps, rubella |     2 | 1 month at least                      | [1] [2] [5] |
| HPV (from 15 years)     |     3 | 2 months, then 4 months (M0, M2, M6)  | [1]         |
| meningococcus B         |     2 | 1 month                               | [1]         |
| single dose             |     1 | ACWY, C, pneumococcus, yellow fever, BCG | [1] [2]  |

The intervals are those of the French catch-up table; each is at least WHO's minimum
interval (4 weeks between the first two doses of Td, polio, hepatitis B and MMR; 6 months
before the third Td dose), so that the same dates suit the Libyan sites.

COVID-19 and "other" vaccines have no series computed: their schedule follows the
campaign of the day or the product, and the clinician plans them.

[1] Calendrier des vaccinations et recommandations vaccinales, ministère chargé de la santé
    (France), catch-up ("rattrapage") tables for adolescents and adults.
[2] WHO position papers: tetanus (2017), diphtheria (2017), hepatitis B (2017), measles
    (2017), rubella (2020), poliomyelitis (2022), HPV (2022), and WHO's summary tables
    of routine immunization (recommendations for interrupted or delayed immunization).
[3] HAS, « Rattrapage vaccinal en situation de statut vaccinal incomplet, inconnu ou
    incomplètement connu — en population générale et chez les migrants primo-arrivants »,
    recommandation, 2019: a person whose status is unknown is treated as unvaccinated;
    dTcaP-Polio then dT-Polio at M0, M2, M8-M12.
[4] The same HAS recommendation: hepatitis B at M0, M1, M6 after serology.
[5] The same: MMR, two doses one month apart at least, for people born from 1980.

What this table does not do: boosters after a completed series (dT at 25, 45, 65 years
in France), the childhood schedule under 11 years, accelerated schedules (hepatitis B at
D0, D7, D21 + M12), contra-indications (pregnancy and live vaccines, immunosuppression),
serology-guided decisions, the two-dose hepatitis B schedule of adolescents of 11 to 15
and the two-dose HPV schedule before 15 years. The due date is a suggestion for the clinician, who
decides; docs/CLINICAL_VOCABULARIES.md says the same for the teams.

The count: the highest dose number recorded in a series (a declared "third dose" says
the person had three) tells how far the series went; the latest day a dose of it was given
is the start of the next interval. Doses entered in error do not count.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from caseflow.models.vaccination import VaccinationDose
from caseflow.models.vaccines import Series

# Months after the previous dose, one entry per dose after the first.
CATCH_UP: dict[Series, tuple[int, ...]] = {
    Series.TETANUS_DIPHTHERIA: (2, 6),
    Series.POLIO: (2, 6),
    Series.HEPATITIS_B: (1, 5),
    Series.MMR: (1,),
    Series.HPV: (2, 4),
    Series.MENINGOCOCCAL_B: (1,),
    Series.MENINGOCOCCAL_ACWY: (),
    Series.MENINGOCOCCAL_C: (),
    Series.PNEUMOCOCCAL: (),
    Series.YELLOW_FEVER: (),
    Series.BCG: (),
}


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter: 31 Jan + 1
    month is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def doses_in_series(total_intervals: tuple[int, ...]) -> int:
    return len(total_intervals) + 1


@dataclass
class SeriesState:
    """Where a person is in one series: its doses (newest last) and what comes next."""

    series: Series
    doses: list[VaccinationDose] = field(default_factory=list)
    complete: bool = False
    next_dose: int | None = None  # the number of the next dose, when one is due
    next_due_on: date | None = None
    computed: bool = True  # False for series without a table (COVID-19, other)

    def overdue(self, today: date) -> bool:
        return self.next_due_on is not None and self.next_due_on < today

    def due_now(self, today: date) -> bool:
        return self.next_due_on is not None and self.next_due_on <= today


def next_due(series: Series, doses: Iterable[VaccinationDose]) -> SeriesState:
    """The state of one series from its doses (those in error are left out here)."""
    counted = sorted((d for d in doses if not d.in_error and series in d.vaccine.series),
                     key=lambda d: (d.given_on, d.dose_number))
    state = SeriesState(series, counted)
    intervals = CATCH_UP.get(series)
    if intervals is None:
        state.computed = False
        return state
    if not counted:
        return state
    # A dose's number is its place in its vaccine's first series (a card's "dT 3"); in the
    # other series of a combined vaccine it counts as one dose. So TT, TT then dT-IPV is
    # dose 3 of tetanus but dose 1 of polio, and IPV, IPV then dT-IPV is polio's third.
    numbered = [d.dose_number for d in counted if d.vaccine.series[0] == series]
    reached = max(len(counted), max(numbered, default=0))
    if reached >= doses_in_series(intervals):
        state.complete = True
        return state
    last_day = max(d.given_on for d in counted)
    state.next_dose = reached + 1
    state.next_due_on = add_months(last_day, intervals[reached - 1])
    return state


def person_series(doses: Iterable[VaccinationDose]) -> list[SeriesState]:
    """Every series the person has a dose of (in error included, so that the panel shows
    it struck through), in the order of the Series list."""
    doses = list(doses)
    present = {s for d in doses for s in d.vaccine.series}
    states = []
    for series in Series:
        if series not in present:
            continue
        state = next_due(series, doses)
        state.doses = sorted((d for d in doses if series in d.vaccine.series),
                             key=lambda d: (d.given_on, d.dose_number, d.recorded_at))
        states.append(state)
    return states
