"""The mental-health note of issue 20: suicide risk as a level with self-harm, attempts and a
safety plan, substance use, the stage of care and the CGI rated at the right stage; the
new categories; old notes with the yes/no "suicidal ideation" still read and kept."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.services import ServiceError
from caseflow.services.care.notes import NoteInput, correct_note, record_note
from caseflow.vocabulary import MENTAL_HEALTH_ICD10, MentalHealthCategory, NoteKind
from tests.clock import FIXED_NOW
from tests.support.records import site_id, user
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)


def _session(page: str, **fields) -> dict:
    data = {
        "csrf_token": csrf_token_from(page),
        "kind": "mental_health_session",
        "occurred_at": (FIXED_NOW - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "site_id": re.search(r'name="site_id"[^>]*>\s*<option[^>]*value="(\d+)"', page)[1],
        "interpreter_kind": "none_needed", "interpreter_language": "",
        "confidentiality": "discipline", "text": "Séance", "session_kind": "individual",
    }
    data.update(fields)
    return data


def _input(**codes) -> NoteInput:
    details = codes.pop("details", {})
    return NoteInput(kind=NoteKind.MENTAL_HEALTH_SESSION,
                     occurred_at=utcnow() - timedelta(hours=1), site_id=site_id("PAN"),
                     codes=codes, details=details)


def test_it_records_the_suicide_risk_self_harm_safety_plan_and_substances(
        app, client, as_user, register):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("yasmine")
    url = f"/people/{person}/notes/new"
    page = client.get(url).text
    assert 'name="suicidal_ideation"' not in page  # superseded by the level
    data = _session(page, session_stage="intake", category="acute_stress", cgi_s="5",
                    suicide_risk="high", self_harm="recent", suicide_attempt="past",
                    safety_plan_made="yes",
                    safety_plan_text="Appeler l'équipe ; éloigner les médicaments",
                    substances=["pregabalin", "cannabis"])
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        note = db.session.scalar(select(Note))
        # Only the level is clear (the worklist and the indicator read it); self-harm,
        # attempts, the plan and substances are encrypted with the note (review of issue 20).
        assert note.codes == {"session_kind": "individual", "session_stage": "intake",
                              "category": "acute_stress", "cgi_s": 5, "suicide_risk": "high"}
        assert note.details == {"safety_plan_text": "Appeler l'équipe ; éloigner les "
                                                    "médicaments",
                                "self_harm": "recent", "suicide_attempt": "past",
                                "safety_plan_made": "yes",
                                "substances": ["pregabalin", "cannabis"]}
        note_id = note.id
    shown = client.get(f"/notes/{note_id}").text
    for label, value in (("Suicide risk", "High"), ("Self-harm", "Recent (past month)"),
                         ("Suicide attempt", "In the past"), ("Safety plan made", "Yes"),
                         ("Stage", "Intake"), ("Presenting category", "Acute stress reaction")):
        assert label in shown and value in shown, label
    assert "Pregabalin (Lyrica)" in shown and "Cannabis" in shown


def test_it_refuses_cgi_i_at_intake_with_a_clear_message(app, client, as_user, register):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("yasmine")
    url = f"/people/{person}/notes/new"
    refused = client.post(url, data=_session(client.get(url).text, session_stage="intake",
                                             cgi_s="5", cgi_i="2"))
    assert refused.status_code == 200
    assert "CGI-I rates the change since the start of care: it is not given at intake." \
        in refused.text
    cgi_s = refused.text.split('name="cgi_s"')[1].split("</select>")[0]
    assert re.search(r'<option selected value="5">|<option value="5" selected>', cgi_s)


@pytest.mark.parametrize("stage, codes", [
    ("discharge", {"cgi_s": 2, "cgi_i": 1}),
    ("follow_up", {"cgi_i": 3}),
    ("intake", {"cgi_s": 6}),
])
def test_it_takes_cgi_s_at_intake_and_discharge_and_cgi_i_after_intake(app, register, stage,
                                                                         codes):
    person_id = register("amina", "PAN", "Mengistu", "Hanna")
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        note = record_note(user("yasmine"), person, _input(session_stage=stage, **codes))
        assert note.codes == {"session_stage": stage, **codes}  # nothing ticked: not stored


def test_it_refuses_no_substance_ticked_with_a_substance_and_an_unknown_level(app, register):
    person_id = register("amina", "PAN", "Mengistu", "Hanna")
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        with pytest.raises(ServiceError) as both:
            record_note(user("yasmine"), person,
                        _input(details={"substances": ["none", "alcohol"]}))
        assert both.value.field == "substances"
        db.session.rollback()
        with pytest.raises(ServiceError) as unknown:
            record_note(user("yasmine"), person, _input(suicide_risk="very_high"))
        assert unknown.value.field == "suicide_risk"
        db.session.rollback()
        with pytest.raises(ServiceError) as yes_no:
            record_note(user("yasmine"), person, _input(details={"safety_plan_made": "maybe"}))
        assert yes_no.value.field == "safety_plan_made"


def test_an_old_note_with_suicidal_ideation_is_still_read_and_kept_when_corrected(
        app, client, as_user, register):
    person_id = register("amina", "PAN", "Mengistu", "Hanna")
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        # Written as before issue 20: the yes/no detail.
        note = record_note(user("yasmine"), person, _input(
            category="depression", details={"suicidal_ideation": "yes"}))
        note_id = note.id
    as_user("yasmine")
    shown = client.get(f"/notes/{note_id}").text
    assert "Suicidal ideation" in shown
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        note = db.session.get(Note, note_id)
        correct_note(user("yasmine"), person, note, note.version,
                     _input(category="depression", suicide_risk="moderate"))
        note = db.session.get(Note, note_id)
        assert note.details == {"suicidal_ideation": "yes"}
        assert note.codes["suicide_risk"] == "moderate"


def test_the_new_categories_are_mapped_to_icd10():
    assert MENTAL_HEALTH_ICD10["acute_stress"] == ("F43.0",)
    assert set(MENTAL_HEALTH_ICD10["grief"]) == {"Z63.4", "F43.2"}
    assert MENTAL_HEALTH_ICD10["psychosomatic"] == ("F45",)
    assert set(MENTAL_HEALTH_ICD10) == {c.value for c in MentalHealthCategory}
