"""Amina records Awa's allergies and treatments through the pages: the box at the top of the
person page, the forms and their messages, a stale form refused, the audit trail, the box in
Arabic and in a break-glass reading."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.allergy_codes import Reaction, Severity
from caseflow.models.audit import AuditEvent
from caseflow.models.person import Person
from caseflow.timezones import site_today
from tests.support.records import site_id, user
from tests.support.web import csrf_token_from

ALLERGY = {"group": "penicillins", "substance": "Amoxicilline", "reaction": "rash",
           "reaction_details": "Urticaire en 2024", "severity": "moderate",
           "source": "declared", "noted_on": "2026-01-05"}
TREATMENT = {"medicine": "Salbutamol inhalateur", "dose": "2 bouffées si besoin",
             "atc_code": "R03AC02", "started_on": "2025-11-02", "prescriber": "outside",
             "prescriber_details": "PASS Avicenne", "stopped_on": "", "stop_reason": "",
             "stop_details": ""}


def _version(html: str) -> str:
    return html.split('name="version"')[1].split('value="')[1].split('"')[0]


def _box(html: str) -> str:
    start = html.rindex("<section", 0, html.index('id="safety"'))
    return html[start:html.index("</section>", start)]


def _post(client, url, data):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, data=dict(data, csrf_token=csrf_token_from(page.text)))


def test_it_asks_first_then_records_no_known_allergy(app, as_user, awa):
    client = as_user("amina")
    box = _box(client.get(f"/people/{awa}").text)
    assert 'data-safety-allergies="not_asked"' in box and "safety-unknown" in box
    assert "Allergies: not asked." in box
    assert 'data-safety-treatments="0"' in box and "No treatment recorded." in box
    page = client.get(f"/people/{awa}")
    answer = client.post(f"/safety/people/{awa}/no-known-allergy",
                         data={"seen": "", "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 302
    box = _box(client.get(f"/people/{awa}").text)
    assert 'data-safety-allergies="no_known_allergy"' in box
    assert re.search(r"No known allergy \(recorded by <bdi>Dr Amina Diallo</bdi> on ", box)
    assert "not asked" not in box


def test_it_records_changes_and_retires_an_allergy_through_the_pages(app, as_user, awa):
    client = as_user("amina")
    assert _post(client, f"/safety/people/{awa}/allergy", ALLERGY).status_code == 302
    box = _box(client.get(f"/people/{awa}").text)
    assert 'data-safety-allergies="has_allergies"' in box
    assert "Penicillins and other beta-lactams: <bdi>Amoxicilline</bdi>" in box
    assert 'data-allergy-severity="moderate"' in box and "safety-tag-moderate" in box
    edit = re.search(r'href="(/safety/people/[^"]+/allergy\?entry=[^"]+)"', box).group(1)
    form = client.get(edit)
    assert 'value="Amoxicilline"' in form.text
    answer = client.post(edit, data=dict(ALLERGY, reaction="anaphylaxis", severity="severe",
                                         version=_version(form.text),
                                         csrf_token=csrf_token_from(form.text)))
    assert answer.status_code == 302
    box = _box(client.get(f"/people/{awa}").text)
    assert "safety-severe" in box and "safety-tag-severe" in box
    assert "Severe or life-threatening" in box and "Anaphylaxis" in box
    form = client.get(edit)
    retire = edit.replace("/allergy?", "/allergy/retire?")
    refused = client.post(retire, data={"state": "no_longer", "reason": "",
                                        "version": form.text.split('name="version"')[2]
                                        .split('value="')[1].split('"')[0],
                                        "csrf_token": csrf_token_from(form.text)})
    assert refused.status_code == 422 and "Say why" in refused.text
    answer = client.post(retire, data={"state": "entered_in_error",
                                       "reason": "Autre patient", "version": "2",
                                       "csrf_token": csrf_token_from(form.text)})
    assert answer.status_code == 302
    box = _box(client.get(f"/people/{awa}").text)
    assert 'data-safety-allergies="not_asked"' in box and "Amoxicilline" not in box
    history = client.get(f"/safety/people/{awa}")
    assert 'data-allergy-state="entered_in_error"' in history.text
    assert "Autre patient" in history.text


def test_it_explains_what_to_correct_and_keeps_what_was_typed(app, as_user, awa):
    client = as_user("amina")
    with app.app_context():
        tomorrow = site_today(site_id("PAN")) + timedelta(days=1)
    for changes, message in (
            ({"noted_on": tomorrow.isoformat()}, "This date is in the future."),
            ({"severity": ""}, "Choose the severity."),
            ({"group": "other", "substance": ""}, "Name the substance"),
            ({"reaction": "anaphylaxis", "severity": "mild"}, "choose “severe”"),
            ({"group": "plutonium"}, "Not a valid choice"),
            ({"noted_on": "yesterday"}, "Give the date the allergy was noted.")):
        page = _post(client, f"/safety/people/{awa}/allergy", dict(ALLERGY, **changes))
        assert page.status_code == 422, changes
        assert message in page.text, changes
        assert 'id="error-summary"' in page.text
        assert "Urticaire en 2024" in page.text  # what was typed stays
    for changes, message in (
            ({"atc_code": "amoxicilline"}, "J01CA04"),
            ({"started_on": tomorrow.isoformat()}, "This date is in the future."),
            ({"stopped_on": "2026-01-01"}, "date and its reason"),
            ({"medicine": ""}, "Name the medicine.")):
        page = _post(client, f"/safety/people/{awa}/treatment", dict(TREATMENT, **changes))
        assert page.status_code == 422, changes
        assert message in page.text, changes
    assert "Amoxicilline" not in _box(client.get(f"/people/{awa}").text)


def test_it_stops_a_treatment_and_refuses_a_stale_form(app, as_user, awa):
    client = as_user("amina")
    assert _post(client, f"/safety/people/{awa}/treatment", TREATMENT).status_code == 302
    box = _box(client.get(f"/people/{awa}").text)
    assert 'data-safety-treatments="1"' in box and "Salbutamol inhalateur" in box
    edit = re.search(r'href="(/safety/people/[^"]+/treatment\?entry=[^"]+)"', box).group(1)
    first = client.get(edit)
    second = client.get(edit)  # two tabs opened on the same version
    answer = client.post(edit, data=dict(TREATMENT, dose="4 bouffées", version=_version(
        first.text), csrf_token=csrf_token_from(first.text)))
    assert answer.status_code == 302
    stale = client.post(edit, data=dict(TREATMENT, stopped_on="2026-02-01",
                                        stop_reason="completed", version=_version(second.text),
                                        csrf_token=csrf_token_from(second.text)))
    assert stale.status_code == 422 and "Someone else changed this treatment" in stale.text
    assert 'value="2026-02-01"' in stale.text  # what was typed stays, on the current version
    saved = client.post(edit, data=dict(TREATMENT, stopped_on="2026-02-01",
                                        stop_reason="completed", version=_version(stale.text),
                                        csrf_token=csrf_token_from(stale.text)))
    assert saved.status_code == 302
    box = _box(client.get(f"/people/{awa}").text)
    assert 'data-safety-treatments="0"' in box
    assert 'data-medication-current="no"' in client.get(f"/safety/people/{awa}").text


def test_it_audits_changes_with_codes_only_and_the_reads(app, as_user, awa):
    client = as_user("amina")
    _post(client, f"/safety/people/{awa}/allergy", ALLERGY)
    _post(client, f"/safety/people/{awa}/treatment", TREATMENT)
    client.get(f"/safety/people/{awa}")
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.object_type.in_(
            ("allergy", "allergy_status", "medication", "allergy_history")))
            .order_by(AuditEvent.seq)))
        code = db.session.scalar(select(Person.code))
        amina = user("amina").id
    made = [(e.action, e.object_type, e.details) for e in events]
    assert made == [
        # The group and the severity are encrypted on the entry: not in the trail either.
        ("create", "allergy", {"state": "active"}),
        ("create", "medication", {"current": True, "stop_reason": None}),
        ("view", "allergy_history", {"details": True}),
    ]
    assert all(e.person_code == code and e.actor_id == amina for e in events)
    dumped = repr([(e.details, e.object_id, e.purpose) for e in events])
    for secret in ("Amoxicilline", "Urticaire", "Salbutamol", "R03AC02", "Avicenne",
                   "penicillins", "moderate"):
        assert secret not in dumped


def test_it_shows_the_box_in_arabic_right_to_left(app, as_user, awa, add_allergy,
                                                  add_treatment):
    add_allergy(awa, severity=Severity.SEVERE, reaction=Reaction.ANAPHYLAXIS)
    add_treatment(awa)
    with app.app_context():
        user("amina").language = "ar"
        db.session.commit()
        db.session.remove()
    client = as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"
    page = client.get(f"/people/{awa}")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    box = _box(page.text)
    assert "<bdi>Amoxicilline</bdi>" in box and "safety-tag-severe" in box
    assert page.text.index('id="safety"') < page.text.index('id="identity"')  # at the top
    assert client.get(f"/safety/people/{awa}/allergy").status_code == 200
    assert client.get(f"/safety/people/{awa}").status_code == 200


def test_it_shows_allergies_and_treatments_to_an_emergency_reader(
        app, client, as_user, register, add_allergy, add_treatment):
    """Charlie, in Tripoli, opens a Zwara record by break-glass: the box is what he needs."""
    zwara = register("claire", "ZWA", "Haddad", "Amal", born=2007)
    add_allergy(zwara, login="claire")
    add_treatment(zwara, login="claire")
    as_user("charlie")
    with app.app_context():
        code = db.session.scalar(select(Person.code).where(Person.code.is_not(None)))
    form = client.get(f"/people/code/{code}")
    with app.app_context():
        tripoli = site_id("TRI")
    opened = client.post(f"/people/code/{code}/break-glass", data={
        "reason": "Amenée inconsciente au centre de Tripoli, traitements inconnus",
        "site_id": tripoli, "csrf_token": csrf_token_from(form.text)})
    assert opened.status_code == 302
    page = client.get(f"/people/{zwara}")
    box = _box(page.text)
    assert "Amoxicilline" in box and "Urticaire généralisée" in box and "Salbutamol" in box
    assert "Add an allergy" not in box  # an emergency reader records in a note
    assert client.get(f"/safety/people/{zwara}").status_code == 200
    assert client.get(f"/safety/people/{zwara}/allergy").status_code == 403
    with app.app_context():
        reads = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "allergy_history")))
    assert [e.purpose for e in reads] == ["break_glass"]


def test_it_shows_a_psychologists_emergency_reading_the_allergies_not_the_treatments(
        app, client, as_user, register, add_allergy, add_treatment):
    """Yasmine opens a Zwara record by break-glass: the allergy is safety information, the
    treatments tell the illness and stay with the medical discipline (a grant gives no more
    than membership of the team would)."""
    zwara = register("claire", "ZWA", "Haddad", "Amal", born=2007)
    add_allergy(zwara, login="claire")
    add_treatment(zwara, login="claire")
    as_user("yasmine")
    with app.app_context():
        code = db.session.scalar(select(Person.code).where(Person.code.is_not(None)))
        pantin = site_id("PAN")
    form = client.get(f"/people/code/{code}")
    opened = client.post(f"/people/code/{code}/break-glass", data={
        "reason": "Crise suicidaire au centre, traitements inconnus",
        "site_id": pantin, "csrf_token": csrf_token_from(form.text)})
    assert opened.status_code == 302
    box = _box(client.get(f"/people/{zwara}").text)
    assert "Amoxicilline" in box
    assert "Salbutamol" not in box
