"""Two caseflows in one test: central (the suite's database: PostgreSQL when
CASEFLOW_TEST_DATABASE_URL is set) and a clinic box at Calais (its own SQLite file).

Both read the same key directory, so that a person's data key wrapped on one side
unwraps on the other; the wrapped keys themselves are copied between the databases by
``keys_from`` here. Carrying person keys to and from boxes (wrapped under each box's
own key) is the key-custody part of issue 21 (caseflow/crypto), not the operation log's:
this helper stands in for it until then.

The operations cross between the two through ``json`` (``_wire``), as they would over
HTTP, so that nothing travels that would not survive the transport.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import insert, select

from caseflow.demo import seed_personas
from caseflow.extensions import db
from caseflow.models.keys import PersonKey
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.sync.apply import ApplyReport, apply_operations
from caseflow.sync.exchange import mark_pushed, operations_since, pending_operations
from tests.support.app import make_app

BOX_DEVICE = "box-cal-1"


@pytest.fixture
def app_config() -> dict:
    """Central records its own changes: they are what the box pulls."""
    return {"SYNC_RECORD_CENTRAL": True}


@pytest.fixture
def central(app):
    return app


@pytest.fixture
def box(tmp_path, keys_dir, persona_password_hash, central):
    app = make_app(f"sqlite:///{tmp_path / 'box.sqlite'}", keys_dir, SYNC_ROLE="box",
                   SYNC_DEVICE=BOX_DEVICE)
    with app.app_context():
        db.create_all()
        seed_personas(password_hash=persona_password_hash)
        users = dict(db.session.execute(select(User.login, User.id)).all())
        sites = dict(db.session.execute(select(Site.code, Site.id)).all())
    with central.app_context():
        # Central is the source of users and sites: a box is filled with them, ids included.
        assert users == dict(db.session.execute(select(User.login, User.id)).all())
        assert sites == dict(db.session.execute(select(Site.code, Site.id)).all())
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _wire(data):
    return json.loads(json.dumps(data))


def _key_rows() -> list[dict]:
    return [{"person_id": k.person_id, "kek_version": k.kek_version, "key_id": k.key_id,
             "wrapped": k.wrapped, "created_at": k.created_at}
            for k in db.session.scalars(select(PersonKey))]


def keys_from(source):
    """A ``person_keys`` hook that brings the wrapped keys from ``source`` (stand-in for
    the key custody): called by apply once the people's rows are in."""
    with source.app_context():
        rows = {r["person_id"]: r for r in _key_rows()}

    def bring(session, person_ids) -> None:
        held = set(session.scalars(select(PersonKey.person_id)
                                   .where(PersonKey.person_id.in_(person_ids))))
        missing = [rows[p] for p in person_ids if p not in held and p in rows]
        if missing:
            session.execute(insert(PersonKey), missing)

    return bring


@dataclass
class Sync:
    central: object
    box: object
    cursor: str | None = None

    def push(self) -> ApplyReport:
        keys = keys_from(self.box)
        with self.box.app_context():
            ops = _wire(pending_operations(db.session, limit=100_000))
        with self.central.app_context():
            report = apply_operations(db.session, ops, side="central", person_keys=keys)
        with self.box.app_context():
            mark_pushed(db.session, [str(i) for i in report.held])
        return report

    def pull(self) -> ApplyReport:
        keys = keys_from(self.central)
        total = ApplyReport()
        while True:
            with self.central.app_context():
                page = operations_since(db.session, self.cursor, exclude_device=BOX_DEVICE)
                ops = _wire(page.operations)
            with self.box.app_context():
                report = apply_operations(db.session, ops, side="box", person_keys=keys)
            total.applied += report.applied
            total.not_applied += report.not_applied
            total.already_held += report.already_held
            if not page.more:  # as the box keeps it for next time (caseflow/sync/exchange.py)
                self.cursor = page.resume
                return total
            self.cursor = page.cursor


@pytest.fixture
def sync(central, box) -> Sync:
    return Sync(central, box)
