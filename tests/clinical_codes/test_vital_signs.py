"""Vital signs complete (issue 20): SpO2 and respiratory rate beside the others, and values
outside the expected range questioned, not refused; impossible values still refused."""

from __future__ import annotations

import html
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.services import ServiceError
from caseflow.services.care.notes import NoteInput, UnusualValues, correct_note, record_note
from caseflow.vocabulary import NoteKind
from tests.clock import FIXED_NOW
from tests.support.records import site_id, user
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)


def _consultation(page: str, **fields) -> dict:
    data = {
        "csrf_token": csrf_token_from(page),
        "kind": "medical_consultation",
        "occurred_at": (FIXED_NOW - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "site_id": re.search(r'name="site_id"[^>]*>\s*<option[^>]*value="(\d+)"', page)[1],
        "interpreter_kind": "none_needed", "interpreter_language": "",
        "confidentiality": "team", "text": "Consultation", "reason": "Fièvre",
    }
    data.update(fields)
    return data


def _notes(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Note))


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page)
    return html.unescape(found[1]) if found else ""


def test_it_records_oxygen_saturation_and_respiratory_rate_and_shows_them_on_the_timeline(
        app, client, as_user, register):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("amina")
    url = f"/people/{person}/notes/new"
    page = client.get(url).text
    assert 'name="spo2"' in page and 'name="respiratory_rate"' in page
    response = client.post(url, data=_consultation(page, temperature_c="37.8", pulse="92",
                                                   spo2="96", respiratory_rate="18"))
    assert response.status_code == 302, response.text
    record = client.get(f"/people/{person}").text
    assert "SpO₂ 96 %" in record and "RR 18/min" in record and "pulse 92/min" in record
    with app.app_context():
        note = db.session.scalar(select(Note))
        assert note.details["spo2"] == 96 and note.details["respiratory_rate"] == 18


def test_it_questions_an_unusual_temperature_then_saves_it_once_confirmed(
        app, client, as_user, register):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("amina")
    url = f"/people/{person}/notes/new"
    typed = _consultation(client.get(url).text, temperature_c="41.2", spo2="88",
                          pulse="100", treatment="Paracétamol 1 g")
    asked = client.post(url, data=typed)
    assert asked.status_code == 200  # shown again, not saved
    assert _notes(app) == 0
    assert "Temperature 41.2\u00a0°C is above the usual range: confirm or correct." in asked.text
    assert "Oxygen saturation 88\u00a0% is below the usual range: confirm or correct." in asked.text
    assert "pulse" not in re.findall(r'data-unusual="([^"]+)"', asked.text)  # 100 is usual
    assert 'name="confirm_unusual"' in asked.text
    # Nothing typed is lost: the values come back in the form.
    assert 'value="41.2"' in asked.text and "Paracétamol 1 g" in asked.text
    confirmed = {**typed, "csrf_token": csrf_token_from(asked.text), "confirm_unusual": "y",
                 "questioned": _hidden(asked.text, "questioned")}
    assert client.post(url, data=confirmed).status_code == 302
    with app.app_context():
        note = db.session.scalar(select(Note))
        assert note.details["temperature_c"] == 41.2 and note.details["spo2"] == 88


def test_it_asks_again_when_the_value_changed_after_the_question(
        app, client, as_user, register):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("amina")
    url = f"/people/{person}/notes/new"
    typed = _consultation(client.get(url).text, temperature_c="41.2")
    asked = client.post(url, data=typed)
    changed = {**typed, "csrf_token": csrf_token_from(asked.text), "confirm_unusual": "y",
               "questioned": _hidden(asked.text, "questioned"), "temperature_c": "34.1"}
    again = client.post(url, data=changed)
    assert again.status_code == 200 and _notes(app) == 0
    assert "Temperature 34.1\u00a0°C is below the usual range" in again.text


@pytest.mark.parametrize("name, value", [("temperature_c", "46"), ("spo2", "30"),
                                         ("spo2", "101"), ("respiratory_rate", "90"),
                                         ("pulse", "300")])
def test_it_refuses_impossible_values_even_when_confirmed(app, client, as_user, register,
                                                          name, value):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("amina")
    url = f"/people/{person}/notes/new"
    data = _consultation(client.get(url).text, **{name: value}, confirm_unusual="y")
    refused = client.post(url, data=data)
    assert refused.status_code == 200 and _notes(app) == 0
    assert "The form was not saved" in refused.text


def test_the_service_refuses_impossible_and_questions_unusual_values(app, register):
    person_id = register("amina", "PAN", "Mengistu", "Hanna")
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        amina = user("amina")

        def data(**details):
            return NoteInput(kind=NoteKind.MEDICAL_CONSULTATION,
                             occurred_at=utcnow() - timedelta(hours=1), site_id=site_id("PAN"),
                             details=details)

        with pytest.raises(ServiceError) as impossible:
            record_note(amina, person, data(respiratory_rate=2))
        assert impossible.value.field == "respiratory_rate"
        db.session.rollback()
        with pytest.raises(UnusualValues) as unusual:
            record_note(amina, person, data(respiratory_rate=36, bp_systolic=120))
        assert [q[0] for q in unusual.value.questions] == ["respiratory_rate"]
        db.session.rollback()
        confirmed = data(respiratory_rate=36, bp_systolic=120)
        confirmed.confirmed = tuple(q[2] for q in unusual.value.questions)
        note = record_note(amina, person, confirmed)
        # Correcting the note's text does not ask again about the value saved with it...
        again = data(respiratory_rate=36, bp_systolic=120)
        again.text = "Polypnée confirmée au recomptage"
        correct_note(amina, person, note, note.version, again)
        # ...but a new unusual value is asked about.
        with pytest.raises(UnusualValues):
            correct_note(amina, person, note, note.version, data(respiratory_rate=36,
                                                                  bp_systolic=200))
