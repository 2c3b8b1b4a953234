"""Charlie opens a Zwara record in an emergency: what he reads, writes, and what is recorded."""

import json
import logging
from datetime import timedelta

from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.break_glass import BreakGlassAccess
from caseflow.timezones import to_local
from caseflow.vocabulary import Confidentiality
from tests.break_glass.conftest import REASON, code_of, events, grants
from tests.support.records import site_id
from tests.support.web import csrf_token_from


def test_it_opens_the_record_after_a_reason_and_records_it(app, client, open_glass,
                                                           zwara_person):
    answer = open_glass("charlie", zwara_person)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/people/{zwara_person}"
    (grant,) = grants(app)
    assert grant.review == "pending"
    with app.app_context():
        assert grant.site_id == site_id("TRI")
        assert db.session.get(BreakGlassAccess, grant.id).reason == REASON
    assert grant.expires_at - grant.opened_at == timedelta(minutes=120)

    page = client.get(f"/people/{zwara_person}")
    assert page.status_code == 200
    assert "Haddad" in page.text
    with app.app_context():
        until = to_local(grant.expires_at, site_id("TRI")).strftime("%H:%M")
    assert f'data-break-glass-until="{until}"' in page.text
    assert "chaque page que vous ouvrez est enregistrée" in page.text  # the banner

    code = code_of(app, zwara_person)
    (opened,) = events(app, action="break_glass")
    assert (opened.person_code, opened.purpose, opened.object_id) == (
        code, "break_glass", str(grant.id))
    views = events(app, action="view", object_type="person", actor_id=grant.user_id)
    assert views and all(e.purpose == "break_glass" for e in views)
    assert all(e.details == {"break_glass": str(grant.id)} for e in views)


def test_it_keeps_the_reason_out_of_the_audit_trail_and_the_logs(app, client, open_glass,
                                                                 zwara_person, caplog):
    caplog.set_level(logging.DEBUG)
    open_glass("charlie", zwara_person)
    client.get(f"/people/{zwara_person}")
    client.post(f"/people/code/{code_of(app, zwara_person)}/break-glass",
                data={"reason": "x" * 2000, "site_id": 1, "csrf_token": "bad"})
    dumped = json.dumps([{c.name: str(getattr(e, c.name)) for c in e.__table__.columns}
                         for e in events(app)])
    for secret in (REASON, "unconscious", "Haddad", "Amal"):
        assert secret not in dumped
        assert secret not in caplog.text


def test_it_asks_for_a_real_reason(app, client, as_user, zwara_person):
    as_user("charlie")
    code = code_of(app, zwara_person)
    form = client.get(f"/people/code/{code}")
    token = csrf_token_from(form.text)
    with app.app_context():
        tripoli, pantin = site_id("TRI"), site_id("PAN")
    for data in ({"reason": "urgent", "site_id": tripoli},
                 {"reason": "", "site_id": tripoli},
                 {"reason": "a" * 1001, "site_id": tripoli},
                 {"reason": REASON, "site_id": pantin},
                 {"reason": REASON, "site_id": "Tripoli"}):
        page = client.post(f"/people/code/{code}/break-glass", data={**data, "csrf_token": token})
        assert page.status_code == 200, data
        assert 'class="error"' in page.text, data
    assert client.post(f"/people/code/{code}/break-glass",
                       data={"reason": REASON, "site_id": tripoli}).status_code == 400  # CSRF
    assert grants(app) == []
    assert client.get(f"/people/{zwara_person}").status_code == 404


