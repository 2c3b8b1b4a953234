"""A populated instance to back up, and empty instances to restore into (same keys).

The empty instance is what an operator has after `flask --app caseflow init`
on a new server with the old key files: migrated tables, no rows. On
PostgreSQL it is a second database created for the test and dropped after.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from flask_migrate import stamp, upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from caseflow.commands.backup import register as register_backup_commands
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.services.care.notes import NoteInput, record_note
from caseflow.vocabulary import Confidentiality, NoteKind
from tests.support.app import make_app
from tests.support.records import site_id, user

PEOPLE = [
    # (registered by, site, family, given, aliases, born)
    ("amina", "PAN", "Traoré", "Awa", ["Aoua Traore"], 2009),
    ("amina", "PAN", "Al-Hassan", "Mohamed", ["Mohammed Alhassan", "محمد الحسن"], 2007),
    ("hugo", "CAL", "Haile", "Yonas", [], 2006),
    ("sara", "PAN", "Nguyễn", "Thị Lan", [], None),
]


@pytest.fixture
def app_config(tmp_path):
    # A backup key of the test's own: the shared key directory stays as other tests expect.
    return {"BACKUP_KEY_FILE": str(tmp_path / "backup-keys" / "backup.key")}


@pytest.fixture
def populated(app, register):
    """People registered through the services, each with a note; returns what was written."""
    register_backup_commands(app)
    written = {}
    for login, site, family, given, aliases, born in PEOPLE:
        person_id = register(login, site, family, given, aliases=aliases, born=born)
        with app.app_context():
            person = db.session.get(Person, uuid.UUID(person_id))
            author = "amina" if site == "PAN" else "hugo"
            kind = NoteKind.MEDICAL_CONSULTATION if author == "amina" else NoteKind.NURSING_CARE
            note = record_note(user(author), person, NoteInput(
                kind=kind, occurred_at=utcnow() - timedelta(hours=1), site_id=site_id(site),
                confidentiality=Confidentiality.TEAM, text=f"Consultation de {given} {family}"))
            written[person_id] = (family, given, aliases, person.birth_date, note.text)
    with app.app_context():
        stamp()  # as `flask init` would have left it: the schema revision is recorded
    yield written
    with app.app_context():
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()


def read_back(app) -> dict:
    """Every person of the instance, decrypted, in the shape `populated` returns."""
    with app.app_context():
        out = {}
        for person in db.session.scalars(select(Person)):
            note = db.session.scalar(select(Note).where(Note.person_id == person.id))
            out[str(person.id)] = (person.family_name, person.given_names, person.aliases,
                                   person.birth_date, note.text if note else None)
        db.session.remove()
        return out


@pytest.fixture
def empty_instance(backend, database_url, keys_dir, tmp_path, app_config):
    """make(**config) -> a migrated, empty instance with the same keys (and backup key)."""
    made = []
    admin = None

    def make(**overrides):
        nonlocal admin
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / f'restored-{len(made)}.sqlite'}"
        else:
            server = make_url(database_url)
            name = f"caseflow_restore_test_{uuid.uuid4().hex[:8]}"
            admin = admin or create_engine(server.set(database="postgres"),
                                           isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = server.set(database=name).render_as_string(hide_password=False)
        target = make_app(url, keys_dir, **{**app_config, **overrides})
        register_backup_commands(target)
        with target.app_context():
            upgrade()
            db.engine.dispose()
        made.append(target)
        return target

    yield make
    for target in made:
        with target.app_context():
            db.session.remove()
            name = db.engine.url.database
            db.engine.dispose()
        if backend == "postgresql":
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    if admin is not None:
        admin.dispose()
