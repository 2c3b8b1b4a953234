"""Dumping and restoring the database itself: SQLite's backup API, pg_dump and pg_restore.

Why these tools: a copy of a live SQLite file (cp) can catch a transaction
half-written and the WAL beside it; sqlite3's backup API copies a consistent
snapshot while the server keeps running. For PostgreSQL, pg_dump's custom
format is a consistent snapshot (one transaction) that pg_restore can replay
with --clean into an empty or an existing database.

No password ever goes on a command line, where `ps` and shell history show
it: libpq reads it from PGPASSWORD, and host, port, user and TLS settings
from their PG* variables too. Only the database name is passed, as a quoted
conninfo string, because pg_restore needs -d.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import URL

SQLITE_BUSY_TIMEOUT_S = 15
# URL query parameters libpq understands, and the variable that carries each.
LIBPQ_QUERY_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "gssencmode": "PGGSSENCMODE",
    "passfile": "PGPASSFILE",
}
# Variables of the caller's environment that could point a tool at another server.
_CONNECTION_ENV = {"PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE",
                   "PGSERVICE", *LIBPQ_QUERY_ENV.values()}


class DumpError(RuntimeError):
    """pg_dump, pg_restore or SQLite refused; the message is one line, safe to print."""


# --- SQLite ------------------------------------------------------------------------------------


def sqlite_path(url: URL) -> Path:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise DumpError("Only an SQLite database in a file can be backed up or restored.")
    return Path(database)


def sqlite_snapshot(source: Path, target: Path) -> None:
    """A consistent copy of the live database `source` into the new file `target`."""
    if not source.is_file():
        raise DumpError(f"SQLite database {source} does not exist.")
    src = sqlite3.connect(str(source), timeout=SQLITE_BUSY_TIMEOUT_S)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)  # all pages in one step: one read snapshot
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise DumpError(f"SQLite backup failed: {exc}") from None
    finally:
        src.close()


def sqlite_schema_revision(path: Path) -> str | None:
    """The alembic revision(s) recorded in an SQLite file, or None."""
    try:
        conn = sqlite3.connect(str(path))
        try:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError:  # no alembic_version table: not created by migrations
        return None
    return ",".join(sorted(r[0] for r in rows)) or None


def check_sqlite_file(path: Path) -> None:
    """Refuse to install something SQLite itself finds damaged (after decryption)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DumpError(f"The backup does not hold a valid SQLite database ({exc}).") from None
    if not result or result[0] != "ok":
        raise DumpError("The backup's SQLite database fails its integrity check.")


def replace_sqlite_file(restored: Path, target: Path) -> None:
    """Install `restored` as the database `target` in one rename.

    The old file's -wal and -shm go first: SQLite would otherwise replay the old
    database's write-ahead log onto the restored file. The server must be stopped
    (docs/DEPLOY.md); the rename is atomic, so a crash leaves the old or the new
    database, never half of one.
    """
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.chmod(restored, 0o600)
    os.replace(restored, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


# --- PostgreSQL --------------------------------------------------------------------------------


@dataclass
class PgTarget:
    """How a libpq tool reaches the configured database: arguments and environment."""

    dbname: str
    env: dict[str, str] = field(default_factory=dict)

    def conninfo(self) -> str:
        escaped = self.dbname.replace("\\", "\\\\").replace("'", "\\'")
        return f"dbname='{escaped}'"


def pg_target(url: URL, environ: dict[str, str] | None = None) -> PgTarget:
    """PG* variables for `url`, the password in PGPASSWORD only; nothing secret in argv."""
    if not url.database:
        raise DumpError("The PostgreSQL URL names no database.")
    env = {k: v for k, v in (os.environ if environ is None else environ).items()
           if k not in _CONNECTION_ENV}
    for name, value in url.query.items():
        variable = LIBPQ_QUERY_ENV.get(name)
        if variable:
            env[variable] = value if isinstance(value, str) else ",".join(value)
    if url.host:
        env["PGHOST"] = url.host
    if url.port:
        env["PGPORT"] = str(url.port)
    if url.username:
        env["PGUSER"] = url.username
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return PgTarget(url.database, env)


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        # An argument list (no shell), programs from our own configuration.
        result = subprocess.run(command, env=env, capture_output=True, text=True,  # noqa: S603
                                check=False)
    except FileNotFoundError:
        raise DumpError(f"{command[0]} was not found: install the PostgreSQL client tools "
                        "or set PG_DUMP / PG_RESTORE.") from None
    if result.returncode != 0:
        # The tool's last message line (no data rows: we never pass --verbose).
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        detail = lines[-1][:300] if lines else f"exit status {result.returncode}"
        raise DumpError(f"{what} failed: {detail}")


def pg_dump(url: URL, target: Path, program: str = "pg_dump") -> None:
    """pg_dump --format=custom of the configured database into `target`."""
    pg = pg_target(url)
    _run([program, "--format=custom", "--no-password", f"--file={target}",
          f"--dbname={pg.conninfo()}"], pg.env, "pg_dump")


def pg_restore(url: URL, dump: Path, program: str = "pg_restore") -> None:
    """Replay a custom-format dump into the configured database, in one transaction.

    --clean --if-exists drops what the dump recreates, so the same command
    restores into an empty database or over an old copy (with --force);
    --single-transaction leaves the database untouched if anything fails;
    --no-owner/--no-privileges let another role own the restored copy.
    """
    pg = pg_target(url)
    _run([program, "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", "--no-password",
          f"--dbname={pg.conninfo()}", str(dump)], pg.env, "pg_restore")
