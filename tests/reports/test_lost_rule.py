"""The indicator "lost to follow-up" is the follow-up queue's rule, in SQL, for a month.

The coordinator compares the dashboard with the queue of lost people: on the same
day they must name the same people. Checked on generated data (programmes with
different thresholds, missed appointments, old and recent contacts), over the
current month, whose last day the queue is asked about.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.reports.period import Month
from caseflow.reports.sources import lost
from caseflow.services.demo_scale import generate
from caseflow.services.follow_up import compute_lost
from tests.people.conftest import user


def test_it_names_the_same_people_as_the_follow_up_queue(app):
    with app.app_context():
        generate(150, 1500, seed=11, certificates=0)
        month = Month.of(date.today())
        last_day = date.fromordinal(month.end.toordinal() - 1)
        end = datetime(month.end.year, month.end.month, month.end.day)
        in_sql = {row.person_id for row in db.session.execute(lost(month))}
        queue = {row.person.id for row in
                 compute_lost(user("claire"), None, today=last_day, now=end)}
        assert len(queue) > 10  # the data has lost people, or the test proves nothing
        assert in_sql == queue


def test_it_does_not_count_a_person_seen_within_the_threshold(app):
    with app.app_context():
        generate(40, 400, seed=12, certificates=0)
        month = Month.of(date.today())
        from caseflow.models.note import Note

        recent = db.session.scalars(select(Note.person_id).where(
            Note.occurred_at >= datetime(month.start.year, month.start.month, 1))).all()
        in_sql = {row.person_id for row in db.session.execute(lost(month))}
        assert recent and not in_sql & set(recent)
