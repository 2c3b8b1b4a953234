"""A central server on real HTTP (loopback) and clinic boxes with their own keys and SQLite.

Central is the suite's app (PostgreSQL when CASEFLOW_TEST_DATABASE_URL is set), served by
a real server thread, recording its own changes for boxes to pull. A box is another app
on its own SQLite file and its own key directory: data keys travel between them sealed
to each side's transport key, as in the field."""

from __future__ import annotations

import pytest

from caseflow.demo import seed_personas
from caseflow.extensions import db
from tests.boxes.helpers import empty_box, served


@pytest.fixture
def app_config() -> dict:
    return {"SYNC_RECORD_CENTRAL": True}


@pytest.fixture
def central(app):
    with served(app) as url:
        yield url


def make_box(tmp_path, name: str, central_url: str | None, password_hash: str, code="CAL-1"):
    box = empty_box(tmp_path, name, central_url, code)
    with box.app_context():
        # Central is the source of users and sites; a box is filled with them, ids included.
        seed_personas(password_hash=password_hash)
        db.session.remove()
    return box


@pytest.fixture
def box(tmp_path, central, persona_password_hash):
    box = make_box(tmp_path, "box", central, persona_password_hash)
    yield box
    with box.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def new_box(tmp_path, central):
    """A box never filled: tables only, no personas (tests/boxes/test_fill.py)."""
    box = empty_box(tmp_path, "new", central)
    yield box
    with box.app_context():
        db.session.remove()
        db.engine.dispose()
