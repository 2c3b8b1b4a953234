"""Outreach places and sessions (issue 19): read as sentences.

"Claire adds a quay to Tripoli's list; Charlie may not." "A detention visit refused is
recorded with its reason, and takes no contact." "Partial access keeps counts that add
up: no more seen than present, none negative, each mistake named beside its field."
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.audit import Action
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.outreach import AccessObtained, OutreachPlace, OutreachSession, PlaceKind
from caseflow.services import ServiceError
from caseflow.services.outreach import InputErrors, places, sessions
from tests.outreach.conftest import make_place, make_session
from tests.support.records import site_id, user


def _events(object_type):
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == object_type).order_by(AuditEvent.seq)))


def test_it_lets_the_coordinator_add_a_place_and_nobody_else(app):
    with app.app_context():
        place_id = make_place()
        assert db.session.get(OutreachPlace, place_id).kind is PlaceKind.DISEMBARKATION_POINT
        assert [e.action for e in _events("outreach_place")] == [Action.CREATE.value]
        with pytest.raises(ServiceError):
            places.add_place(user("charlie"), places.PlaceInput(
                site_id("TRI"), "Tajoura", PlaceKind.DETENTION_CENTRE))


def test_it_adds_places_through_the_coordinators_page_only(app, as_user, form_token):
    client = as_user("claire")
    page = client.get("/outreach/places")
    assert page.status_code == 200
    with app.app_context():
        tripoli = site_id("TRI")
    response = client.post("/outreach/places", data={
        "csrf_token": form_token("/outreach/places"), "site_id": str(tripoli),
        "name": "Tajoura", "kind": "detention_centre"})
    assert response.status_code == 302
    refused = client.post("/outreach/places", data={
        "csrf_token": form_token("/outreach/places"), "site_id": str(tripoli), "name": " ",
        "kind": "detention_centre"})
    assert refused.status_code == 422 and "Give the place&#39;s name." in refused.text
    as_user("charlie")
    assert client.get("/outreach/places").status_code == 403


def test_it_renames_and_deactivates_a_place(app, as_user, form_token):
    with app.app_context():
        place_id = make_place()
        db.session.remove()
    client = as_user("claire")
    response = client.post(f"/outreach/places/{place_id}", data={
        "csrf_token": form_token("/outreach/places"), "name": "Tripoli port, quay 4",
        "kind": "disembarkation_point", "version": "1"})
    assert response.status_code == 302
    with app.app_context():
        place = db.session.get(OutreachPlace, place_id)
        assert (place.name, place.active) == ("Tripoli port, quay 4", False)
        assert places.places(active_only=True) == []


def test_it_keeps_a_refused_access_with_its_reason_and_takes_no_contact(app, as_user,
                                                                       form_token):
    with app.app_context():
        place_id = make_place("Tajoura", PlaceKind.DETENTION_CENTRE)
        with pytest.raises(InputErrors) as missing:
            make_session(place_id, AccessObtained.REFUSED)
        assert "refusal_reason" in missing.value.errors
        session_id = make_session(place_id, AccessObtained.REFUSED,
                                  reason="Guard commander: no visit without a new letter")
        db.session.remove()
        raw = db.session.execute(select(OutreachSession.__table__.c.refusal_reason)).scalar()
        assert b"Guard commander" not in raw
    client = as_user("charlie")
    page = client.get(f"/outreach/sessions/{session_id}")
    assert "Guard commander: no visit without a new letter" in page.text
    assert 'name="consent_confirmed"' not in page.text
    token = form_token(f"/outreach/sessions/{session_id}")
    response = client.post(f"/outreach/sessions/{session_id}/contacts", data={
        "csrf_token": token, "number": "1", "sex": "male", "age_group": "18_59",
        "triage": "green", "consent_confirmed": "yes"})
    assert response.status_code == 422
    assert "Access was refused" in response.text
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(
            db.metadata.tables["outreach_contact"])) == 0


def test_it_validates_the_counts_of_a_partial_access(app, as_user, form_token):
    with app.app_context():
        place_id = make_place("Abu Salim", PlaceKind.DETENTION_CENTRE)
        session_id = make_session(place_id, AccessObtained.PARTIAL)
        db.session.remove()
    client = as_user("charlie")
    url = f"/outreach/sessions/{session_id}"
    bad = client.post(url + "/counts", data={
        "csrf_token": form_token(url), "version": "1", "present_count": "40",
        "seen_count": "55", "female_count": "-3", "referred_count": "x"})
    assert bad.status_code == 422
    assert "A whole number, 0 or more." in bad.text
    assert 'value="-3"' in bad.text  # what was typed comes back
    again = client.post(url + "/counts", data={
        "csrf_token": form_token(url), "version": "1", "present_count": "40",
        "seen_count": "55"})
    assert "More people seen (55) than present (40)." in again.text
    groups = client.post(url + "/counts", data={
        "csrf_token": form_token(url), "version": "1", "present_count": "120",
        "seen_count": "30", "female_count": "20", "male_count": "15"})
    assert "Women and men add up to 35, more than the 30 people seen." in groups.text
    good = client.post(url + "/counts", data={
        "csrf_token": form_token(url), "version": "1", "present_count": "120",
        "seen_count": "30", "female_count": "4", "male_count": "26", "under_5_count": "1",
        "age_5_17_count": "6", "age_18_59_count": "23", "referred_count": "3"})
    assert good.status_code == 302
    with app.app_context():
        session = db.session.get(OutreachSession, session_id)
        assert (session.present_count, session.seen_count, session.referred_count,
                session.age_60_plus_count) == (120, 30, 3, None)
        update = next(e for e in _events("outreach_session")
                      if e.action == Action.UPDATE.value)
        assert update.details["changed"][:2] == ["present_count", "seen_count"]


def test_it_refuses_stale_counts(app):
    with app.app_context():
        session_id = make_session(make_place(), AccessObtained.PARTIAL)
        session = sessions.session_for(user("charlie"), session_id)
        sessions.update_counts(user("charlie"), session,
                               sessions.parse_counts({"present_count": 10}), 1)
        with pytest.raises(ServiceError):
            sessions.update_counts(user("charlie"), session,
                                   sessions.parse_counts({"present_count": 12}), 1)


def test_it_records_a_session_through_the_form(app, as_user, form_token):
    with app.app_context():
        place_id = make_place()
        db.session.remove()
    client = as_user("charlie")
    missing = client.post("/outreach/new", data={"csrf_token": form_token("/outreach/new"),
                                                 "place_id": str(place_id), "held_on": "",
                                                 "access": "full", "team": "Charlie"})
    assert missing.status_code == 422 and "Give the date of the session." in missing.text
    assert 'value="Charlie"' in missing.text
    made = client.post("/outreach/new", data={"csrf_token": form_token("/outreach/new"),
                                              "place_id": str(place_id),
                                              "held_on": "2026-12-01", "access": "full"})
    assert made.status_code == 302
    assert client.get("/outreach/").status_code == 200


def test_it_hides_a_session_from_another_sites_clinician_and_the_data_manager(
        app, as_user, quay):
    _, session_id = quay
    client = as_user("hugo")
    assert client.get(f"/outreach/sessions/{session_id}").status_code == 404
    assert client.get("/outreach/sessions/not-a-uuid").status_code == 404
    as_user("omar")
    assert client.get(f"/outreach/sessions/{session_id}").status_code == 403
    assert client.get("/outreach/").status_code == 403
    as_user("claire")
    assert client.get(f"/outreach/sessions/{session_id}").status_code == 200
    as_user("charlie")
    assert client.get(f"/outreach/sessions/{session_id}").status_code == 200
    with app.app_context():
        views = [e for e in _events("outreach_session") if e.action == Action.VIEW.value]
        assert len(views) == 2
