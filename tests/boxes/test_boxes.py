"""The central server's register of clinic boxes, over real HTTP on loopback.

The central app is served by a real server thread; a box (its own SQLite file and keys)
talks to it with urllib, as the box's sync will."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
import uuid

from sqlalchemy import insert, select

from caseflow import crypto
from caseflow.crypto import generate_keys
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.person import Person
from caseflow.services import boxes
from tests.support.app import make_app


def _post(central: str, path: str, body: dict, code: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 (http on loopback)
        central + "/sync/v1" + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                 "X-Caseflow-Box": code})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (loopback)
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _public(box) -> str:
    with box.app_context():
        return base64.b64encode(crypto.transport_public_key()).decode()


def _enrol(app, code="CAL-1", sites=("CAL",)) -> str:
    with app.app_context():
        return boxes.enrol_box(code, list(sites), "Calais mobile clinic")


def _refusals(app) -> list[str]:
    with app.app_context():
        return [e.details["reason"] for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "box_refused"))]


def test_it_sends_a_box_the_keys_of_its_sites_people_only(app, central, box, register):
    at_calais = register("hugo", "CAL", "Haidari", "Shirin", phone="07 11 22 33 44")
    at_pantin = register("amina", "PAN", "Traoré", "Awa")
    token = _enrol(app)

    status, hello = _post(central, "/hello", {"public_key": _public(box)}, "CAL-1", token)
    assert status == 200 and hello["sites"] == ["CAL"]
    status, people = _post(central, "/people", {}, "CAL-1", token)
    assert people["people"] == [at_calais]
    status, sent = _post(central, "/keys", {"people": [at_calais, at_pantin]}, "CAL-1", token)
    assert status == 200 and list(sent["keys"]) == [at_calais]  # Awa is not Calais's

    with app.app_context():
        row = dict(db.session.execute(select(Person.__table__).where(
            Person.__table__.c.id == uuid.UUID(at_calais))).mappings().one())
    with box.app_context():
        db.session.execute(insert(Person.__table__).values(**row))
        crypto.import_person_keys(
            db.session, {uuid.UUID(k): base64.b64decode(v) for k, v in sent["keys"].items()},
            sender="central", recipient="CAL-1")
        db.session.commit()
        assert db.session.get(Person, uuid.UUID(at_calais)).phone == "07 11 22 33 44"


def test_it_refuses_a_revoked_box_at_once(app, central, box, register):
    at_calais = register("hugo", "CAL", "Haidari", "Shirin")
    token = _enrol(app)
    assert _post(central, "/hello", {"public_key": _public(box)}, "CAL-1", token)[0] == 200
    result = app.test_cli_runner().invoke(args=["revoke-box", "CAL-1", "--reason", "stolen"])
    assert result.exit_code == 0, result.output

    assert _post(central, "/hello", {"public_key": _public(box)}, "CAL-1", token) == (
        401, {"error": "revoked"})
    assert _post(central, "/keys", {"people": [at_calais]}, "CAL-1", token) == (
        401, {"error": "revoked"})
    assert _refusals(app) == ["revoked", "revoked"]
    with app.app_context():
        sent = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "box_keys_sent")).all()
        assert sent == []


def test_it_refuses_a_copied_credential_on_another_machine_and_a_wrong_one(
        app, central, box, tmp_path):
    token = _enrol(app)
    assert _post(central, "/hello", {"public_key": _public(box)}, "CAL-1", token)[0] == 200
    other_keys = tmp_path / "other"
    generate_keys(other_keys)
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite'}", other_keys)
    assert _post(central, "/hello", {"public_key": _public(other)}, "CAL-1", token) == (
        401, {"error": "other-key"})
    assert _post(central, "/people", {}, "CAL-1", token[:-2] + "xx") == (
        401, {"error": "unknown"})
    assert _post(central, "/people", {}, "PAN-9", token) == (401, {"error": "unknown"})
    assert _refusals(app) == ["other-key", "unknown", "unknown"]


def test_it_enrols_a_box_for_known_sites_only_and_never_reuses_a_code(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["enrol-box", "cal-2", "--site", "CAL", "--label", "Calais"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert len(token) >= 40
    assert "déjà" in runner.invoke(args=["enrol-box", "CAL-2", "--site", "CAL"]).output
    assert "sites" in runner.invoke(args=["enrol-box", "CAL-3", "--site", "NOPE"]).output
    listing = runner.invoke(args=["boxes"]).output
    assert "CAL-2" in listing and "never" in listing and "active" in listing
    with app.app_context():
        assert token not in json.dumps([list(r) for r in db.session.execute(
            select(AuditEvent.details)).all()])
