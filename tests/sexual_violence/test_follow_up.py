"""Follow-up visits created from the consultation: 2 weeks, 1, 3 and 6 months after it, on
the site's day at 10:00; the clinician unticks one; a step is never created twice and an
appointment already there that day is reused; the visits are ordinary medical
appointments, on the person's timeline and on the worklist on their day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from sqlalchemy import func, select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment
from caseflow.models.sexual_violence import FollowUpStep, SvConsultation
from caseflow.services.sexual_violence import consultations, follow_up
from tests.sexual_violence.conftest import NOW, consultation_input
from tests.support.records import add_appointment, person, user, utc

ALL = frozenset(FollowUpStep)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2026, 11, 15), 3, date(2027, 2, 15)),
])
def test_it_adds_months_keeping_to_the_months_last_day(start, months, expected):
    assert follow_up.add_months(start, months) == expected


def _record(app, person_id, wanted=ALL):
    with app.app_context():
        amina, who = user("amina"), person(person_id)
        c = consultations.create(amina, who, consultation_input(pep=True))
        steps = follow_up.create(amina, who, c, wanted)
        return str(c.id), steps


def _scheduled(app, person_id) -> list[datetime]:
    with app.app_context():
        return list(db.session.scalars(select(Appointment.scheduled_at).where(
            Appointment.person_id == __import__("uuid").UUID(person_id))
            .order_by(Appointment.scheduled_at)))


@pytest.mark.time_machine(NOW)
def test_it_creates_the_ticked_visits_on_the_right_days(app, mariam):
    _cid, steps = _record(app, mariam, ALL - {FollowUpStep.MONTH_1})
    assert steps == [FollowUpStep.WEEKS_2, FollowUpStep.MONTHS_3, FollowUpStep.MONTHS_6]
    # 9 March 2026 10:00 in Paris: 23 March, 9 June (summer time), 9 September.
    assert _scheduled(app, mariam) == [utc(date(2026, 3, 23), time(10)),
                                       utc(date(2026, 6, 9), time(10)),
                                       utc(date(2026, 9, 9), time(10))]
    with app.app_context():
        a = db.session.scalars(select(Appointment)).first()
        assert a.discipline == Discipline.MEDICAL and a.kind.value == "follow_up"
        assert a.note is None  # nothing says why to whoever sees the person's appointments


@pytest.mark.time_machine(NOW)
def test_it_never_creates_a_step_twice_and_reuses_an_appointment_of_that_day(app, mariam):
    with app.app_context():
        existing = add_appointment(mariam, "amina", "PAN", Discipline.MEDICAL,
                                   utc(date(2026, 4, 9), time(15)), with_login="amina").id
    cid, _steps = _record(app, mariam, {FollowUpStep.WEEKS_2})
    with app.app_context():
        c = db.session.get(SvConsultation, __import__("uuid").UUID(cid))
        again = follow_up.create(user("amina"), person(mariam), c, ALL)
        assert again == [FollowUpStep.MONTH_1, FollowUpStep.MONTHS_3, FollowUpStep.MONTHS_6]
        assert follow_up.create(user("amina"), person(mariam), c, ALL) == []
        linked = {f.step: f.appointment_id for f in c.follow_ups}
        assert linked[FollowUpStep.MONTH_1] == existing
        assert db.session.scalar(select(func.count(Appointment.id))) == 4


@pytest.mark.time_machine(NOW)
def test_the_pages_create_them_and_the_clinician_can_untick_one(app, as_user, mariam):
    from tests.sexual_violence.test_consultation import FORM, _post_new

    client = as_user("amina")
    answer = _post_new(client, mariam, follow_up_month_1=None)
    assert answer.status_code == 302
    assert len(_scheduled(app, mariam)) == 3
    page = client.get(answer.headers["Location"])
    assert 'data-sv-step="month_1"' in page.text and "Schedule these visits" in page.text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    cid = answer.headers["Location"].rsplit("/", 1)[1]
    client.post(f"/svc/{cid}/follow-up", data={"csrf_token": token, "follow_up_month_1": "y"})
    assert len(_scheduled(app, mariam)) == 4
    assert FORM["follow_up_weeks_2"] == "y"


def test_the_visits_are_on_the_timeline_and_on_the_worklist_on_their_day(app, as_user,
                                                                         mariam):
    with time_machine.travel(NOW, tick=False):
        _record(app, mariam)
        with app.app_context():
            ids = [str(i) for i in db.session.scalars(select(Appointment.id).order_by(
                Appointment.scheduled_at))]
        timeline = as_user("amina").get(f"/people/{mariam}").text
        assert timeline.count('data-entry-kind="appointment"') >= 4
        assert all(i in timeline for i in ids)
    # 23 March, 08:00 in Paris: the two-week visit is on Amina's worklist.
    with time_machine.travel(datetime(2026, 3, 23, 7, 0, tzinfo=UTC), tick=False):
        home = as_user("amina").get("/").text
        section = home.split('id="appointments"')[1].split("</section>")[0]
        assert re.findall(r'data-appointment-id="([^"]+)"', section) == [ids[0]]
        # ... and Hugo (Calais) does not see it.
        other = as_user("hugo").get("/").text.split('id="appointments"')[1]
        assert ids[0] not in other.split("</section>")[0]
