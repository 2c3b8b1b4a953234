"""Making and restoring an encrypted backup of the configured database.

A backup is the database dump (SQLite snapshot or pg_dump custom format)
encrypted by caseflow.crypto.backup_cipher under the backup key. Its clear
header says what it is: format version, backend, creation time and the
caseflow schema revision (alembic head) of the database; the trailer holds the
SHA-256 of the dump. It holds no key: the KEKs, the blind-index key and the
signing key are backed up separately (docs/DEPLOY.md), so a stolen backup
alone opens nothing, and the people's fields inside are still sealed by their
data keys, which only the KEKs unwrap.

The plaintext dump exists only in a private temporary directory (0700) for the
time of the operation, and a backup file is written under a temporary name and
renamed when complete, so that a cut-off run never leaves a file that looks
like a backup.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect, select, table, text
from sqlalchemy.engine import URL

from caseflow.backup import engines
from caseflow.crypto import backup_cipher
from caseflow.crypto.backup_cipher import BackupInfo
from caseflow.extensions import db

FORMAT = "caseflow-backup"
DUMP_KIND = {"sqlite": "sqlite-database", "postgresql": "pg_dump-custom"}
IGNORED_TABLES = frozenset({"alembic_version"})


class BackupError(RuntimeError):
    """A backup or restore that must not go on; the message is one line for the operator."""


@dataclass(frozen=True)
class RestoreReport:
    info: BackupInfo
    previous_rows: bool
    schema_note: str | None


def backend() -> str:
    name = db.engine.url.get_backend_name()
    if name not in DUMP_KIND:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def backup_key_path() -> Path:
    """BACKUP_KEY_FILE (config or $CASEFLOW_BACKUP_KEY_FILE), else KEYS_DIR/backup.key."""
    configured = (current_app.config.get("BACKUP_KEY_FILE")
                  or os.environ.get("CASEFLOW_BACKUP_KEY_FILE"))
    return backup_cipher.key_path(current_app.config["KEYS_DIR"], configured)


def schema_revision() -> str | None:
    """The alembic revision(s) recorded in the database, or None (not migrated by alembic)."""
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return None
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(rows)) or None


def code_revision() -> str | None:
    """The migration head this version of caseflow expects."""
    from alembic.script import ScriptDirectory

    from caseflow.database import MIGRATIONS_DIR

    heads = ScriptDirectory(MIGRATIONS_DIR).get_heads()
    return ",".join(sorted(heads)) or None


def has_rows() -> bool:
    """Whether any caseflow table holds a row: a database 'init' just created is empty."""
    names = [n for n in inspect(db.engine).get_table_names() if n not in IGNORED_TABLES]
    with db.engine.connect() as conn:
        return any(conn.execute(select(text("1")).select_from(table(n)).limit(1)).first()
                   for n in names)


@contextmanager
def _private_dir(near: Path | None = None):
    """A 0700 temporary directory, removed with whatever plaintext it held."""
    with tempfile.TemporaryDirectory(prefix="caseflow-backup-",
                                     dir=str(near) if near else None) as path:
        os.chmod(path, 0o700)
        yield Path(path)


def _url() -> URL:
    return db.engine.url


def create_backup(target: Path, *, overwrite: bool = False) -> BackupInfo:
    """Dump the configured database and write it encrypted to `target`."""
    kind = backend()
    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupError(f"{target} exists: choose another name, or --force to replace it.")
    key = backup_cipher.load_key(backup_key_path(), create=True)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    partial = target.with_name(f".{target.name}.partial")
    with _private_dir() as work:
        dump = work / "dump"
        try:
            if kind == "sqlite":
                # Read from the snapshot itself: the server's engine would wait for the
                # write lock (BEGIN IMMEDIATE), and the copy is what the revision describes.
                engines.sqlite_snapshot(engines.sqlite_path(_url()), dump)
                revision = engines.sqlite_schema_revision(dump)
            else:
                revision = schema_revision()
                engines.pg_dump(_url(), dump, current_app.config.get("PG_DUMP", "pg_dump"))
        except engines.DumpError as exc:
            raise BackupError(str(exc)) from None
        metadata = {"format": FORMAT, "backend": kind, "dump": DUMP_KIND[kind],
                    "created_at": created, "schema_revision": revision}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out, open(dump, "rb") as source:
                info = backup_cipher.encrypt_stream(
                    source, out, key, metadata,
                    int(current_app.config.get("BACKUP_CHUNK_SIZE", backup_cipher.DEFAULT_CHUNK)))
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return info


def restore_backup(source: Path, *, force: bool = False) -> RestoreReport:
    """Check `source` completely, then replace the configured database with its content."""
    kind = backend()
    source = Path(source)
    try:
        header = backup_cipher.inspect(source)
    except FileNotFoundError:
        raise BackupError(f"{source} does not exist.") from None
    except backup_cipher.BackupFormatError as exc:
        raise BackupError(str(exc)) from None
    if header.metadata.get("format") != FORMAT:
        raise BackupError("This file is not a caseflow backup.")
    if header.metadata.get("backend") != kind:
        raise BackupError(f"This backup is of a {header.metadata.get('backend')} database; "
                          f"the configured database is {kind}.")
    key = backup_cipher.load_key(backup_key_path())
    ours = backup_cipher.key_id(key).hex()
    if header.key_id != ours:
        raise BackupError(f"This backup was made with another backup key (key id "
                          f"{header.key_id}; the configured key is {ours}).")
    previous = has_rows()
    if previous and not force:
        raise BackupError("The configured database is not empty: restoring would replace "
                          "it. Add --force to replace it.")
    near = engines.sqlite_path(_url()).parent if kind == "sqlite" else None
    with _private_dir(near) as work:
        plain = work / "dump"
        fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, open(source, "rb") as stream:
            try:
                info = backup_cipher.decrypt_stream(stream, out, key)
            except backup_cipher.BackupFormatError as exc:
                raise BackupError(str(exc)) from None
        db.session.remove()
        db.engine.dispose()  # our own connections would hold the old database open
        try:
            if kind == "sqlite":
                engines.check_sqlite_file(plain)
                engines.replace_sqlite_file(plain, engines.sqlite_path(_url()))
            else:
                engines.pg_restore(_url(), plain,
                                   current_app.config.get("PG_RESTORE", "pg_restore"))
        except engines.DumpError as exc:
            raise BackupError(str(exc)) from None
    return RestoreReport(info, previous, _schema_note(info.metadata.get("schema_revision")))


def _schema_note(revision: str | None) -> str | None:
    expected = code_revision()
    if revision is None:
        return ("The backup records no schema revision (database not created by "
                "'flask --app caseflow init'); check it with 'flask --app caseflow db current'.")
    if revision != expected:
        return (f"The backup's schema revision is {revision}, this caseflow expects "
                f"{expected}: run 'flask --app caseflow db upgrade'.")
    return None
