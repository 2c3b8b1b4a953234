"""A TB episode for the access matrix (tests/security): one of the person of `records`.

Written as a row, not through the service: building a URL must leave no audit event
(tests/security/test_csrf.py counts them around requests refused for their token)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.tb import TbEpisode
from caseflow.services.tb.episodes import CODED, DATES
from tests.support.records import site_id, user
from tests.tb.conftest import episode_input

DOCTORS = {"PAN": "amina", "TRI": "charlie"}


def tb_values(app, records) -> dict:
    """{"episode_id": ...}: an episode on treatment, made once."""
    with app.app_context():
        found = db.session.scalar(select(TbEpisode.id).where(
            TbEpisode.person_id == uuid.UUID(records.person_id)))
        if found is None:
            data = episode_input(started=date(2026, 1, 5), register_number="LY-0001")
            episode = TbEpisode(person_id=uuid.UUID(records.person_id),
                                site_id=site_id(records.site),
                                author_id=user(DOCTORS[records.site]).id)
            db.session.add(episode)
            for name in (*CODED, *DATES):
                setattr(episode, name, getattr(data, name))
            episode.register_number = data.register_number
            db.session.commit()
            found = episode.id
        values = {"episode_id": str(found)}
        db.session.remove()
    return values
