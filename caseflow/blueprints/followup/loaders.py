"""Loading an appointment or a referral for the current user: 404 for what they may not see.

Like access.note_or_404: the person is loaded through access.person_or_404
(scope, audit), then the record through the service's visibility rule.
"""

from __future__ import annotations

import uuid

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from caseflow.access import person_or_404
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.appointment import Appointment
from caseflow.models.referral import Referral
from caseflow.services import appointments, referrals


def _uuid_or_404(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        abort(404)


def appointment_or_404(appointment_id, *, write: bool = False):
    aid = _uuid_or_404(appointment_id)
    person_id = db.session.scalar(select(Appointment.person_id).where(Appointment.id == aid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id)
    appointment = appointments.find_visible(current_user, person, aid)
    if appointment is None:
        abort(404)
    if not write:
        record_event(Action.VIEW, actor_id=current_user.id, object_type="appointment",
                     object_id=str(aid), person_code=person.code)
        db.session.commit()
    return person, appointment


def referral_or_404(referral_id, *, write: bool = False, purpose: str | None = None):
    rid = _uuid_or_404(referral_id)
    person_id = db.session.scalar(select(Referral.person_id).where(Referral.id == rid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id, purpose=purpose)
    referral = referrals.find_visible(current_user, person, rid)
    if referral is None:
        abort(404)
    if not write:
        record_event(Action.VIEW, actor_id=current_user.id, object_type="referral",
                     object_id=str(rid), person_code=person.code)
        db.session.commit()
    return person, referral
