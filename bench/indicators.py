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

from flask import current_app
from sqlalchemy import event, func, select

from bench.common import (
    Row,
    make_app,
    spread,
    timed,
    workdir,
)
from bench.load_client import PG_SERVER, postgresql_database, postgresql_reachable
from caseflow.blueprints.reports import presenters
from caseflow.demo import seed_personas
from caseflow.demo.scale import generate
from caseflow.extensions import db
from caseflow.reports import discipline_sources
from caseflow.reports.definitions import indicators
from caseflow.reports.period import last_month
from caseflow.reports.sources import SOURCES

PG_NAME = "caseflow_bench_indicators"


def _floor(month) -> None:
    for indicator in indicators():
        for m in (month, month.previous()):
            db.session.scalar(select(func.count()).select_from(
                (SOURCES.get(indicator.code) or discipline_sources.source(indicator.code))(m)
                .subquery()))


def measure_dashboard(repeat: int = 5) -> dict:
    """Inside an app context on prepared data: the dashboard's time, its floor, its SQL
    statements (JSON, so that bench/http_load.py can call it in its instance)."""
    from caseflow.models.note import Note
    from caseflow.models.person import Person

    app = current_app._get_current_object()
    month = last_month()
    queries = {"n": 0}

    def dashboard() -> None:
        with app.test_request_context("/indicators/"):
            page = presenters.dashboard(presenters.Choice(month, "", None, []))
            assert page.rows and page.charts
            db.session.remove()

    def floor() -> None:
        _floor(month)
        db.session.remove()

    def count(*_args) -> None:
        queries["n"] += 1

    dashboard()  # warm the caches as a server would be; then count one run
    event.listen(db.engine, "before_cursor_execute", count)
    dashboard()
    event.remove(db.engine, "before_cursor_execute", count)
    full, base = timed(dashboard, repeat), timed(floor, repeat)
    return {"people": db.session.scalar(select(func.count(Person.id))),
            "notes": db.session.scalar(select(func.count(Note.id))),
            "month": month.key, "dashboard": full, "floor": base, "statements": queries["n"]}


def rows(label: str, result: dict, generation: float | None = None) -> list[Row]:
    name = (f"indicators, {label}, {result['people']:,} people / {result['notes']:,} notes, "
            f"month {result['month']}")
    full, base = result["dashboard"], result["floor"]
    at_size = result["people"] >= 100_000
    out = [] if generation is None else [
        Row(name, "data generation (s)", f"{generation:.0f}", "minutes, not hours",
            "met" if generation < 1800 else "missed")]
    return [
        *out,
        Row(name, "full monthly dashboard (ms)", spread(full, 1000, "{:.0f}"), "< 1000 ms",
            ("met" if full[0] < 1.0 else f"missed by {full[0] - 1:.1f} s") if at_size
            else "not at this size"),
        Row(name, "floor: COUNT(*) of the same rows (ms)", spread(base, 1000, "{:.0f}")),
        Row(name, "ratio dashboard / floor", f"{full[0] / base[0]:.1f}x"),
        Row(name, "SQL statements per dashboard", str(result["statements"])),
    ]


def _measure(label: str, url: str | None, persons: int, notes: int, repeat: int) -> list[Row]:
    app = make_app(workdir(), population=persons, database_url=url)
    with app.app_context():
        db.create_all()
        seed_personas(password_hash="bench-no-login")
        started = time.perf_counter()
        generate(persons, notes, certificates=0)
        generation = time.perf_counter() - started
        db.session.remove()
        return rows(label, measure_dashboard(repeat), generation)


def run(quick: bool = False) -> list[Row]:
    """Standalone (python -m bench.indicators [--quick]): generate, then measure. `make
    bench` measures the dashboard in the data bench/http_load.py generates instead, so
    that a full run generates 100,000 people once per backend, not twice."""
    persons, notes = (5_000, 50_000) if quick else (100_000, 1_000_000)
    repeat = 3 if quick else 5
    out = _measure("SQLite", None, persons, notes, repeat)
    if not postgresql_reachable(PG_SERVER):
        return [*out, Row("indicators, PostgreSQL", "not measured", "no server answered")]
    with postgresql_database(PG_SERVER, PG_NAME) as url:  # dropped WITH (FORCE) at the end
        out += _measure("PostgreSQL", url, persons, notes, repeat)
    return out


if __name__ == "__main__":
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(f"{row.benchmark} | {row.measure} | {row.value} | {row.target} | {row.verdict}")
