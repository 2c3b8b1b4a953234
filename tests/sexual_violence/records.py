"""A sexual-violence consultation for the access matrix (tests/security): one of the
person of `records`.

Written as a row, not through the service: building a URL must leave no audit event
(tests/security/test_csrf.py counts them around requests refused for their token)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.sexual_violence import (
    CARE_ITEMS,
    CareStatus,
    Delay,
    NotGivenReason,
    SvConsultation,
)
from tests.support.records import site_id, user

DOCTORS = {"PAN": "amina", "TRI": "charlie"}


def sv_values(app, records) -> dict:
    """{"consultation_id": ...}: a consultation of an hour ago, made once."""
    with app.app_context():
        found = db.session.scalar(select(SvConsultation.id).where(
            SvConsultation.person_id == uuid.UUID(records.person_id)))
        if found is None:
            c = SvConsultation(person_id=uuid.UUID(records.person_id),
                               site_id=site_id(records.site),
                               author_id=user(DOCTORS[records.site]).id,
                               consulted_at=utcnow() - timedelta(hours=1),
                               assault_approx=Delay.UNKNOWN, delay=Delay.UNKNOWN)
            db.session.add(c)
            for item in CARE_ITEMS:
                setattr(c, f"{item}_status", CareStatus.NOT_GIVEN)
                setattr(c, f"{item}_reason", NotGivenReason.NOT_INDICATED)
            db.session.commit()
            found = c.id
        values = {"consultation_id": str(found)}
        db.session.remove()
    return values
