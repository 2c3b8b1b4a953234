"""A reporting month as half-open bounds [start, end).

Months are computed here, in Python, and handed to SQL as plain bounds: date
truncation differs between SQLite and PostgreSQL, bounds compare the same way
on both and use the (site_id, occurred_at) indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None) -> Month | None:
        """A "YYYY-MM" string as a Month, or None when it is not one."""
        match = _MONTH.match((text or "").strip())
        if not match:
            return None
        year, month = int(match.group(1)), int(match.group(2))
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            return None
        return cls(year, month)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        """The first day of the next month (excluded)."""
        return self.next().start

    @property
    def start_at(self) -> datetime:
        return datetime(self.year, self.month, 1)

    @property
    def end_at(self) -> datetime:
        return self.next().start_at

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def last(self, count: int) -> list[Month]:
        """The `count` months ending with this one, oldest first."""
        months = [self]
        while len(months) < count:
            months.append(months[-1].previous())
        return list(reversed(months))

    def __str__(self) -> str:
        return self.key


def last_month(today: date | None = None) -> Month:
    """The default period: the last complete month."""
    return Month.of(today or date.today()).previous()
