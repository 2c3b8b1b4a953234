"""Appointments: scheduling through the form, the daily list per site and per user, status.

Read as sentences: "Amina schedules a consultation for Awa at Pantin at 10:00, Paris time";
"Hugo (Calais) never sees Pantin's appointments"; "Omar never opens the list".
"""

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentKind, AppointmentStatus
from caseflow.models.audit import AuditEvent
from caseflow.services import ServiceError
from caseflow.services.care import appointments
from caseflow.timeline import Window
from tests.clock import FIXED_NOW
from tests.support.records import add_appointment, person, site_id, user, utc, withdraw_team_sharing
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)
TODAY = FIXED_NOW.date()


@pytest.fixture
def awa(register):
    return register("amina", "PAN", "Traoré", "Awa", born=2008)


@pytest.fixture
def yonas(register):
    return register("hugo", "CAL", "Haile", "Yonas", born=2007)


def _schedule(client, person_id, **data):
    page = client.get(f"/people/{person_id}/appointments/new")
    assert page.status_code == 200
    form = {"site_id": "", "discipline": "", "kind": "consultation",
            "day": (TODAY + timedelta(days=1)).isoformat(), "at": "10:00",
            "with_user_id": "0", "note": "", "version": ""}
    form.update(data)
    return client.post(f"/people/{person_id}/appointments/new",
                       data=dict(form, csrf_token=csrf_token_from(page.text)))


def test_it_schedules_an_appointment_in_the_site_s_time_zone(app, client, as_user, awa):
    as_user("amina")
    with app.app_context():
        pantin, amina_id = site_id("PAN"), user("amina").id
    day = TODAY + timedelta(days=1)
    response = _schedule(client, awa, site_id=str(pantin), discipline="medical",
                         day=day.isoformat(), at="10:00", with_user_id=str(amina_id),
                         note="Apporter les radios")
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(Appointment))
        assert row.scheduled_at == utc(day, time(10, 0))  # stored in UTC
        assert row.status == AppointmentStatus.SCHEDULED
        assert row.note == "Apporter les radios"
        assert b"radios" not in row._note_sealed  # encrypted at rest
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "appointment")).all()[-1]
        assert event.action == "create" and "radios" not in str(event.details)

    listed = client.get(f"/appointments/?day={day.isoformat()}")
    assert listed.status_code == 200
    assert "10:00" in listed.text  # shown in Paris time
    assert "Traoré Awa" in listed.text
    assert 'data-entry-discipline="medical"' in listed.text


def test_it_refuses_a_time_that_is_missing_with_a_message(client, as_user, awa):
    as_user("amina")
    response = _schedule(client, awa, at="", discipline="medical")
    assert response.status_code == 200
    assert 'class="error" role="alert"' in response.text


def test_it_schedules_only_in_the_user_s_own_discipline(app, client, as_user, awa):
    as_user("lea")
    response = _schedule(client, awa, discipline="medical")
    assert response.status_code == 200  # the choice is not offered: the form refuses it
    with app.app_context():
        assert db.session.scalar(select(Appointment)) is None
        with pytest.raises(ServiceError):
            appointments.schedule(user("lea"), person(awa), appointments.AppointmentInput(
                site_id=site_id("PAN"), discipline=Discipline.MEDICAL,
                kind=AppointmentKind.CONSULTATION,
                scheduled_at=utc(TODAY + timedelta(days=2)),
            ))


def test_it_lets_a_legal_worker_schedule_a_hearing_and_nobody_else(app, awa):
    with app.app_context():
        when = utc(TODAY + timedelta(days=10), time(9, 30))
        hearing = appointments.schedule(user("lea"), person(awa), appointments.AppointmentInput(
            site_id=site_id("PAN"), discipline=Discipline.LEGAL, kind=AppointmentKind.HEARING,
            scheduled_at=when, note="Tribunal pour enfants de Bobigny"))
        assert hearing.discipline == Discipline.LEGAL
        with pytest.raises(ServiceError) as refused:
            appointments.schedule(user("amina"), person(awa), appointments.AppointmentInput(
                site_id=site_id("PAN"), discipline=Discipline.MEDICAL,
                kind=AppointmentKind.HEARING, scheduled_at=when))
        assert refused.value.field == "kind"


def test_it_does_not_schedule_at_a_site_that_does_not_follow_the_person(app, client, as_user,
                                                                        awa):
    as_user("hugo")
    assert client.get(f"/people/{awa}/appointments/new").status_code == 404
    with app.app_context(), pytest.raises(ServiceError):
        appointments.schedule(user("claire"), person(awa), appointments.AppointmentInput(
            site_id=site_id("CAL"), discipline=Discipline.MEDICAL,
            kind=AppointmentKind.CONSULTATION, scheduled_at=utc(TODAY)))


