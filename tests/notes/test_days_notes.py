"""Issue 14, "Times and days": a note's time on its page, and its earlier versions' secrecy.

Read as sentences: "Amina writes a note at 10:00 in Pantin: its page says 10:00, as the
timeline does"; "Amina writes a private working note, then corrects it to the team: Claire
and the team read the correction, never the private first version; Amina still does".
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import time_machine
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.services.care.notes import NoteInput, correct_note, record_note
from caseflow.vocabulary import Confidentiality, NoteKind
from tests.support.records import site_id, user
from tests.support.web import csrf_token_from

WINTER_NOON = datetime(2026, 1, 15, 11, 0, tzinfo=UTC)
PRIVATE_TEXT = "Hypothèse de travail : violences intrafamiliales, à vérifier"
TEAM_TEXT = "Compte rendu partagé : suivi médical engagé"


def _note_form(client, person_id, **fields):
    page = client.get(f"/people/{person_id}/notes/new")
    assert page.status_code == 200
    data = {"csrf_token": csrf_token_from(page.text), "kind": "medical_consultation",
            "occurred_at": "2026-01-15T10:00", "site_id": "",
            "interpreter_kind": "none_needed", "interpreter_language": "",
            "confidentiality": "team", "text": "Consultation du matin."}
    data.update(fields)
    return client.post(f"/people/{person_id}/notes/new", data=data)


def test_it_shows_a_note_taken_at_10_in_paris_at_10_on_its_page(app, client, as_user,
                                                                   register):
    with time_machine.travel(WINTER_NOON, tick=False):
        person_id = register("amina", "PAN", "Mengistu", "Hanna", born=1990)
        with app.app_context():
            pantin = site_id("PAN")
        as_user("amina")
        response = _note_form(client, person_id, site_id=str(pantin))
        assert response.status_code == 302, response.text
        with app.app_context():
            note = db.session.scalar(select(Note))
            assert note.occurred_at == datetime(2026, 1, 15, 9, 0)  # stored in UTC
        page = client.get(f"/notes/{note.id}")
        timeline = client.get(f"/people/{person_id}")
    head = re.search(r'<p class="muted">(.*?)</p>', page.text, re.S)[1]
    assert "10:00" in head and "11:00" not in head
    assert "10:00" in timeline.text


def _private_then_team(app) -> tuple[str, str]:
    """Amina's note on a person of Pantin who agreed to sharing: written private, then
    corrected to the team's level."""
    from caseflow.services.care.consents import ConsentInput
    from caseflow.services.intake.people import Identity, register_person
    from caseflow.vocabulary import ConsentDecision, ConsentPurpose

    with app.app_context():
        person = register_person(
            user("amina"), Identity(family_name="Tesfay", given_names="Selam"),
            site_id=site_id("PAN"), programme="general",
            consents=[ConsentInput(ConsentPurpose.CARE, ConsentDecision.GIVEN),
                      ConsentInput(ConsentPurpose.TEAM_SHARING, ConsentDecision.GIVEN,
                                   scope="all")])
        amina = user("amina")
        note = record_note(amina, person, NoteInput(
            kind=NoteKind.MEDICAL_CONSULTATION, occurred_at=datetime(2026, 1, 15, 9, 0),
            site_id=site_id("PAN"), confidentiality=Confidentiality.PRIVATE,
            text=PRIVATE_TEXT))
        correct_note(amina, person, note, note.version, NoteInput(
            kind=NoteKind.MEDICAL_CONSULTATION, occurred_at=datetime(2026, 1, 15, 9, 0),
            site_id=site_id("PAN"), confidentiality=Confidentiality.TEAM, text=TEAM_TEXT))
        return str(person.id), str(note.id)


def test_it_hides_a_private_first_version_from_the_coordinator_and_the_team(app, client,
                                                                              as_user):
    with time_machine.travel(WINTER_NOON, tick=False):
        _person_id, note_id = _private_then_team(app)
        for login in ("claire", "yasmine", "sara", "lea"):
            as_user(login)
            page = client.get(f"/notes/{note_id}")
            assert page.status_code == 200, login
            assert TEAM_TEXT in page.text, login
            assert PRIVATE_TEXT not in page.text, login


def test_it_shows_its_private_first_version_to_the_author(app, client, as_user):
    with time_machine.travel(WINTER_NOON, tick=False):
        _person_id, note_id = _private_then_team(app)
        as_user("amina")
        page = client.get(f"/notes/{note_id}")
    assert TEAM_TEXT in page.text and PRIVATE_TEXT in page.text


def test_it_shows_the_coordinator_an_earlier_team_version(app, client, as_user):
    """The rule is per version: what the coordinator could read when it was written stays
    readable to them (docs/SECURITY.md: old versions stay readable to the coordinator)."""
    with time_machine.travel(WINTER_NOON, tick=False):
        person_id, note_id = _private_then_team(app)
        with app.app_context():
            person = db.session.get(Person, uuid.UUID(person_id))
            note = db.session.get(Note, uuid.UUID(note_id))
            correct_note(user("amina"), person, note, note.version, NoteInput(
                kind=NoteKind.MEDICAL_CONSULTATION, occurred_at=datetime(2026, 1, 15, 9, 0),
                site_id=site_id("PAN"), confidentiality=Confidentiality.TEAM,
                text="Troisième version"))
        as_user("claire")
        page = client.get(f"/notes/{note_id}")
    assert "Troisième version" in page.text and TEAM_TEXT in page.text
    assert PRIVATE_TEXT not in page.text


def test_it_refuses_a_note_dated_before_the_person_s_birth(app, client, as_user, register):
    with time_machine.travel(WINTER_NOON, tick=False):
        person_id = register("amina", "PAN", "Mengistu", "Hanna", born=2009)
        with app.app_context():
            pantin = site_id("PAN")
        as_user("amina")
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        response = _note_form(client, person_id, site_id=str(pantin),
                              occurred_at="1990-05-01T10:00")
        assert response.status_code == 200
        assert "before the person&#39;s declared date of birth" in response.text
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Note)) == 0
        # The first day of the declared year is fine (only the year is known).
        assert _note_form(client, person_id, site_id=str(pantin),
                          occurred_at="2009-01-01T10:00").status_code == 302


def test_it_refuses_a_correction_dated_before_the_person_s_birth(app, as_user, register):
    import pytest

    from caseflow.services import ServiceError

    with time_machine.travel(WINTER_NOON, tick=False):
        person_id = register("amina", "PAN", "Mengistu", "Hanna", born=2009)
        with app.app_context():
            person = db.session.get(Person, uuid.UUID(person_id))
            amina = user("amina")
            note = record_note(amina, person, NoteInput(
                kind=NoteKind.MEDICAL_CONSULTATION, occurred_at=datetime(2026, 1, 15, 9, 0),
                site_id=site_id("PAN"), text="Première version"))
            with pytest.raises(ServiceError) as refused:
                correct_note(amina, person, note, note.version, NoteInput(
                    kind=NoteKind.MEDICAL_CONSULTATION,
                    occurred_at=datetime(2008, 12, 31, 9, 0), site_id=site_id("PAN"),
                    text="Datée avant la naissance"))
            assert refused.value.field == "occurred_at"
            db.session.rollback()
            assert db.session.get(Note, note.id).version == 1
