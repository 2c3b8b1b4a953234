"""The suite's clock: `pytest --today=YYYY-MM-DDTHH:MM` (UTC) moves the whole run to that instant.

Why: a test that builds its premise from the real date passes on the day it is
written and fails weeks later (issue 14: "a person seen on 3 December" is lost
at the month's end on a 14-day programme when the suite runs on 6 December,
not when it ran on 27 November). The teams work in Paris, Calais and Tripoli,
so the local day is often not the UTC day: late in the evening, and on the
last day of a month, at 23:30 UTC it is already the next day and the next
month there. Dates in a test's premise come from a fixed instant the test sets
(`pytest.mark.time_machine(...)`, `time_machine.travel(...)`); every other test
must pass whatever the date, and this option proves it: `make test` runs the
PostgreSQL half at the last day of next month, 23:30 UTC (`python tests/clock.py`
prints that instant).

How: `time_machine.travel(instant, tick=True)` is started in pytest_configure,
before any test module is imported, and stopped in pytest_unconfigure. It
ticks, so time still flows (session ages, rate-limit windows, TOTP steps,
timeouts). time-machine patches time.time, datetime.now, date.today and the
like at the C level: the application, its threads (the browser tests' live
server) and the tests all see the moved clock; subprocesses, the database
server (the application never asks it for the time) and the browser tests'
Chromium do not. Chromium drops a session cookie whose expiry (12 hours after
the moved clock) is in its past: move the browser tests forward, not back
(`make test` only moves forward).
A test that travels itself goes on top of the run's travel: time-machine keeps
a stack, the innermost travel wins, a `timedelta` destination is relative to
the moved clock, and when the test's travel ends the clock is back at the
run's instant plus the time elapsed since.

The header of every run names the instant, so that a failure can be rerun at
the same moment with `--today`.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

FORMAT = "%Y-%m-%dT%H:%M"

# The instant of tests whose premise needs a "today" (`pytest.mark.time_machine(FIXED_NOW)`):
# a Wednesday in mid-June at 10:00 UTC, noon in Paris, Calais and Tripoli: the same day in
# UTC and at every site, weeks from a month's end and from the clock changes.
FIXED_NOW = datetime(2026, 6, 17, 10, 0, tzinfo=UTC)
_TRAVEL_KEY = pytest.StashKey[time_machine.travel]()
_INSTANT_KEY = pytest.StashKey[datetime]()


def parse_instant(text: str) -> datetime:
    """`2027-01-31T23:30` as an aware UTC datetime; anything else is a usage error."""
    try:
        return datetime.strptime(text.strip(), FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise pytest.UsageError(
            f"--today expects a UTC instant as YYYY-MM-DDTHH:MM, e.g. 2027-01-31T23:30, "
            f"not {text!r}") from None


def end_of_next_month(today: date) -> datetime:
    """23:30 UTC on the last day of the month after `today`'s: a month boundary, and
    already the next day (and month) in Paris and in Tripoli."""
    first_of_next = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    first_after = date(first_of_next.year + first_of_next.month // 12,
                       first_of_next.month % 12 + 1, 1)
    last = first_after - timedelta(days=1)
    return datetime(last.year, last.month, last.day, 23, 30, tzinfo=UTC)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today", metavar="YYYY-MM-DDTHH:MM", default=None,
        help="run the whole suite at this UTC instant (time-machine, ticking); tests that "
             "set their own clock still do")


def pytest_configure(config: pytest.Config) -> None:
    text = config.getoption("--today", default=None)
    if text is None:
        return
    instant = parse_instant(text)
    travel = time_machine.travel(instant, tick=True)
    travel.start()
    config.stash[_TRAVEL_KEY] = travel
    config.stash[_INSTANT_KEY] = instant


def pytest_unconfigure(config: pytest.Config) -> None:
    travel = config.stash.get(_TRAVEL_KEY, None)
    if travel is not None:
        del config.stash[_TRAVEL_KEY]
        travel.stop()


def pytest_report_header(config: pytest.Config) -> str:
    instant = config.stash.get(_INSTANT_KEY, None)
    if instant is not None:
        return f"clock: moved to {instant.strftime(FORMAT)} UTC (--today), ticking"
    now = datetime.now(UTC).strftime(FORMAT)
    return f"clock: real time, {now} UTC (rerun a failure at this instant with --today={now})"


if __name__ == "__main__":
    # Used by the Makefile: the instant of the PostgreSQL half of `make test`.
    sys.stdout.write(end_of_next_month(datetime.now(UTC).date()).strftime(FORMAT) + "\n")
