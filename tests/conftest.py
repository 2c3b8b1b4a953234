"""Fixtures in the style of the Flask tutorial: app, client, runner, and the personas
(docs/FIELD.md).

The suite runs on a real SQLite file, and on a real PostgreSQL database when
CASEFLOW_TEST_DATABASE_URL names a server: the run creates its own database
there and drops it at the end. Tables are emptied and the personas seeded
before every test, so tests never depend on each other.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from caseflow.config import Defaults
from caseflow.crypto import generate_keys
from caseflow.demo import seed_personas
from caseflow.extensions import db, limiter
from caseflow.models.user import User
from caseflow.services.staff.user_sessions import open_session as open_user_session
from caseflow.sessions import AUTH_AT, SEEN_AT, SESSION_ID
from tests.support.app import empty_all_tables, make_app
from tests.support.web import PERSONA_PASSWORD, csrf_token_from

# `--today=YYYY-MM-DDTHH:MM` moves the whole run to another instant (see tests/clock.py).
pytest_plugins = ["tests.clock", "tests.support.fixtures", "tests.support.browser", "pytester"]


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "keys"
    generate_keys(path)
    return path


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    server = os.environ.get("CASEFLOW_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'caseflow-test.sqlite'}"
        return
    url = make_url(server)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = f"caseflow_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def backend(database_url) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


@pytest.fixture(scope="session")
def persona_password_hash() -> str:
    """One real argon2id hash (production parameters) shared by every persona."""
    return PasswordHasher(
        time_cost=Defaults.ARGON2_TIME_COST,
        memory_cost=Defaults.ARGON2_MEMORY_COST,
        parallelism=Defaults.ARGON2_PARALLELISM,
    ).hash(PERSONA_PASSWORD)






@pytest.fixture
def app_config() -> dict:
    """Override in a test module to start the app with other settings."""
    return {}


@pytest.fixture
def app(database_url, keys_dir, persona_password_hash, app_config):
    app = make_app(database_url, keys_dir, **app_config)
    with app.app_context():
        db.create_all()
        empty_all_tables()
        seed_personas(password_hash=persona_password_hash)
        db.session.remove()
        # Rate-limit counters live in the limiter's storage, not in the app: without a
        # reset, counts of earlier tests (same persona ids) would carry over.
        limiter.reset()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()




@pytest.fixture
def sign_in(client):
    """Sign in through the real login form (CSRF, password check, audit)."""

    def _sign_in(login: str, password: str = PERSONA_PASSWORD, follow_redirects=False):
        page = client.get("/login")
        return client.post(
            "/login",
            data={"login": login, "password": password, "csrf_token": csrf_token_from(page.text)},
            follow_redirects=follow_redirects,
        )

    return _sign_in


@pytest.fixture
def as_user(app, client):
    """Open a session for a persona directly (fast), for tests about what a page shows.

    As sign-in does: the cookie's values and the session's server-side row."""

    def _as_user(login: str):
        with app.app_context():
            user = db.session.scalar(db.select(User).where(User.login == login))
            user_id = user.get_id()
            session_id = open_user_session(user)
            db.session.remove()
        with client.session_transaction() as session:
            now = int(time.time())
            session["_user_id"] = user_id
            session[SESSION_ID] = session_id
            session["_fresh"] = True
            session[AUTH_AT] = now
            session[SEEN_AT] = now
        return client

    return _as_user


@pytest.fixture
def form_token(client):
    """The CSRF token of the current session, read from a page that carries a form."""

    def _token(path: str = "/") -> str:
        return csrf_token_from(client.get(path, follow_redirects=True).text)

    return _token
