"""A discipline is one spec: a sixth one registered here, and nowhere else, appears in the
note form, the timeline, access (its own confidentiality, team-sharing consent) and the
indicators. If one of these still knew the disciplines by name, this test would fail."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from caseflow import disciplines
from caseflow.disciplines import CodeIndicator, Discipline, DisciplineSpec, Field, FieldKind
from caseflow.extensions import db
from caseflow.models.note import Note
from caseflow.models.site import Site
from caseflow.reports.compute import compute
from caseflow.reports.period import Month
from caseflow.roles import Role
from caseflow.services.staff.accounts import AccountFields, create_user
from caseflow.vocabulary import LABELS, Labelled, NoteKind
from tests.clock import FIXED_NOW
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)


class MuacBand(Labelled):
    GREEN = "muac_green"
    YELLOW = "muac_yellow"
    RED = "muac_red"


LABELS.update({MuacBand.GREEN: "Green (no malnutrition)", MuacBand.YELLOW: "Yellow (moderate)",
               MuacBand.RED: "Red (severe acute malnutrition)"})

NUTRITION = DisciplineSpec(
    code="nutrition",
    label="Nutrition",
    roles=(),
    kinds=(NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    coded_kinds=(NoteKind.ACCOMPANIMENT,),
    fields=(
        Field("muac_band", "MUAC band", FieldKind.ONE, choices=MuacBand, coded=True),
        Field("diet_advice", "Diet advice given", FieldKind.TEXT, max_length=2000),
    ),
    indicators=(
        CodeIndicator("nutrition_muac", "People screened for malnutrition",
                      "People with a MUAC band coded in the month, by band", field="muac_band"),
    ),
)


@pytest.fixture
def nutrition(app):
    disciplines.register(NUTRITION)
    with app.app_context():
        pantin = db.session.scalar(select(Site.id).where(Site.code == "PAN"))
        create_user(None, AccountFields(login="nour", display_name="Nour Nutritionist",
                                        role=Role.NURSE, discipline=Discipline("nutrition"),
                                        site_ids={pantin}), password="a long passphrase 2026",
                    must_change_password=False)
        db.session.remove()
    yield Discipline("nutrition")
    disciplines.unregister("nutrition")


def _write_note(client, person, confidentiality="discipline"):
    page = client.get(f"/people/{person}/notes/new")
    assert page.status_code == 200
    site = re.search(r'name="site_id"[^>]*>\s*<option[^>]*value="(\d+)"', page.text)[1]
    response = client.post(f"/people/{person}/notes/new", data={
        "csrf_token": csrf_token_from(page.text), "kind": "accompaniment",
        "occurred_at": (FIXED_NOW - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "site_id": site, "interpreter_kind": "none_needed", "interpreter_language": "",
        "confidentiality": confidentiality, "muac_band": "muac_red",
        "diet_advice": "RUTF sachets, two a day", "text": "Weighed and measured."})
    assert response.status_code == 302, response.text


def test_it_offers_the_new_disciplines_fields_on_the_note_form(client, as_user, register,
                                                                nutrition):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("nour")
    page = client.get(f"/people/{person}/notes/new").text
    assert "MUAC band" in page and "Red (severe acute malnutrition)" in page
    assert "Diet advice given" in page
    kinds = re.search(r'<select[^>]*name="kind".*?</select>', page, re.S)[0]
    assert 'value="accompaniment"' in kinds and 'value="medical_consultation"' not in kinds


def test_it_records_and_shows_the_note_on_the_timeline(app, client, as_user, register,
                                                       nutrition):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("nour")
    _write_note(client, person)
    with app.app_context():
        note = db.session.scalar(select(Note))
        assert note.discipline is Discipline("nutrition")
        assert note.codes == {"muac_band": "muac_red"}
    record = client.get(f"/people/{person}").text
    assert "MUAC band" in record and "Red (severe acute malnutrition)" in record
    assert "RUTF sachets, two a day" in record
    assert 'data-note-discipline="nutrition"' in record


def test_it_refuses_a_code_outside_the_new_list(app, client, as_user, register, nutrition):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("nour")
    page = client.get(f"/people/{person}/notes/new")
    response = client.post(f"/people/{person}/notes/new", data={
        "csrf_token": csrf_token_from(page.text), "kind": "accompaniment",
        "occurred_at": (FIXED_NOW - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "site_id": re.search(r'name="site_id"[^>]*>\s*<option[^>]*value="(\d+)"', page.text)[1],
        "interpreter_kind": "none_needed", "confidentiality": "team", "muac_band": "purple"})
    assert response.status_code == 200  # the form again, with the field's message
    block = re.search(r'name="muac_band".*?</div>', response.text, re.S)[0]
    assert 'aria-invalid="true"' in response.text and "class=\"error" in block
    with app.app_context():
        assert db.session.scalar(select(Note)) is None


def test_it_keeps_a_discipline_only_note_from_the_other_disciplines(client, as_user, register,
                                                                    nutrition):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("nour")
    _write_note(client, person, confidentiality="discipline")
    as_user("amina")
    record = client.get(f"/people/{person}").text
    assert "RUTF sachets" not in record and 'data-note-discipline="nutrition"' not in record


def test_it_shares_a_team_note_under_the_persons_consent_and_offers_the_discipline_as_scope(
        client, as_user, register, nutrition):
    person = register("amina", "PAN", "Mengistu", "Hanna")  # team sharing: the whole team
    as_user("nour")
    _write_note(client, person, confidentiality="team")
    as_user("amina")
    assert "RUTF sachets, two a day" in client.get(f"/people/{person}").text
    consent_form = client.get(f"/people/{person}/consents/new").text
    assert re.search(r'<option value="nutrition">\s*Nutrition\s*</option>', consent_form)


def test_it_counts_the_new_disciplines_indicator(app, client, as_user, register, nutrition):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    as_user("nour")
    _write_note(client, person)
    with app.app_context():
        report = compute(Month.of(FIXED_NOW.date()), codes=["nutrition_muac", "contacts"])
        figure = report.figure("nutrition_muac")
        assert figure.cells.total == 1
        assert figure.categories["muac_band:muac_red"].total == 1
        assert report.figure("contacts").categories[str(nutrition)].total == 1
    assert uuid.UUID(person)
