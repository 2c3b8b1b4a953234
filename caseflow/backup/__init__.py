"""Encrypted backups of the database: `flask --app caseflow backup FILE` and `restore FILE`.

`register(app)` adds the two commands; caseflow/cli.py calls it. The work is
in `archive` (what a backup holds, the checks before a restore), `engines`
(SQLite's backup API, pg_dump, pg_restore) and caseflow.crypto.backup_cipher
(the encryption, under a backup key that is not a KEK).
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from caseflow.backup.cli import backup_command, restore_command

    for command in (backup_command, restore_command):
        app.cli.add_command(command)
