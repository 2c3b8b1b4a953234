"""The outreach tables come and go with their migration (2c19a0c0e002), on both databases;
the demo seeds Tripoli's outreach once."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from caseflow.demo.libya_outreach import seed_libya_outreach
from caseflow.extensions import db
from caseflow.models.outreach import AccessObtained, OutreachContact, OutreachSession
from tests.test_migrations import _drop_everything, _fresh_database_app

TABLES = {"outreach_place", "outreach_session", "outreach_contact"}


def test_it_creates_and_drops_the_outreach_tables(backend, tmp_path, database_url, keys_dir):
    app = _fresh_database_app(backend, tmp_path, database_url, keys_dir)
    with app.app_context():
        _drop_everything()
        upgrade(revision="2c19a0c0e002")
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        columns = {c["name"]: c for c in inspect(db.engine).get_columns("outreach_contact")}
        assert columns["person_id"]["nullable"]  # reserved for linking, later
        downgrade(revision="79e3236aec63")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        downgrade(revision="base")
        db.create_all()
        db.engine.dispose()


def test_it_seeds_the_demo_once(app):
    with app.app_context():
        assert seed_libya_outreach() == 20
        assert seed_libya_outreach() == 0
        sessions = {s.access: s for s in db.session.scalars(select(OutreachSession))}
        assert sessions[AccessObtained.REFUSED].refusal_reason.startswith("Centre director")
        assert sessions[AccessObtained.PARTIAL].seen_count == 31
        assert sessions[AccessObtained.FULL].declined_count == 2
        assert db.session.scalar(select(func.count()).select_from(OutreachContact)) == 20
