"""A real Tripoli outreach session for the access matrix (tests/security).

Written as rows, not through the services: building a URL must leave no audit event
(tests/security/test_csrf.py counts them around requests refused for their token)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.outreach import (
    AccessObtained,
    AgeGroup,
    OutreachContact,
    OutreachPlace,
    OutreachReferral,
    OutreachSession,
    PlaceKind,
    Triage,
)
from caseflow.services.outreach.keys import give_key
from caseflow.vocabulary import Sex
from tests.support.records import site_id, user

PLACE = "Tripoli port, access matrix quay"
DAY = date(2026, 12, 1)


def outreach_values(app) -> dict:
    """{"outreach_session_id", "place_id", "contact_id", "link_id"}: a full-access session at
    Tripoli with one contact, made once. Deciding on a link is a POST of the coordinator: no
    row needed for a GET (405), an unknown link is refused like any unknown id."""
    with app.app_context():
        place = db.session.scalar(select(OutreachPlace).where(OutreachPlace.name == PLACE))
        if place is None:
            place = OutreachPlace(site_id=site_id("TRI"), name=PLACE,
                                  kind=PlaceKind.DISEMBARKATION_POINT)
            db.session.add(place)
            db.session.flush()
            session = OutreachSession(site_id=place.site_id, place_id=place.id, held_on=DAY,
                                      access=AccessObtained.FULL, declined_count=0,
                                      created_by_id=user("charlie").id)
            give_key(session)
            db.session.add(session)
            db.session.flush()
            charlie = user("charlie").id
            db.session.add(OutreachContact(
                session_id=session.id, number=1, sex=Sex.MALE, age_group=AgeGroup.AGE_18_59,
                triage=Triage.GREEN, referral=OutreachReferral.NONE,
                consent_explained_by_id=charlie, recorded_by_id=charlie))
            db.session.commit()
        found = db.session.scalar(select(OutreachSession.id).where(
            OutreachSession.place_id == place.id))
        contact = db.session.scalar(select(OutreachContact.id).where(
            OutreachContact.session_id == found))
        values = {"outreach_session_id": str(found), "place_id": place.id,
                  "contact_id": str(contact), "link_id": "00000000-0000-4000-8000-000000000000"}
        db.session.remove()
    return values
