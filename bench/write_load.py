"""Write load through the real server (issue 9): 16 clinicians of one site record notes at
the same time through the note form, under gunicorn, on a SQLite file and on PostgreSQL.

Per backend: a temporary instance folder in production mode (``init``), 16 nurses at
Pantin created with the accounts service (no two-factor: neither their role nor the site
requires it), each with a person of their own; gunicorn with the workers of the read load
(bench/http_load.py, 4 sync workers for 2 cores). Each nurse signs in through the real form,
opens the note form once (its CSRF token and defaults), then submits it again and again
with a new text for 60 s (10 s with --quick), as fast as the answers come: 16 users
without think time. Afterwards: the notes in the database against the notes the server
acknowledged (the redirect to ``#note-<id>``), the 5xx answers, and ``flask verify-audit``.
The database holds only what the load writes (no demo data): a note's INSERT does not
depend on the size of the note table beyond its indexes.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from bench.common import Row, workdir
from bench.http_load import WORKERS
from bench.load_client import (
    PG_SERVER,
    Instance,
    WriteCheck,
    postgresql_database,
    postgresql_reachable,
    run_write_load,
)

USERS = 16
PASSWORD = "bench-load nurses password 2026"
PG_DATABASE = "caseflow_bench_write"


def sqlite_settings() -> dict:
    """What the application's engine sets on its SQLite connections (inside the app)."""
    from caseflow.database import SQLITE_BUSY_TIMEOUT_MS
    from caseflow.extensions import db

    with db.engine.connect() as conn:
        read = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "busy_timeout", "synchronous")}
    read["synchronous"] = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(
        read["synchronous"], read["synchronous"])
    return {**read, "configured_busy_timeout": SQLITE_BUSY_TIMEOUT_MS}


def rows_of(bench: str, check: WriteCheck) -> list[Row]:
    r = check.result
    rate = r.created / r.seconds if r.seconds else 0.0
    others = r.refused + len(r.socket_errors)
    first_other = (r.socket_errors[:1] or
                   [f"{s}: {n}" for s, n in r.statuses.items() if s not in (302,) and s < 500])
    return [
        Row(bench, "notes recorded per second (POST answered 302)",
            f"{rate:.1f} ({r.created:,} notes in {r.seconds:.0f} s; per user "
            f"{min(r.per_writer.values(), default=0)}–{max(r.per_writer.values(), default=0)},"
            f" {r.idle_writers} idle)", "report", ""),
        Row(bench, "POST latency p50 / p95 / p99 (ms)",
            " / ".join(f"{r.percentile(q) * 1000:.0f}" for q in (50, 95, 99)), "report", ""),
        Row(bench, "lost writes (acknowledged, not in the database)", str(check.lost), "0",
            "met" if check.lost == 0 else "missed"),
        Row(bench, "notes in the database / acknowledged",
            f"{check.written:,} / {r.created:,}", "equal",
            "met" if check.written == r.created else
            f"missed: {check.unacknowledged} written without an answer"),
        Row(bench, "5xx answers", str(r.server_errors), "0",
            "met" if r.server_errors == 0 and not check.logged
            else f"missed: {r.server_errors} 5xx, {len(check.logged)} tracebacks logged"),
        Row(bench, "other answers (form refused, 4xx) and socket errors", str(others), "0",
            "met" if others == 0 else f"missed: {first_other[0] if first_other else ''}"),
        Row(bench, "audit chain (flask verify-audit)", check.audit_message[:90], "passes",
            "met" if check.audit_ok else "missed"),
    ]


def _backend(label: str, instance: Instance, folder: Path, seconds: float) -> list[Row]:
    """One backend's rows; a failure becomes a row (and a traceback on stderr)."""
    try:
        return _load_backend(label, instance, folder, seconds)
    except Exception as error:
        traceback.print_exc()
        return [Row(f"write load, {label}, {USERS} users", "run", f"failed: "
                    f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:200]}",
                    "", "missed")]


def _load_backend(label: str, instance: Instance, folder: Path, seconds: float) -> list[Row]:
    instance.flask("init")
    rows = []
    bench = f"write load, {label}, {USERS} users"
    if instance.database_url is None:
        s = instance.call("bench.write_load:sqlite_settings")
        good = s["journal_mode"] == "wal" and s["busy_timeout"] > 0
        rows.append(Row(bench, "SQLite connection settings (caseflow/database.py)",
                        f"journal_mode={s['journal_mode']}, busy_timeout={s['busy_timeout']} ms, "
                        f"synchronous={s['synchronous']}, BEGIN IMMEDIATE", "WAL, busy timeout",
                        "met" if good else "missed"))
    check = run_write_load(instance, folder, USERS, seconds, WORKERS, PASSWORD)
    return rows + rows_of(bench, check)


def run(quick: bool = False) -> list[Row]:
    seconds = 10 if quick else 60
    base = workdir()
    rows = _backend("SQLite", Instance(base / "sqlite" / "instance"), base / "sqlite", seconds)
    if not postgresql_reachable(PG_SERVER):
        return [*rows, Row(f"write load, PostgreSQL, {USERS} users", "all measures",
                           f"PostgreSQL not reachable at {PG_SERVER}", "", "not measured")]
    with postgresql_database(PG_SERVER, PG_DATABASE) as url:
        rows += _backend("PostgreSQL", Instance(base / "postgresql" / "instance", url),
                         base / "postgresql", seconds)
    return rows
