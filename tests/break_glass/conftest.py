"""A person first seen in Zwara, a Pantin record with notes, and charlie's emergency access."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.break_glass import BreakGlassAccess
from caseflow.models.person import Person
from tests.support.records import site_id
from tests.support.web import csrf_token_from

REASON = "Brought unconscious to the Tripoli shelter, allergies unknown, needs history"


def code_of(app, person_id: str) -> str:
    with app.app_context():
        return db.session.get(Person, uuid.UUID(person_id)).code


def events(app, **where) -> list[AuditEvent]:
    with app.app_context():
        stmt = select(AuditEvent).order_by(AuditEvent.seq)
        for name, value in where.items():
            stmt = stmt.where(getattr(AuditEvent, name) == value)
        return list(db.session.scalars(stmt))


def grants(app) -> list[BreakGlassAccess]:
    with app.app_context():
        rows = list(db.session.scalars(select(BreakGlassAccess)))
        for row in rows:
            db.session.expunge(row)
        return rows


@pytest.fixture
def zwara_person(register):
    """Registered by the coordinator in Zwara: outside charlie's Tripoli."""
    return register("claire", "ZWA", "Haddad", "Amal", born=2007, nationality="SD")


@pytest.fixture
def open_glass(app, client, as_user):
    """Sign in as `login` and open the record of `person_id` with a reason, through the pages."""

    def _open(login, person_id, reason=REASON, site="TRI"):
        as_user(login)
        code = code_of(app, person_id)
        form = client.get(f"/people/code/{code}")
        assert form.status_code == 200, form.status_code
        with app.app_context():
            sid = site_id(site)
        return client.post(f"/people/code/{code}/break-glass", data={
            "reason": reason, "site_id": sid, "csrf_token": csrf_token_from(form.text)})

    return _open
