"""Issue 14: appointments before the person's birth, and days the daily list cannot show.

"Amina cannot book a consultation for a baby born on 10 January on 5 January";
"a day typed as 9999-12-31 or 0001-01-01 in the address gets a clear message, never an
error page".
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentKind
from caseflow.models.person import Person
from caseflow.services import ServiceError
from caseflow.services.care import appointments
from caseflow.services.intake.people import Identity, register_person
from caseflow.timezones import utc_from_local
from caseflow.vocabulary import BirthDatePrecision
from tests.support.records import PARIS, site_id, user
from tests.support.web import csrf_token_from

NOW = datetime(2026, 1, 15, 11, 0, tzinfo=UTC)
pytestmark = pytest.mark.time_machine(NOW, tick=False)


def _baby(app) -> str:
    """Born on 10 January 2026 (full date), followed at Pantin."""
    with app.app_context():
        person = register_person(
            user("amina"), Identity(family_name="Bebe", given_names="Amani",
                                    birth_date=date(2026, 1, 10),
                                    birth_precision=BirthDatePrecision.FULL),
            site_id=site_id("PAN"), programme="general")
        return str(person.id)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Appointment))


def test_it_refuses_through_the_form_an_appointment_before_the_person_s_birth(
        app, client, as_user):
    person_id = _baby(app)
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/people/{person_id}/appointments/new")
    with app.app_context():
        pantin = site_id("PAN")
    form = {"site_id": str(pantin), "discipline": "medical", "kind": "consultation",
            "day": "2026-01-05", "at": "10:00", "with_user_id": "0", "note": "",
            "version": "", "csrf_token": csrf_token_from(page.text)}
    response = client.post(f"/people/{person_id}/appointments/new", data=form)
    assert response.status_code == 200
    assert "before the person&#39;s declared date of birth" in response.text
    with app.app_context():
        assert _count() == 0
    form["day"] = "2026-01-10"  # the day of birth itself is fine
    assert client.post(f"/people/{person_id}/appointments/new",
                       data=form).status_code == 302


def test_it_refuses_in_the_service_to_move_an_appointment_before_the_birth(app):
    person_id = _baby(app)
    with app.app_context():
        person, amina = db.session.get(Person, uuid.UUID(person_id)), user("amina")

        def planned(day):
            return appointments.AppointmentInput(
                site_id=site_id("PAN"), discipline=Discipline.MEDICAL,
                kind=AppointmentKind.CONSULTATION,
                scheduled_at=utc_from_local(datetime(day.year, day.month, day.day, 10), PARIS))

        booked = appointments.schedule(amina, person, planned(date(2026, 1, 20)))
        with pytest.raises(ServiceError) as refused:
            appointments.update(amina, person, booked, planned(date(2026, 1, 9)))
        assert refused.value.field == "day"
        db.session.rollback()
        assert db.session.get(Appointment, booked.id).scheduled_at.day == 20


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1000-01-01", "9000-06-15"])
def test_it_answers_a_day_out_of_range_with_a_message_not_an_error(app, client, as_user, day):
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(f"/appointments/?day={day}", follow_redirects=True)
    assert response.status_code in (200, 400)
    assert "Choose a day between" in response.text


def test_it_still_shows_a_far_but_sensible_day(app, client, as_user):
    as_user("amina")
    response = client.get("/appointments/?day=2001-01-01")
    assert response.status_code == 200
    assert 'value="2001-01-01"' in response.text
