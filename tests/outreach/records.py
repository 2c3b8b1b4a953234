"""A real Tripoli outreach session for the access matrix (tests/security).

Written as rows, not through the services: building a URL must leave no audit event
(tests/security/test_csrf.py counts them around requests refused for their token)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.outreach import AccessObtained, OutreachPlace, OutreachSession, PlaceKind
from caseflow.services.outreach.keys import give_key
from tests.support.records import site_id, user

PLACE = "Tripoli port, access matrix quay"
DAY = date(2026, 12, 1)


def outreach_values(app) -> dict:
    """{"outreach_session_id", "place_id"}: a full-access session at Tripoli, made once."""
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
            db.session.commit()
        found = db.session.scalar(select(OutreachSession.id).where(
            OutreachSession.place_id == place.id))
        values = {"outreach_session_id": str(found), "place_id": place.id}
        db.session.remove()
    return values
