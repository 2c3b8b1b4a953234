"""The backup and restore commands: one line for the operator, exit status 1 on refusal.

Errors are reported as click errors (`Error: ...`, exit 1), never as a
traceback: a restore that refuses a file must say why in words an operator
at 3 a.m. can act on.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from caseflow.backup.archive import BackupError, create_backup, restore_backup
from caseflow.crypto.errors import CryptoError


def _fail(exc: Exception):
    if isinstance(exc, SQLAlchemyError):
        # The driver's own message ("database is locked"), never the statement's parameters.
        return click.ClickException(f"Database error: {getattr(exc, 'orig', None) or exc}")
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return click.ClickException(f"{exc.strerror or type(exc).__name__}{where}")
    return click.ClickException(str(exc))


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@with_appcontext
def backup_command(file: Path, force: bool) -> None:
    """Write an encrypted, consistent backup of the database to FILE (no keys inside)."""
    try:
        info = create_backup(file, overwrite=force)
    except (BackupError, CryptoError, OSError, SQLAlchemyError) as exc:
        raise _fail(exc) from None
    meta = info.metadata
    click.echo(f"Backup of the {meta['backend']} database written to {file} "
               f"({info.size} bytes before encryption, schema "
               f"{meta.get('schema_revision') or 'unknown'}, sha256 {info.sha256}).")
    click.echo(f"Backup key id {info.key_id}. Keep the key files (KEYS_DIR) backed up "
               "separately: without them this backup cannot be read.")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a database that already holds data.")
@with_appcontext
def restore_command(file: Path, force: bool) -> None:
    """Restore the database from an encrypted backup FILE (stop the server first)."""
    try:
        report = restore_backup(file, force=force)
    except (BackupError, CryptoError, OSError, SQLAlchemyError) as exc:
        raise _fail(exc) from None
    meta = report.info.metadata
    click.echo(f"Restored the {meta['backend']} backup of {meta.get('created_at')} "
               f"(sha256 {report.info.sha256} checked).")
    if report.schema_note:
        click.echo(report.schema_note)


def register(app: Flask) -> None:
    for command in (backup_command, restore_command):
        app.cli.add_command(command)