def _status(client, appointment_id, status, **extra):
    page = client.get("/appointments/")
    return client.post(f"/appointments/{appointment_id}/status",
                       data={"status": status, "csrf_token": csrf_token_from(page.text),
                             "day": TODAY.isoformat(), **extra})


@pytest.mark.parametrize("status", ["attended", "missed", "cancelled"])
def test_it_marks_an_appointment_from_the_daily_list(app, client, as_user, awa, status):
    with app.app_context():
        appointment_id = add_appointment(awa, "amina", "PAN", Discipline.MEDICAL,
                                         utc(TODAY, time(0, 30))).id
    as_user("hugo")
    assert _status(client, appointment_id, status).status_code == 404  # not his site
    as_user("amina")
    page = client.get(f"/appointments/?day={TODAY.isoformat()}")
    assert f'value="{status}"' in page.text
    response = _status(client, appointment_id, status)
    assert response.status_code == 302
    assert f"day={TODAY.isoformat()}" in response.headers["Location"]
    with app.app_context():
        row = db.session.get(Appointment, appointment_id)
        assert row.status == status
        assert row.status_changed_by_id == user("amina").id
        assert row.status_changed_at is not None
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "appointment")).all()[-1]
        assert event.details == {"status": status, "was": "scheduled"}
    page = client.get(f"/appointments/?day={TODAY.isoformat()}")
    assert f'data-appointment-status="{status}"' in page.text


def test_it_refuses_a_status_change_without_the_form_s_token(app, client, as_user, awa):
    with app.app_context():
        appointment_id = add_appointment(awa, "amina", "PAN", Discipline.MEDICAL,
                                         utc(TODAY, time(0, 30))).id
    as_user("amina")
    response = client.post(f"/appointments/{appointment_id}/status", data={"status": "missed"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Appointment, appointment_id).status == "scheduled"


def test_it_does_not_mark_a_future_appointment_attended(app, client, as_user, awa):
    with app.app_context():
        appointment_id = add_appointment(awa, "amina", "PAN", Discipline.MEDICAL,
                                         utc(TODAY + timedelta(days=3))).id
    as_user("amina")
    response = _status(client, appointment_id, "attended")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Appointment, appointment_id).status == "scheduled"
    page = client.get(response.headers["Location"])
    assert "flash-error" in page.text  # the reason is said, the page is not an error


def test_it_lists_the_day_per_site_and_per_user(app, client, as_user, register):
    sara_pan = register("sara", "PAN", "Ahmadi", "Zahra")
    sara_cal = register("sara", "CAL", "Tesfaye", "Selam")
    with app.app_context():
        add_appointment(sara_pan, "sara", "PAN", Discipline.SOCIAL, utc(TODAY, time(9)),
                        with_login="sara")
        add_appointment(sara_cal, "sara", "CAL", Discipline.SOCIAL, utc(TODAY, time(11)))
        add_appointment(sara_cal, "sara", "CAL", Discipline.SOCIAL,
                        utc(TODAY + timedelta(days=1), time(11)))
        pantin, calais, sara_id = site_id("PAN"), site_id("CAL"), user("sara").id
    as_user("sara")
    both = client.get("/appointments/").text  # today, her sites
    assert "Ahmadi Zahra" in both and "Tesfaye Selam" in both
    only_calais = client.get(f"/appointments/?site={calais}").text
    assert "Tesfaye Selam" in only_calais and "Ahmadi Zahra" not in only_calais
    only_pantin = client.get(f"/appointments/?site={pantin}").text
    assert "Ahmadi Zahra" in only_pantin and "Tesfaye Selam" not in only_pantin
    mine = client.get(f"/appointments/?user={sara_id}").text
    assert "Ahmadi Zahra" in mine and "Tesfaye Selam" not in mine
    tomorrow = client.get(f"/appointments/?day={(TODAY + timedelta(days=1)).isoformat()}")
    assert tomorrow.text.count('data-entry-kind="appointment"') == 1

    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "appointment_list")).all()[-1]
        assert event.action == "view" and event.details["shown"] == 1
        assert "Tesfaye" not in str(event.details) and event.person_code is None


@pytest.mark.parametrize("query", ["day=2026-13-45", "day=yesterday", "site=99999",
                                   "site=abc", "user=nobody", "day=%00", "user=99999"])
def test_it_answers_bad_filters_with_a_message_never_a_500(client, as_user, query):
    as_user("amina")
    response = client.get(f"/appointments/?{query}")
    assert response.status_code in (200, 400)  # a page saying what was wrong, never a 500
    assert 'role="alert"' in response.text or response.status_code == 400


# Who sees a Pantin medical appointment on the daily list of Pantin's day.
SEES_PANTIN = {"amina": True, "hugo": False, "yasmine": True, "sara": True, "lea": True,
               "claire": True, "charlie": False}
