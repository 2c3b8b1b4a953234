"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from caseflow.extensions import db
from tests.support.app import make_app


def _fresh_database_app(backend, tmp_path, database_url, keys_dir):
    if backend == "sqlite":
        return make_app(f"sqlite:///{tmp_path / 'migrated.sqlite'}", keys_dir)
    return make_app(database_url, keys_dir)


def _drop_everything():
    db.drop_all()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_it_migrates_an_empty_database_to_the_models_schema(backend, tmp_path, database_url,
                                                           keys_dir):
    app = _fresh_database_app(backend, tmp_path, database_url, keys_dir)
    with app.app_context():
        _drop_everything()
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        # Leave the shared test database as the other tests expect it.
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.create_all()
        db.engine.dispose()
