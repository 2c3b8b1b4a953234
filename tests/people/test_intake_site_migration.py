"""The migration that gives each site its usual programme keeps what registration did so far."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from caseflow.extensions import db
from tests.support.app import make_app

REVISION = "ed91def4c768"


def test_it_gives_existing_sites_the_programme_registration_started_on_so_far(
        backend, tmp_path, database_url, keys_dir):
    url = (f"sqlite:///{tmp_path / 'migrated.sqlite'}" if backend == "sqlite" else database_url)
    app = make_app(url, keys_dir)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="7b1e5c0d9a42")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO site (code, name, country, kind, timezone, organisation, address, "
                "phone, email, active, require_two_factor, created_at, version) VALUES "
                "('CAL', 'Calais', 'FR', 'mobile_clinic', 'Europe/Paris', '', '', '', '', "
                ":yes, :no, CURRENT_TIMESTAMP, 1)"), {"yes": True, "no": False})
        upgrade(revision=REVISION)
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT default_programme FROM site")).scalar_one() == (
                "minority_recourse")
        downgrade(revision="base")
        db.create_all()  # leave the shared test database as the other tests expect it
        db.engine.dispose()
