"""The monthly indicator dashboard over programme-size data, on SQLite and PostgreSQL.

Data: `services/demo_scale.generate` (100,000 people, 1,000,000 notes over three
years), whose duration is reported too (issue 9: "in minutes, not hours").
Measured: what GET /indicators/ computes for every site (19 indicators for the
month and the previous one, and six months of charts), through the presenter
the page uses, in a request context. Baseline in the same run: the floor of
the same work, one COUNT(*) over each indicator's rows for the two months
without any grouping or join (the database reading those rows and nothing
else). Target (issue 8): under 1 s on this machine, on both backends.
"""

from __future__ import annotations

import time

from sqlalchemy import event, func, select

from bench.common import (
    Row,
    drop_pg_database,
    fresh_pg_database,
    make_app,
    spread,
    timed,
    workdir,
)
from caseflow.blueprints.reports import presenters
from caseflow.extensions import db
from caseflow.reports.definitions import INDICATORS
from caseflow.reports.period import last_month
from caseflow.reports.sources import SOURCES
from caseflow.services.demo import seed_personas
from caseflow.services.demo_scale import generate

PG_NAME = "caseflow_bench_indicators"


def _floor(month) -> None:
    for indicator in INDICATORS:
        for m in (month, month.previous()):
            db.session.scalar(select(func.count()).select_from(
                SOURCES[indicator.code](m).subquery()))


def _measure(label: str, url: str | None, persons: int, notes: int, repeat: int) -> list[Row]:
    app = make_app(workdir(), population=persons, database_url=url)
    with app.app_context():
        db.create_all()
        seed_personas(password_hash="bench-no-login")
        started = time.perf_counter()
        summary = generate(persons, notes, certificates=0)
        generation = time.perf_counter() - started
        db.session.remove()
    month = last_month()
    queries = {"n": 0}

    def dashboard() -> None:
        with app.test_request_context("/indicators/"):
            choice = presenters.Choice(month, "", None, [])
            page = presenters.dashboard(choice)
            assert page.rows and page.charts
            db.session.remove()

    def floor() -> None:
        with app.app_context():
            _floor(month)
            db.session.remove()

    with app.app_context():
        engine = db.engine

        def count(*_args) -> None:
            queries["n"] += 1

        dashboard()  # warm the caches as a server would be; then count one run
        event.listen(engine, "before_cursor_execute", count)
        dashboard()
        event.remove(engine, "before_cursor_execute", count)
    full = timed(dashboard, repeat)
    base = timed(floor, repeat)
    name = f"indicators, {label}, {summary.people:,} people / {summary.notes:,} notes"
    target_met = full[0] < 1.0
    return [
        Row(name, "data generation (s)", f"{generation:.0f}", "minutes, not hours",
            "met" if generation < 1800 else "missed"),
        Row(name, "full monthly dashboard (ms)", spread(full, 1000, "{:.0f}"), "< 1000 ms",
            ("met" if target_met else "missed") if persons >= 100_000 else "not at this size"),
        Row(name, "floor: COUNT(*) of the same rows (ms)", spread(base, 1000, "{:.0f}")),
        Row(name, "ratio dashboard / floor", f"{full[0] / base[0]:.1f}x"),
        Row(name, "SQL statements per dashboard", str(queries["n"])),
    ]


def run(quick: bool = False) -> list[Row]:
    persons, notes = (5_000, 50_000) if quick else (100_000, 1_000_000)
    repeat = 3 if quick else 5
    rows = _measure("SQLite", None, persons, notes, repeat)
    url = fresh_pg_database(PG_NAME)
    if url is None:
        return [*rows, Row("indicators, PostgreSQL", "not measured", "no server answered")]
    try:
        rows += _measure("PostgreSQL", url, persons, notes, repeat)
    finally:
        drop_pg_database(PG_NAME)  # WITH (FORCE): the app's pooled connections go too
    return rows
