"""Blind-index search against decrypt-and-scan, at 10,000 and 100,000 people."""

from __future__ import annotations

import random

from sqlalchemy import select

from bench.common import Row, bulk_people, make_app, spread, timed, workdir
from caseflow.crypto import find_person_ids
from caseflow.crypto.search import _name_score, parse_query
from caseflow.extensions import db
from caseflow.models import Person


def scan(query: str) -> list:
    """The baseline without an index: decrypt every person and score the name."""
    parsed = parse_query(query)
    return [p.id for p in db.session.scalars(select(Person))
            if _name_score(parsed.name_parts, p) >= 0.5]


def run(quick: bool = False, sizes: tuple[int, ...] = (10_000, 100_000)) -> list[Row]:
    if quick:
        sizes = (2_000, 10_000)
    rows = []
    for n in sizes:
        app = make_app(workdir(), population=max(n, 1000))
        with app.app_context():
            db.create_all()
            ids = bulk_people(n)
            db.session.remove()
        rng = random.Random(3)
        with app.app_context():
            targets = [db.session.get(Person, i) for i in rng.sample(ids, 20)]
            queries = [f"{p.given_names} {p.family_name}" for p in targets]
            db.session.remove()
        state = {"i": 0}

        def indexed(app=app, queries=queries, state=state):
            with app.app_context():
                q = queries[state["i"] % len(queries)]
                state["i"] += 1
                assert find_person_ids(db.session, q)
                db.session.remove()

        def scanned(app=app, queries=queries):
            with app.app_context():
                assert scan(queries[0])
                db.session.remove()

        idx = timed(indexed, 20)
        base = timed(scanned, 1 if n > 20_000 else 3)
        rows += [
            Row(f"search, {n:,} people", "blind-index search (ms)", spread(idx, 1000, "{:.1f}"),
                "< 20 ms", "met" if idx[0] < 0.020 else "missed"),
            Row(f"search, {n:,} people", "decrypt-and-scan (ms)", spread(base, 1000, "{:.0f}")),
            Row(f"search, {n:,} people", "speed-up index / scan", f"{base[0] / idx[0]:.0f}x",
                "≥ 100x at 100,000" if n >= 100_000 else "report",
                ("met" if base[0] / idx[0] >= 100 else "missed") if n >= 100_000 else ""),
        ]
    return rows
