"""Outreach (issue 19): places and sessions made through the services, as the personas would."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.extensions import db
from caseflow.models.outreach import AccessObtained, PlaceKind
from caseflow.services.outreach import places, sessions
from caseflow.services.outreach.contacts import ContactInput, add_contact
from tests.support.records import site_id, user

DAY = date(2026, 12, 1)


def make_place(name="Tripoli port, quay 3", kind=PlaceKind.DISEMBARKATION_POINT, site="TRI"):
    return places.add_place(user("claire"), places.PlaceInput(site_id(site), name, kind)).id


def make_session(place_id, access=AccessObtained.FULL, reason="", login="charlie",
                 team="Charlie, Mariam"):
    return sessions.create_session(user(login), sessions.SessionInput(
        place_id=place_id, held_on=DAY, access=access, team=team, refusal_reason=reason)).id


def contact_input(number, **values) -> ContactInput:
    base = {"number": number, "sex": "male", "age_group": "18_59", "triage": "green",
            "referral": "none", "nationality": "SD", "complaint_code": "scabies",
            "consent_explained_by_id": user("charlie").id, "consent_confirmed": True}
    base.update(values)
    return ContactInput(**base)


def make_contact(session_id, number, **values):
    session = sessions.session_for(user("charlie"), session_id)
    return add_contact(user("charlie"), session, contact_input(number, **values))


@pytest.fixture
def quay(app):
    """A disembarkation point at Tripoli, and a full-access session there by Charlie."""
    with app.app_context():
        place_id = make_place()
        session_id = make_session(place_id)
        db.session.remove()
    return place_id, session_id


@pytest.fixture(autouse=True)
def english_browser(client):
    """These tests read the pages' messages in English (the msgids): the browser asks for it."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
