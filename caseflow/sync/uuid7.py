"""UUIDv7 (RFC 9562, section 5.7): the ids of sync operations, unique and time-ordered.

Layout: 48 bits of Unix time in milliseconds | version 7 (4 bits) | rand_a (12 bits) |
variant 0b10 (2 bits) | rand_b (62 bits).

Ordering is what the operation log relies on: on one device, each id is greater than the
one before, whatever the clock does. RFC 9562 section 6.2, method 1 ("fixed bit-length
dedicated counter"): rand_a is a counter, started at a random value in its lower half
each new millisecond (room for at least 2,048 ids in one millisecond); when the
millisecond repeats, or the clock went back (a clock set back by hand, an NTP step, a
box's battery-less clock starting in 1970), the previous timestamp is kept and the
counter is incremented; when the counter overflows, the timestamp is advanced by one
millisecond. Across the processes of one device and its restarts, the recorder starts
each transaction's ids after the device's greatest stored id (``continue_after``).
The timestamp in an id is therefore "at least the device's clock", never
a reason to trust it: central orders what it receives by arrival, not by these clocks.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_COUNTER_MAX = 0xFFF


def _parts(ms: int, counter: int, rand_b: int) -> uuid.UUID:
    value = (ms & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76
    value |= (counter & _COUNTER_MAX) << 64
    value |= 0b10 << 62
    value |= rand_b & ((1 << 62) - 1)
    return uuid.UUID(int=value)


class Generator:
    """The state of one device's sequence: the last millisecond used and its counter."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = -1
        self._counter = 0

    def __call__(self) -> uuid.UUID:
        now_ms = time.time_ns() // 1_000_000
        rand = int.from_bytes(os.urandom(10), "big")
        with self._lock:
            if now_ms > self._last_ms:
                self._last_ms = now_ms
                self._counter = (rand >> 62) & 0x7FF  # lower half: room to count up
            else:  # the same millisecond, or the clock went back: keep the order
                self._counter += 1
                if self._counter > _COUNTER_MAX:
                    self._last_ms += 1
                    self._counter = 0
            return _parts(self._last_ms, self._counter, rand)

    def after(self, floor: uuid.UUID | None) -> None:
        """Make every next id greater than ``floor`` (the device's last stored id).

        The state above lives in one process; a device runs several (web workers, commands)
        and restarts, with a clock that may have been set back meanwhile. Called with the
        greatest id already stored for the device, inside the transaction that will store
        the next ones, it keeps the device's order across processes and restarts."""
        if floor is None:
            return
        ms, counter = floor.int >> 80, (floor.int >> 64) & _COUNTER_MAX
        with self._lock:
            if (ms, counter) > (self._last_ms, self._counter):
                self._last_ms, self._counter = ms, counter


_process = Generator()


def uuid7() -> uuid.UUID:
    """A new UUIDv7, greater than every one this process made before."""
    return _process()


def continue_after(floor: uuid.UUID | None) -> None:
    """This process's next ids come after ``floor`` (see ``Generator.after``)."""
    _process.after(floor)


def timestamp_ms(value: uuid.UUID) -> int:
    """The 48-bit millisecond timestamp of a UUIDv7."""
    return value.int >> 80


def lowest_at(ms: int) -> uuid.UUID:
    """The smallest UUIDv7 of millisecond ``ms`` (a bound for range queries)."""
    return _parts(max(ms, 0), 0, 0)
