"""The figures before issue 22 (speed near the floor), written beside today's by bench/run.py.

Why a table here: a figure means little without the one it replaces, and the machine
varies run to run; `make bench` prints both in the same table. The HTTP, dashboard,
write, certificate and rotation figures are those of docs/BENCHMARKS.md as of commit
d28d5a0 and ce155d8 (2026-11-27, this 2-core machine, 100,041 people and 1,000,213
notes); the in-process ones were measured on 2026-12-07 at commit 2a67da9, on 20,042
generated people (`python -m bench.pages FOLDER`), before any change of issue 22, and so
were the certificate figures (later issues had made an issue slower since 2026-11-27).

The writes, certificates and rotation must not be more than 10 % slower than before
(issue 22): `annotate` gives those rows their verdict from the number they carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SINCE = "before issue 22"
TOLERANCE = 0.10


@dataclass(frozen=True)
class Before:
    benchmark: str  # the start of the row's benchmark
    measure: str  # the start of the row's measure
    text: str  # what is written in the baseline column
    value: float | None = None  # for a "no slower than" check
    higher_is_better: bool = False


BEFORE = [
    Before("in-process, SQLite", "person page", "33.2 ms, 19.1x sign-in (31 entries, "
           "48 statements; 20,042 people)"),
    Before("in-process, SQLite", "search", "45.5 ms, 26.2x sign-in (19 statements; "
           "20,042 people)"),
    Before("in-process, SQLite", "sign-in page", "1.7 ms (20,042 people)"),
    Before("HTTP, SQLite", "person page", "27 req/s, 0.5% of bare Flask; p99 3767 ms"),
    Before("HTTP, PostgreSQL", "person page", "35 req/s, 0.7% of bare Flask; p99 698 ms"),
    Before("HTTP, SQLite", "search", "p95 2135 ms (13 req/s)"),
    Before("HTTP, PostgreSQL", "search", "p95 2925 ms (6 req/s)"),
    Before("HTTP, SQLite", "sign-in page", "631 req/s, 13.4% of bare Flask"),
    Before("HTTP, PostgreSQL", "sign-in page", "548 req/s, 11.4% of bare Flask"),
    Before("HTTP, SQLite", "gunicorn log", "66 tracebacks"),
    Before("indicators, SQLite", "full monthly dashboard", "2215 ms (closed month 2026-10)"),
    Before("indicators, PostgreSQL", "full monthly dashboard",
           "2219 ms (closed month 2026-10)"),
    Before("indicators, SQLite", "current month", "about as long as a closed month "
           "(2215 ms): nothing was kept between requests"),
    Before("indicators, PostgreSQL", "current month", "about as long as a closed month "
           "(2219 ms): nothing was kept between requests"),
    Before("write load, SQLite", "notes recorded per second", "40.3 notes/s", 40.3, True),
    Before("write load, PostgreSQL", "notes recorded per second", "44.5 notes/s", 44.5, True),
    # Measured at 2a67da9 (python bench/run.py --quick --only certificates, 2026-12-07):
    # 48.2 and 51.2 ms on 2026-11-27, before the seal's structural checks of later issues.
    Before("certificate", "issue: render, sign", "64.5 ms (48.2 on 2026-11-27)", 64.5),
    Before("certificate", "issue + download (ms)", "67.2 ms (51.2 on 2026-11-27)", 67.2),
    Before("certificate", "issue part: seal: QR code", "21.0 ms (reportlab's encoder)"),
    Before("rotation, 100,000 DEKs", "rotate-keys", "11.33 s", 11.33),
]


def _number(text: str) -> float | None:
    match = re.match(r"\s*([\d,]+(?:\.\d+)?)", text)
    return float(match.group(1).replace(",", "")) if match else None


def annotate(rows: list) -> list:
    """Each row with its figure before issue 22; the rows that must not regress get a
    verdict (met within 10 %, else missed by how much)."""
    for row in rows:
        before = next((b for b in BEFORE if row.benchmark.startswith(b.benchmark)
                       and row.measure.startswith(b.measure)), None)
        if before is None:
            continue
        row.baseline = before.text
        now = _number(row.value)
        if before.value is None or now is None:
            continue
        change = (before.value - now) / before.value if before.higher_is_better \
            else (now - before.value) / before.value
        goal = f"no more than {TOLERANCE:.0%} slower than {SINCE}"
        row.target = goal if row.target in ("", "report") else f"{row.target}; {goal}"
        verdict = ("met" if change <= TOLERANCE
                   else f"missed: {change:.0%} slower than {SINCE}")
        # A row with its own target (rotation: < 30 s) keeps that verdict beside this one.
        row.verdict = f"{row.verdict}; {verdict}" if row.verdict else verdict
    return rows