SEES_PANTIN_WITHOUT_SHARING = {"amina": True, "hugo": False, "yasmine": False, "sara": False,
                               "lea": False, "claire": True, "charlie": False}


@pytest.mark.parametrize("sharing", [True, False])
@pytest.mark.parametrize("login", sorted(SEES_PANTIN))
def test_it_shows_an_appointment_only_to_those_who_may_know(app, client, as_user, awa, login,
                                                            sharing):
    with app.app_context():
        add_appointment(awa, "amina", "PAN", Discipline.MEDICAL, utc(TODAY, time(14)))
        if not sharing:
            withdraw_team_sharing(awa)
        pantin = site_id("PAN")
    as_user(login)
    expected = (SEES_PANTIN if sharing else SEES_PANTIN_WITHOUT_SHARING)[login]
    page = client.get("/appointments/")
    assert page.status_code == 200
    assert ("Traoré Awa" in page.text) is expected
    # Naming another team's site in the URL does not open its list.
    other = client.get(f"/appointments/?site={pantin}")
    assert ("Traoré Awa" in other.text) is expected


@pytest.mark.parametrize("login", ["omar", "admin"])
@pytest.mark.parametrize("path", ["/appointments/", "/follow-up/lost"])
def test_it_never_opens_follow_up_lists_to_data_managers_or_administrators(client, as_user,
                                                                           login, path):
    as_user(login)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("login", ["omar", "admin"])
def test_it_refuses_appointment_pages_to_data_managers_and_administrators(app, client,
                                                                          as_user, awa, login):
    with app.app_context():
        appointment_id = add_appointment(awa, "amina", "PAN", Discipline.MEDICAL,
                                         utc(TODAY + timedelta(days=1))).id
    as_user(login)
    assert client.get(f"/people/{awa}/appointments/new").status_code == 403
    assert client.get(f"/appointments/{appointment_id}/edit").status_code == 403
    assert client.post(f"/appointments/{appointment_id}/status",
                       data={"status": "missed"}).status_code in (400, 403)


def test_it_changes_a_scheduled_appointment_and_refuses_a_stale_form(app, client, as_user,
                                                                     awa):
    with app.app_context():
        appointment_id = add_appointment(awa, "amina", "PAN", Discipline.MEDICAL,
                                         utc(TODAY + timedelta(days=2))).id
        pantin = site_id("PAN")
    as_user("amina")
    page = client.get(f"/appointments/{appointment_id}/edit")
    assert page.status_code == 200
    data = {"site_id": str(pantin), "discipline": "medical", "kind": "follow_up",
            "day": (TODAY + timedelta(days=3)).isoformat(), "at": "15:45",
            "with_user_id": "0", "note": "", "version": "1",
            "csrf_token": csrf_token_from(page.text)}
    assert client.post(f"/appointments/{appointment_id}/edit", data=data).status_code == 302
    stale = client.post(f"/appointments/{appointment_id}/edit", data=data)
    assert stale.status_code == 200  # the second save of version 1 is refused, form kept
    with app.app_context():
        row = db.session.get(Appointment, appointment_id)
        assert row.kind == AppointmentKind.FOLLOW_UP and row.version == 2


def test_it_gives_the_timeline_the_appointments_the_viewer_may_see(app, awa):
    with app.app_context():
        add_appointment(awa, "amina", "PAN", Discipline.MEDICAL,
                        utc(TODAY - timedelta(days=3)), status=AppointmentStatus.ATTENDED,
                        note="Contrôle pansement")
        add_appointment(awa, "lea", "PAN", Discipline.LEGAL, utc(TODAY + timedelta(days=9)),
                        kind=AppointmentKind.HEARING)
        p = person(awa)
        with app.test_request_context():
            seen = appointments.timeline_entries(p, user("lea"), Window(limit=10))
            assert [e.attrs["data-entry-discipline"] for e in seen] == ["legal", "medical"]
            assert seen[0].attrs["data-entry-kind"] == "appointment"
            for entry in seen:
                entry.loader(entry)
            assert seen[1].body is None  # the medical note stays with the medical team
            only_medical = appointments.timeline_entries(
                p, user("amina"), Window(discipline=Discipline.MEDICAL, limit=10))
            assert len(only_medical) == 1
            only_medical[0].loader(only_medical[0])
            assert only_medical[0].body == "Contrôle pansement"
            assert appointments.timeline_entries(p, user("hugo"), Window()) == []
            assert appointments.timeline_entries(p, user("omar"), Window()) == []
            withdraw_team_sharing(awa)
            assert [e.attrs["data-entry-discipline"] for e in appointments.timeline_entries(
                p, user("lea"), Window())] == ["legal"]
