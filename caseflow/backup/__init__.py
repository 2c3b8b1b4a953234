"""Encrypted backups of the database: `flask --app caseflow backup FILE` and `restore FILE`.

The commands are in caseflow/commands/backup.py; caseflow.commands registers
them. The work is in `archive` (what a backup holds, the checks before a
restore), `engines` (SQLite's backup API, pg_dump, pg_restore) and
caseflow.crypto.backup_cipher (the encryption, under a backup key that is not
a KEK).
"""

from __future__ import annotations
