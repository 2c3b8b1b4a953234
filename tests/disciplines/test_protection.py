"""Protection, the fifth discipline: Nadia's notes, their confidentiality, their indicators."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.reports.compute import compute
from caseflow.reports.period import Month
from caseflow.services import ServiceError
from caseflow.services.care.pathway_events import change_state
from caseflow.services.intake.people import enrol
from tests.clock import FIXED_NOW
from tests.support.records import site_id, start_enrolment, user
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)


def _protection_note(client, person, **fields):
    page = client.get(f"/people/{person}/notes/new")
    assert page.status_code == 200
    data = {"csrf_token": csrf_token_from(page.text), "kind": "protection_interview",
            "occurred_at": (FIXED_NOW - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "site_id": re.search(r'name="site_id"[^>]*>\s*<option[^>]*value="(\d+)"',
                                 page.text)[1],
            "interpreter_kind": "none_needed", "interpreter_language": "",
            "confidentiality": "discipline", "text": "Interview in a quiet room."}
    data.update(fields)
    response = client.post(f"/people/{person}/notes/new", data=data)
    assert response.status_code == 302, response.text
    return response


def test_it_offers_nadia_the_protection_form_read_by_her_discipline_by_default(
        client, as_user, register):
    person = register("sara", "CAL", "Tesfaye", "Abel")
    as_user("nadia")
    page = client.get(f"/people/{person}/notes/new").text
    for name in ("risks", "child_protection", "family_links", "referred_to", "best_interest",
                 "sought_relatives", "safety_plan"):
        assert f'name="{name}"' in page, name
    assert re.search(r'<option selected value="discipline">|<option value="discipline" '
                     r'selected', page)


def test_it_records_a_tracing_request_seen_by_protection_only(app, client, as_user, register):
    person = register("sara", "PAN", "Tesfaye", "Abel")
    as_user("nadia")
    _protection_note(client, person, risks=["trafficking_indicators", "family_separation"],
                     family_links="rfl_opened", referred_to=["red_cross_family_links"],
                     sought_relatives="Mother, last seen in Agadez")
    with app.app_context():
        note = db.session.scalar(select(Note))
        assert note.discipline is Discipline.PROTECTION
        assert note.codes["risks"] == ["trafficking_indicators", "family_separation"]
        assert note.codes["family_links"] == "rfl_opened"
    client.post("/language", data={"language": "en",
                                   "csrf_token": csrf_token_from(client.get("/").text)})
    record = client.get(f"/people/{person}").text
    assert "Mother, last seen in Agadez" in record
    assert "Trafficking indicators" in record and "Tracing request opened" in record
    for other in ("sara", "amina", "claire"):
        as_user(other)
        assert "Agadez" not in client.get(f"/people/{person}").text, other


def test_it_counts_risks_and_family_links_requests_in_the_indicators(app, client, as_user,
                                                                     register):
    first = register("sara", "PAN", "Tesfaye", "Abel")
    second = register("sara", "CAL", "Haile", "Ruth")
    as_user("nadia")
    _protection_note(client, first, risks=["trafficking_indicators"], family_links="rfl_opened")
    _protection_note(client, first, risks=["trafficking_indicators", "exploitation"])
    _protection_note(client, second, family_links="rfl_contact_restored",
                     child_protection=["no_legal_representative"])
    with app.app_context():
        report = compute(Month.of(FIXED_NOW.date()))
        risks = report.figure("protection_risks")
        assert risks.cells.total == 1  # one person, however many notes and risks
        assert risks.categories["risks:trafficking_indicators"].total == 1
        assert risks.categories["risks:exploitation"].total == 1
        assert report.figure("family_links_opened").cells.total == 1
        closed = report.figure("family_links_closed")
        assert closed.cells.total == 1
        assert closed.categories["family_links:rfl_contact_restored"].total == 1
        assert report.figure("child_protection").cells.total == 1


def test_it_keeps_the_codes_of_an_accompaniment_and_refuses_codes_a_kind_does_not_keep(
        app, client, as_user, register):
    person = register("sara", "PAN", "Tesfaye", "Abel")
    as_user("nadia")
    _protection_note(client, person, kind="accompaniment", risks=["exploitation"])
    with app.app_context():
        assert db.session.scalar(select(Note)).codes["risks"] == ["exploitation"]
    as_user("amina")  # a medical accompaniment keeps no conditions: refused, not dropped
    page = client.get(f"/people/{person}/notes/new")
    response = client.post(f"/people/{person}/notes/new", data={
        "csrf_token": csrf_token_from(page.text), "kind": "accompaniment",
        "occurred_at": (FIXED_NOW - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "site_id": re.search(r'name="site_id"[^>]*>\s*<option[^>]*value="(\d+)"',
                             page.text)[1],
        "interpreter_kind": "none_needed", "confidentiality": "team",
        "conditions": ["scabies"], "text": "Accompagné à la PASS."})
    assert response.status_code == 200 and "Accompagné à la PASS." in response.text
    assert 'name="conditions"' in response.text and 'class="error"' in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Note.id))) == 1


def test_it_shows_the_protection_pathway_to_the_protection_discipline_only(
        app, client, as_user, register):
    person = register("sara", "PAN", "Tesfaye", "Abel")
    as_user("nadia")
    enrol_form = client.get(f"/people/{person}/enrol").text
    assert 'value="protection"' in enrol_form
    with app.app_context():
        owner = db.session.get(Person, uuid.UUID(person))
        enrolment = enrol(user("nadia"), owner, site_id=site_id("PAN"), programme="protection")
        change_state(user("nadia"), owner, enrolment, "referred")
    page = client.get(f"/people/{person}").text
    assert "Suivi de protection" in page and 'data-entry-kind="state_change"' in page
    for other in ("amina", "sara", "claire"):
        as_user(other)
        page = client.get(f"/people/{person}").text
        assert "Suivi de protection" not in page, other
        assert 'data-entry-kind="state_change"' not in page, other
        assert 'value="protection"' not in client.get(f"/people/{person}/enrol").text, other
    with app.app_context(), pytest.raises(ServiceError):
        owner = db.session.get(Person, uuid.UUID(person))
        enrol(user("amina"), owner, site_id=site_id("PAN"), programme="protection")


def test_it_gives_the_lost_list_a_protection_column_for_protection_only(app, client, as_user,
                                                                        register):
    person = register("sara", "PAN", "Tesfaye", "Abel")
    with app.app_context():
        start_enrolment(person, days_ago=200)  # never seen since: lost to follow-up
    as_user("nadia")
    page = client.get("/follow-up/lost").text
    assert 'data-last-contact-discipline="protection"' in page
    as_user("amina")
    page = client.get("/follow-up/lost").text
    assert 'data-last-contact-discipline="medical"' in page
    assert 'data-last-contact-discipline="protection"' not in page
