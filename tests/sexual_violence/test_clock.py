"""The clock at its boundaries: 71 h 59 and 72 h are within 72 hours (PEP's window), 120 h
is still within 5 days (ulipristal, copper IUD), 121 h is beyond; a date without its hour
counts the shortest delay the date allows; the band is stored in clear, the date is not."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from caseflow.extensions import db
from caseflow.models.sexual_violence import Delay
from caseflow.services.sexual_violence import clock, consultations
from tests.sexual_violence.conftest import CONSULTED, NOW, consultation_input
from tests.support.records import person, user

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(("before", "band"), [
    (timedelta(hours=71, minutes=59), Delay.WITHIN_72H),
    (timedelta(hours=72), Delay.WITHIN_72H),
    (timedelta(hours=72, minutes=1), Delay.FROM_72H_TO_120H),
    (timedelta(hours=120), Delay.FROM_72H_TO_120H),
    (timedelta(hours=121), Delay.OVER_120H),
    (timedelta(0), Delay.WITHIN_72H),
])
def test_it_puts_each_delay_in_its_band(before, band):
    assault = CONSULTED - before
    got, hours = clock.delay_of(CONSULTED, PARIS, assault.date(), assault.time(), None)
    assert got == band and hours == pytest.approx(before.total_seconds() / 3600)


def test_it_counts_a_date_without_its_hour_from_the_end_of_that_day():
    # Assault "on 6 March", consultation 9 March 10:00: at least 58 hours (from midnight).
    band, hours = clock.delay_of(CONSULTED, PARIS, date(2026, 3, 6), None, None)
    assert band == Delay.WITHIN_72H and hours == 58
    band, _ = clock.delay_of(CONSULTED, PARIS, date(2026, 3, 5), None, None)
    assert band == Delay.FROM_72H_TO_120H  # 82 hours at least


def test_it_counts_real_hours_across_a_change_of_clock():
    # Paris moves to summer time on 29 March 2026: 72 local hours are 71 real ones.
    consulted = datetime(2026, 3, 31, 10, 0)
    band, hours = clock.delay_of(consulted, PARIS, date(2026, 3, 28), time(10, 0), None)
    assert hours == 71 and band == Delay.WITHIN_72H


def test_it_takes_the_approximate_answer_when_there_is_no_date():
    assert clock.delay_of(CONSULTED, PARIS, None, None, Delay.FROM_72H_TO_120H)[0] == \
        Delay.FROM_72H_TO_120H
    assert clock.delay_of(CONSULTED, PARIS, None, None, None)[0] == Delay.UNKNOWN


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize(("hours", "band"), [(71.98, "within_72h"), (72, "within_72h"),
                                             (120, "from_72h_to_120h"), (121, "over_120h")])
def test_it_stores_the_band_in_clear_and_the_assault_encrypted(app, mariam, hours, band):
    assault = CONSULTED - timedelta(hours=hours)
    with app.app_context():
        consultations.create(user("amina"), person(mariam), consultation_input(
            assault_on=assault.date(), assault_time=assault.time().replace(second=0,
                                                                           microsecond=0)))
        raw = db.session.execute(text("SELECT * FROM sv_consultation")).mappings().one()
        assert raw["delay"] == band
        assert raw["assault_approx"] is None
        blob = b"".join(bytes(v) for v in raw.values() if isinstance(v, bytes | memoryview))
        assert assault.date().isoformat().encode() not in blob
