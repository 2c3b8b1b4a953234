"""The catch-up table (services/vaccination/schedule.py) read as a clinician would: after
dose 1 of dT the second is due two months later, after the second the third six months
later; hepatitis B at M0, M1, M6; MMR complete after two doses; a combined vaccine counts
for each of its series; a dose entered in error counts for nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from caseflow.models.vaccination import DatePrecision, DoseOrigin, DoseState, VaccinationDose
from caseflow.models.vaccines import Series, Vaccine
from caseflow.services.vaccination.schedule import add_months, next_due, person_series


def dose(vaccine: str, number: int, day: date, *, in_error=False) -> VaccinationDose:
    return VaccinationDose(
        person_id=None, site_id=1, vaccine=Vaccine(vaccine), dose_number=number, given_on=day,
        given_precision=DatePrecision.DAY, origin=DoseOrigin.GIVEN_HERE, recorded_by_id=1,
        recorded_at=datetime(2026, 1, 1),
        state=DoseState.ENTERED_IN_ERROR if in_error else DoseState.RECORDED)


@pytest.mark.parametrize(("doses", "series", "number", "due"), [
    # dT: M0, M2, M8 (HAS 2019, French catch-up table).
    ([("dt", 1, date(2026, 3, 14))], Series.TETANUS_DIPHTHERIA, 2, date(2026, 5, 14)),
    ([("dt", 1, date(2026, 3, 14)), ("dt", 2, date(2026, 5, 20))],
     Series.TETANUS_DIPHTHERIA, 3, date(2026, 11, 20)),
    # Hepatitis B: M0, M1, M6.
    ([("hepb", 1, date(2026, 1, 10))], Series.HEPATITIS_B, 2, date(2026, 2, 10)),
    ([("hepb", 1, date(2026, 1, 10)), ("hepb", 2, date(2026, 2, 10))],
     Series.HEPATITIS_B, 3, date(2026, 7, 10)),
    # MMR: two doses one month apart at least.
    ([("mmr", 1, date(2026, 6, 1))], Series.MMR, 2, date(2026, 7, 1)),
    # A dTcaP-Polio dose counts for polio as well as for tetanus.
    ([("dtap_ipv", 1, date(2026, 3, 14))], Series.POLIO, 2, date(2026, 5, 14)),
    # The short month: 31 December + 2 months is the last day of February.
    ([("dt", 1, date(2025, 12, 31))], Series.TETANUS_DIPHTHERIA, 2, date(2026, 2, 28)),
])
def test_it_computes_the_next_dose_of_a_catch_up_series(doses, series, number, due):
    state = next_due(series, [dose(*d) for d in doses])
    assert (state.next_dose, state.next_due_on, state.complete) == (number, due, False)


def test_it_says_a_series_is_complete_after_its_last_dose():
    state = next_due(Series.MMR, [dose("mmr", 1, date(2026, 1, 5)),
                                  dose("mmr", 2, date(2026, 2, 5))])
    assert state.complete and state.next_due_on is None


def test_it_takes_a_declared_third_dose_as_a_complete_series():
    state = next_due(Series.TETANUS_DIPHTHERIA, [dose("dt", 3, date(2019, 1, 1))])
    assert state.complete and state.next_due_on is None


def test_it_leaves_a_dose_entered_in_error_out_of_the_count():
    doses = [dose("hepb", 1, date(2026, 1, 10)), dose("hepb", 2, date(2026, 2, 10), in_error=True)]
    state = next_due(Series.HEPATITIS_B, doses)
    assert (state.next_dose, state.next_due_on) == (2, date(2026, 2, 10))


def test_it_computes_nothing_for_covid_and_other_vaccines():
    state = next_due(Series.COVID_19, [dose("covid_19", 1, date(2026, 1, 10))])
    assert not state.computed and state.next_due_on is None


def test_it_counts_a_single_dose_vaccine_as_complete():
    assert next_due(Series.YELLOW_FEVER, [dose("yellow_fever", 1, date(2020, 1, 1))]).complete


def test_it_lists_a_combined_vaccine_under_each_of_its_series():
    states = person_series([dose("dtap_ipv_hib_hepb", 1, date(2026, 1, 10))])
    assert [s.series for s in states] == [Series.TETANUS_DIPHTHERIA, Series.POLIO,
                                          Series.HEPATITIS_B]


def test_it_adds_months_to_a_day_as_a_calendar_does():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 2) == date(2027, 1, 15)
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)


def test_it_counts_a_combined_dose_once_in_its_other_series():
    # Two tetanus toxoid doses on a card, then dT-IPV given here (numbered 3 for tetanus):
    # polio has had one dose, not three (review of issue 20).
    doses = [dose("tetanus", 1, date(2025, 1, 10)), dose("tetanus", 2, date(2025, 3, 10)),
             dose("dt_ipv", 3, date(2026, 3, 14))]
    assert next_due(Series.TETANUS_DIPHTHERIA, doses).complete
    polio = next_due(Series.POLIO, doses)
    assert (polio.complete, polio.next_dose, polio.next_due_on) == (
        False, 2, date(2026, 5, 14))


def test_it_counts_a_combined_dose_after_polio_doses_as_the_next_polio_dose():
    doses = [dose("ipv", 1, date(2025, 1, 10)), dose("ipv", 2, date(2025, 3, 10)),
             dose("dt_ipv", 1, date(2026, 3, 14))]
    assert next_due(Series.POLIO, doses).complete
    tetanus = next_due(Series.TETANUS_DIPHTHERIA, doses)
    assert (tetanus.next_dose, tetanus.next_due_on) == (2, date(2026, 5, 14))
