"""`--today` moves the whole run (tests/clock.py): the tests, the application, and the
tests that set their own clock, which still win while they travel."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.clock import end_of_next_month

INNER = '''
from datetime import UTC, date, datetime, timedelta
import time

import pytest
import time_machine

from caseflow.models.base import utcnow


def test_it_sees_the_moved_day():
    assert date.today() == date(2027, 1, 31)
    assert datetime.now(UTC).strftime("%H:%M") in ("23:30", "23:31")


def test_it_moves_the_application_clock_too():
    assert utcnow().date() == date(2027, 1, 31)


def test_it_lets_time_flow():
    first = time.time()
    time.sleep(0.05)
    assert time.time() - first >= 0.05


def test_it_lets_a_test_set_its_own_clock_and_returns_to_the_run_instant():
    with time_machine.travel(datetime(2026, 3, 18, 9, 0, tzinfo=UTC)):
        assert date.today() == date(2026, 3, 18)
        with time_machine.travel(timedelta(days=1)):
            assert date.today() == date(2026, 3, 19)
        assert date.today() == date(2026, 3, 18)
    assert date.today() == date(2027, 1, 31)


@pytest.mark.time_machine(datetime(2026, 3, 18, 9, 0, tzinfo=UTC))
def test_it_honours_the_marker():
    assert date.today() == date(2026, 3, 18)


def test_it_is_back_at_the_run_instant_after_a_marked_test():
    assert date.today() == date(2027, 1, 31)
'''


@pytest.fixture
def inner(pytester):
    pytester.makepyfile(test_inner=INNER)
    return pytester


def test_it_moves_the_whole_run_to_the_given_instant(inner):
    result = inner.runpytest("-p", "tests.clock", "-p", "no:cacheprovider",
                             "--today=2027-01-31T23:30")
    result.stdout.fnmatch_lines(["clock: moved to 2027-01-31T23:30 UTC (--today), ticking"])
    result.assert_outcomes(passed=6)


def test_it_names_the_real_instant_when_the_clock_is_not_moved(inner):
    inner.makepyfile(test_inner="def test_nothing():\n    pass\n")
    result = inner.runpytest("-p", "tests.clock", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["clock: real time, * UTC (rerun a failure at this instant "
                                 "with --today=*)"])


@pytest.mark.parametrize("text", ["31/01/2027", "2027-01-31", ""])
def test_it_refuses_an_instant_it_cannot_read(inner, text):
    result = inner.runpytest("-p", "tests.clock", "-p", "no:cacheprovider", f"--today={text}")
    result.stderr.fnmatch_lines(["*--today expects a UTC instant as YYYY-MM-DDTHH:MM*"])
    assert result.ret != 0


@pytest.mark.parametrize("today", [date(2026, 12, 6), date(2026, 11, 30), date(2027, 1, 1),
                                   date(2027, 12, 15), date(2027, 6, 2)])
def test_it_runs_the_postgresql_half_when_paris_and_tripoli_are_already_in_the_next_month(
        today):
    instant = end_of_next_month(today)
    next_month = (today.month % 12) + 1
    assert instant.month == next_month and instant.strftime("%H:%M") == "23:30"
    for zone in ("Europe/Paris", "Africa/Tripoli"):
        local = instant.astimezone(ZoneInfo(zone))
        assert local.day == 1 and local.month == next_month % 12 + 1
    assert instant.astimezone(UTC).month == next_month
    assert instant > datetime.combine(today, datetime.min.time(), UTC)
