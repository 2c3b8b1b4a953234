"""The first fill of a clinic box: an empty box (tables only, no personas) joins, syncs, and
then holds what its team needs offline, and nothing else.

What the people of a clinic would check: the Calais team signs in on the box with their
own password (and their two-factor code), the Calais people's notes and consents are
there and readable, nobody followed only at Pantin is; a fill cut by a kill resumes and
brings each record once; the next syncs bring only what changed since."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from caseflow.crypto.secrets import encrypt_secret
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.clinic_box import ClinicBox
from caseflow.models.consent import Consent
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.sync_operation import SyncOperation
from caseflow.models.user import User
from caseflow.services import boxes
from caseflow.services.care.notes import NoteInput, record_note
from caseflow.sync import fill, link
from caseflow.sync.recording import acting_as
from caseflow.vocabulary import Confidentiality, NoteKind
from tests.boxes.helpers import count, join, sync
from tests.boxes.test_faults import ROOT, _env, _kill_when
from tests.support.records import site_id, user
from tests.support.web import PERSONA_PASSWORD, csrf_token_from
from tests.sync import clinic

KILLS = 5


@pytest.fixture
def app_config() -> dict:
    return {"SYNC_RECORD_CENTRAL": True, "SYNC_FILL_PEOPLE_PER_PAGE": 3}






def _sign_in(box, login: str, password: str = PERSONA_PASSWORD):
    client = box.test_client()
    page = client.get("/login")
    answer = client.post("/login", data={"login": login, "password": password,
                                         "csrf_token": csrf_token_from(page.text)})
    return client, answer


def _signed_in(answer) -> bool:
    return answer.status_code == 302 and not answer.headers["Location"].startswith("/login")




def _people_of_box(app) -> set:
    with app.app_context():
        try:
            return set(boxes.people_of(db.session.get(ClinicBox, "CAL-1")))
        finally:
            db.session.remove()


def test_it_lets_the_box_team_sign_in_offline_with_their_own_password(app, central, new_box):
    join(app, new_box)
    result = new_box.test_cli_runner().invoke(args=["sync"])
    assert result.exit_code == 0, result.output
    assert "filled: 0 people (0 records), 6 staff accounts" in result.output
    with app.app_context():
        staff = {u.login for u in fill.staff_of(db.session.get(ClinicBox, "CAL-1"))}
    assert {"hugo", "sara", "claire", "admin"} <= staff
    assert "amina" not in staff  # Pantin only: not a user of this box
    for login in sorted(staff):
        _client, answer = _sign_in(new_box, login)
        assert _signed_in(answer), login
    _client, answer = _sign_in(new_box, "hugo", "not the password")
    assert not _signed_in(answer)
    _client, answer = _sign_in(new_box, "amina")
    assert not _signed_in(answer)
    with new_box.app_context():
        assert db.session.scalar(select(User).where(User.login == "amina")) is None
        db.session.remove()


def test_it_accepts_on_the_box_the_two_factor_code_of_the_seed_known_centrally(
        app, central, new_box):
    seed = pyotp.random_base32()
    with app.app_context():
        sara = db.session.scalar(select(User).where(User.login == "sara"))
        sara.totp_secret = encrypt_secret(seed.encode(), purpose="totp",
                                          context=fill.totp_context(sara.id))
        sara.totp_enabled_at = utcnow()
        central_sealed = bytes(sara.totp_secret)
        db.session.commit()
    join(app, new_box)
    sync(new_box)
    with new_box.app_context():
        on_box = db.session.scalar(select(User).where(User.login == "sara"))
        assert on_box.totp_secret is not None
        assert bytes(on_box.totp_secret) != central_sealed  # sealed again, under the box's KEK
        db.session.remove()

    client, answer = _sign_in(new_box, "sara")
    assert answer.headers["Location"] == "/login/two-factor"
    page = client.get("/login/two-factor")
    wrong = client.post("/login/two-factor", data={
        "code": "000000" if pyotp.TOTP(seed).now() != "000000" else "111111",
        "csrf_token": csrf_token_from(page.text)})
    assert not _signed_in(wrong)
    page = client.get("/login/two-factor")
    right = client.post("/login/two-factor", data={
        "code": pyotp.TOTP(seed).now(), "csrf_token": csrf_token_from(page.text)})
    assert _signed_in(right)


def test_it_fills_the_box_with_the_people_of_its_sites_and_no_one_else(app, central, new_box):
    at_calais = clinic.register(app, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    text = "Plaie du pied, pansement refait, revoir dans deux jours"
    clinic.note(app, "hugo", at_calais, text)
    at_pantin = clinic.register(app, "amina", "Traoré", "Awa", 2009, "ML", None, site="PAN")
    clinic.note(app, "amina", at_pantin, "Consultation à Pantin", site="PAN")

    join(app, new_box)
    report = sync(new_box)
    assert report.fill_people == len(_people_of_box(app)) == 1
    assert report.keys_received == 1
    with new_box.app_context():
        person = db.session.get(Person, at_calais)
        assert (person.family_name, person.given_names) == ("Tesfay", "Haile")
        assert [n.text for n in db.session.scalars(
            select(Note).where(Note.person_id == at_calais))] == [text]
        consents = db.session.scalars(select(Consent).where(Consent.person_id == at_calais))
        assert sorted(str(c.purpose) for c in consents) == ["care", "data_processing"]
        assert db.session.get(Person, at_pantin) is None
        assert db.session.scalar(select(func.count()).select_from(Note).where(
            Note.person_id == at_pantin)) == 0
        db.session.remove()
    # Found by the search of the box (tokens recomputed there), and readable by Hugo.
    client, answer = _sign_in(new_box, "hugo")
    assert _signed_in(answer)
    page = client.get(f"/people/{at_calais}", follow_redirects=True)
    assert page.status_code == 200 and "Tesfay" in page.text


def _note(app, login: str, person_id, text: str, confidentiality) -> None:
    with app.app_context():
        actor = user(login)
        with acting_as(actor.id):
            record_note(actor, db.session.get(Person, person_id), NoteInput(
                kind=NoteKind.NURSING_CARE, occurred_at=utcnow() - timedelta(minutes=30),
                site_id=site_id("CAL"), text=text, confidentiality=confidentiality))


def test_it_leaves_central_the_notes_nobody_on_the_box_may_read(app, central, new_box):
    person_id = clinic.register(app, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    _note(app, "hugo", person_id, "Pansement refait", Confidentiality.TEAM)
    _note(app, "hugo", person_id, "Note de travail : à revoir", Confidentiality.PRIVATE)
    with app.app_context():  # Hugo has left the team: his working note is his alone
        user("hugo").active = False
        db.session.commit()
    join(app, new_box)
    sync(new_box)
    with new_box.app_context():
        assert [n.text for n in db.session.scalars(
            select(Note).where(Note.person_id == person_id))] == ["Pansement refait"]
        card = db.session.scalar(select(User).where(User.login == "hugo"))
        assert card.display_name == "Hugo Martin" and not card.active  # the author's name
        assert card.totp_secret is None and not card.memberships
        db.session.remove()
    _client, answer = _sign_in(new_box, "hugo")
    assert not _signed_in(answer)


def test_it_pulls_only_what_changed_after_the_fill(app, central, new_box):
    person_id = clinic.register(app, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    first = clinic.note(app, "hugo", person_id, "Première consultation")
    join(app, new_box)
    filled = sync(new_box)
    assert filled.filled
    with new_box.app_context():
        fill_ops = db.session.scalar(select(func.count()).select_from(SyncOperation))
        db.session.remove()

    clinic.correct(app, "hugo", first, "Première consultation, corrigée")
    clinic.note(app, "hugo", person_id, "Deuxième consultation")
    again = sync(new_box)
    assert not again.filled  # filled once
    with new_box.app_context():
        notes = sorted(n.text for n in db.session.scalars(
            select(Note).where(Note.person_id == person_id)))
        assert notes == ["Deuxième consultation", "Première consultation, corrigée"]
        assert db.session.scalar(select(Note.version).where(Note.id == first)) == 2
        db.session.remove()
        assert db.session.scalar(select(func.count()).select_from(SyncOperation)) > fill_ops
        before = _snapshot()
        db.session.remove()
    # A fill asked for again changes nothing: a row unchanged since the first fill is
    # recognised by its operation id; the three written since (the corrected note, its
    # revision, the new note) were pulled already, and land as "already here".
    refill = sync(new_box, refill=True)
    assert refill.filled and refill.fill_people == 1 and refill.fill_rows == 3
    with new_box.app_context():
        assert _snapshot() == before
        db.session.remove()


def _snapshot() -> list:
    return sorted((n.id, n.version, n.text, n.updated_at) for n in db.session.scalars(
        select(Note))) + sorted(str(p.id) for p in db.session.scalars(select(Person)))


def _fill_operations(box) -> dict:
    """Operations of the fill (UUIDv5) held on the box, per (table, row)."""
    with box.app_context():
        try:
            found: dict = {}
            for op in db.session.scalars(select(SyncOperation)):
                if op.id.version == 5:
                    found.setdefault((op.table_name, op.row_id), []).append(op.id)
            return found
        finally:
            db.session.remove()


def test_it_resumes_a_fill_killed_mid_way_and_brings_each_row_once(app, central, new_box):
    people = [clinic.register(app, "hugo", f"Famille{i:03d}", f"Prénom{i:03d}", 1980 + i % 30,
                              "ER", None) for i in range(60)]
    for i, person_id in enumerate(people):
        clinic.note(app, "hugo", person_id, f"Soin numéro {i}")
    join(app, new_box)
    env = _env(new_box, central)
    landed = []
    for attempt in range(KILLS):
        before = count(new_box, Person)
        killed = _kill_when(
            [sys.executable, "-m", "flask", "--app", "caseflow", "sync"], env,
            lambda before=before: count(new_box, Person) > before, 0.01 * attempt)
        if killed:
            landed.append(count(new_box, Person))
    assert sum(0 < n < len(people) for n in landed) >= 2, landed  # killed mid-fill
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "caseflow", "sync"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]

    assert count(new_box, Person) == len(people)
    assert count(new_box, Note) == count(app, Note) == len(people)
    assert count(new_box, Consent) == count(app, Consent)
    held = _fill_operations(new_box)
    assert all(len(ids) == 1 for ids in held.values())
    assert len([k for k in held if k[0] == "note"]) == len(people)
    with new_box.app_context():
        texts = sorted(n.text for n in db.session.scalars(select(Note)))
        assert link.filled(db.session)
        db.session.remove()
    assert texts == sorted(f"Soin numéro {i}" for i in range(len(people)))


def test_it_refuses_a_fill_cursor_it_did_not_make(app, central, new_box):
    with app.app_context():
        token = boxes.enrol_box("CAL-1", ["CAL"])
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}", "X-Caseflow-Box": "CAL-1"}
    assert client.post("/sync/v1/fill", json={"cursor": None},
                       headers=headers).json == {"error": "no-key"}  # hello first
    with new_box.app_context():
        assert link.join(central, token) == ["CAL"]
    for cursor in ("nonsense", "v2.-.-", "v1.-.not-a-uuid", 42):
        assert client.post("/sync/v1/fill", json={"cursor": cursor},
                           headers=headers).status_code == 400
    first = client.post("/sync/v1/fill", json={"cursor": None}, headers=headers).json
    assert first["more"] and first["operations"] == []
    assert {u["kind"] for u in first["users"]} == {"staff"}
    assert all("password_hash" in u["values"] and "session_token" not in u["values"]
               for u in first["users"])
    assert client.post("/sync/v1/fill", json={"cursor": first["cursor"]},
                       headers={**headers, "Authorization": "Bearer wrong"}).status_code == 401