def test_it_stops_when_the_grant_expires(app, client, open_glass, zwara_person):
    open_glass("charlie", zwara_person)
    assert client.get(f"/people/{zwara_person}").status_code == 200
    with app.app_context():
        db.session.execute(update(BreakGlassAccess).values(
            expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert client.get(f"/people/{zwara_person}").status_code == 404
    again = client.get(f"/people/code/{code_of(app, zwara_person)}")
    assert 'data-break-glass-offer' in again.text


def test_it_goes_straight_to_the_record_while_the_grant_lasts(app, client, open_glass,
                                                              zwara_person):
    open_glass("charlie", zwara_person)
    answer = client.get(f"/people/code/{code_of(app, zwara_person)}")
    assert answer.headers["Location"] == f"/people/{zwara_person}"
    assert len(grants(app)) == 1


def test_it_does_not_show_the_banner_on_other_pages(app, client, open_glass, zwara_person,
                                                    register):
    open_glass("charlie", zwara_person)
    own = register("charlie", "TRI", "Okoro", "Ben")
    assert "data-break-glass-until" not in client.get(f"/people/{own}").text
    assert "data-break-glass-until" not in client.get("/people/").text


def test_it_reads_only_the_users_discipline_and_never_private_notes(app, client, open_glass,
                                                                    register, write_note):
    person = register("amina", "PAN", "Mengistu", "Hanna", born=2008)
    notes = {
        ("amina", "team"): write_note("amina", person, Confidentiality.TEAM),
        ("amina", "discipline"): write_note("amina", person, Confidentiality.DISCIPLINE),
        ("amina", "private"): write_note("amina", person, Confidentiality.PRIVATE),
        ("yasmine", "team"): write_note("yasmine", person, Confidentiality.TEAM),
        ("sara", "team"): write_note("sara", person, Confidentiality.TEAM),
    }
    open_glass("charlie", person)
    page = client.get(f"/people/{person}").text
    shown = {note_id for note_id in notes.values() if f"/notes/{note_id}" in page}
    readable = {notes[("amina", "team")], notes[("amina", "discipline")]}
    assert readable <= shown
    assert not (set(notes.values()) - readable) & shown
    for key, note_id in notes.items():
        expected = 200 if note_id in readable else 404
        assert client.get(f"/notes/{note_id}").status_code == expected, key
    note_views = events(app, action="view", object_type="note", actor_id=grants(app)[0].user_id)
    assert note_views and all(e.purpose == "break_glass" for e in note_views)


def test_it_refuses_every_change_print_or_export(app, client, open_glass, zwara_person):
    open_glass("charlie", zwara_person)
    for url in (f"/people/{zwara_person}/edit", f"/people/{zwara_person}/consents/new",
                f"/people/{zwara_person}/enrol", f"/people/{zwara_person}/transfer",
                f"/people/{zwara_person}/card", f"/people/{zwara_person}/appointments/new",
                f"/people/{zwara_person}/referrals/new"):
        assert client.get(url).status_code == 403, url


def test_it_lets_the_emergency_doctor_record_what_he_did(app, client, as_user, open_glass,
                                                         zwara_person):
    open_glass("charlie", zwara_person)
    form = client.get(f"/people/{zwara_person}/notes/new")
    assert form.status_code == 200
    with app.app_context():
        tripoli, zwara = site_id("TRI"), site_id("ZWA")
    assert f'value="{tripoli}"' in form.text and f'value="{zwara}"' not in form.text
    data = {"kind": "medical_consultation", "site_id": tripoli,
            "occurred_at": to_local_now(app, tripoli), "confidentiality": "team",
            "interpreter_kind": "none_needed", "text": "Rehydrated, stable",
            "csrf_token": csrf_token_from(form.text)}
    saved = client.post(f"/people/{zwara_person}/notes/new", data=data)
    assert saved.status_code == 302, saved.text
    (created,) = events(app, action="create", object_type="note")
    assert (created.purpose, created.site_id) == ("break_glass", tripoli)
    refused = client.post(f"/people/{zwara_person}/notes/new", data={**data, "site_id": zwara})
    assert "Rehydrated" in refused.text and len(events(app, action="create",
                                                       object_type="note")) == 1
    as_user("claire")  # the person's team reads what was done
    assert "Rehydrated, stable" in client.get(f"/people/{zwara_person}").text


def to_local_now(app, site):
    with app.app_context():
        return to_local(utcnow() - timedelta(minutes=5), site).strftime("%Y-%m-%dT%H:%M")
