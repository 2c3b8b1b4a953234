"""UUIDv7 ids: unique, ordered on one device whatever its clock does, RFC 9562 bits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import time_machine

from caseflow.sync.uuid7 import Generator, lowest_at, timestamp_ms, uuid7


def test_it_makes_100k_distinct_ids_in_increasing_order():
    ids = [uuid7() for _ in range(100_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


def test_it_sets_the_version_and_variant_bits():
    value = uuid7()
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert str(value)[14] == "7"


def test_it_carries_the_millisecond_of_the_clock():
    uuid7 = Generator()  # a device that made no id before
    with time_machine.travel(datetime(2026, 12, 7, 9, 30, tzinfo=UTC), tick=False):
        value = uuid7()
    assert timestamp_ms(value) == int(datetime(2026, 12, 7, 9, 30, tzinfo=UTC).timestamp()
                                      * 1000)


def test_it_stays_ordered_when_the_clock_goes_back():
    start = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    uuid7 = Generator()
    ids = []
    with time_machine.travel(start, tick=False) as traveller:
        ids += [uuid7() for _ in range(10)]
        traveller.move_to(start - timedelta(hours=3))  # a clock set back by hand
        ids += [uuid7() for _ in range(10)]
        traveller.move_to(start - timedelta(days=20000))  # a clock that restarted in 1970
        ids += [uuid7() for _ in range(10)]
        traveller.move_to(start + timedelta(seconds=1))
        ids += [uuid7() for _ in range(10)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    # Back on time, the ids carry the clock again.
    assert timestamp_ms(ids[-1]) == int((start + timedelta(seconds=1)).timestamp() * 1000)


def test_it_stays_ordered_beyond_4096_ids_in_one_millisecond():
    with time_machine.travel(datetime(2026, 12, 7, 9, 30, tzinfo=UTC), tick=False):
        ids = [uuid7() for _ in range(10_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_it_gives_the_lowest_id_of_a_millisecond_as_a_bound():
    value = uuid7()
    assert lowest_at(timestamp_ms(value)) <= value
    assert lowest_at(timestamp_ms(value) + 1) > value


def test_it_continues_after_a_floor_from_another_process():
    ahead = Generator()
    with time_machine.travel(datetime(2026, 12, 7, 9, 30, tzinfo=UTC), tick=False):
        floor = ahead()
    restarted = Generator()  # a new process, its clock a day behind
    with time_machine.travel(datetime(2026, 12, 6, 9, 30, tzinfo=UTC), tick=False):
        restarted.after(floor)
        ids = [restarted() for _ in range(5000)]
    assert all(i > floor for i in ids) and ids == sorted(ids)
