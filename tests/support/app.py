"""Building the application under test on the test database."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import text

from caseflow import create_app
from caseflow.extensions import db


def empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


def make_app(database_url: str, keys_dir: Path, **overrides):
    config = {
        "TESTING": True,
        "CASEFLOW_ENV": "testing",
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "KEYS_DIR": str(keys_dir),
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
        # Personas sign in with their password only, so that the suite can use claire and
        # admin through the login page; tests/two_factor/ sets the production requirement.
        "TWO_FACTOR_REQUIRED_ROLES": (),
        # Beside the test keys, never a developer's instance/audit-checkpoints.jsonl.
        "AUDIT_CHECKPOINT_FILE": str(keys_dir / f"audit-checkpoints-{uuid.uuid4().hex}.jsonl"),
    }
    config.update(overrides)
    return create_app(config)
