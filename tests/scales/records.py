"""A scale result for the access matrix (tests/security): a PHQ-A Yasmine gave the person
of `records` (a mental-health result, shared with the care team by the person's consent).

Written as a row, not through the service: building a URL must leave no audit event
(tests/security/test_csrf.py counts them around requests refused for their token)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.scale_result import ScaleResult
from tests.support.records import site_id, user


def scales_values(app, records) -> dict:
    """{"result_id": ..., "scale_code": "gad7"}: a result, made once."""
    with app.app_context():
        found = db.session.scalar(select(ScaleResult.id).where(
            ScaleResult.person_id == uuid.UUID(records.person_id)))
        if found is None:
            result = ScaleResult(person_id=uuid.UUID(records.person_id),
                                 site_id=site_id(records.site), author_id=user("yasmine").id,
                                 discipline=Discipline.MENTAL_HEALTH, scale="phqa",
                                 administered_on=date(2026, 1, 5))
            db.session.add(result)
            result.answers = {str(n): 1 for n in range(1, 10)}
            result.total = 9
            result.band = "mild"
            result.outcome = {"subscores": {}, "flags": ["suicidal_thoughts"],
                              "thermometer": None}
            db.session.commit()
            found = result.id
        values = {"result_id": str(found), "scale_code": "gad7"}
        db.session.remove()
    return values
