"""Rotation of N data keys to a new KEK version (rewrap only, batches of 1,000)."""

from __future__ import annotations

import time

from bench.common import Row, bulk_people, make_app, workdir
from caseflow.crypto import kek_usage, rotate_keks
from caseflow.extensions import db


def run(quick: bool = False) -> list[Row]:
    n = 10_000 if quick else 100_000
    app = make_app(workdir(), population=n)
    with app.app_context():
        db.create_all()
        bulk_people(n)
        db.session.remove()
    with app.app_context():
        start = time.perf_counter()
        report = rotate_keks(db.session, batch_size=1000)
        elapsed = time.perf_counter() - start
        assert report.rewrapped == n and kek_usage(db.session) == {2: n}
        db.session.remove()
    return [Row(f"rotation, {n:,} DEKs", "rotate-keys, SQLite (s)", f"{elapsed:.2f}",
                "< 30 s" if n >= 100_000 else "report",
                ("met" if elapsed < 30 else "missed") if n >= 100_000 else "")]
