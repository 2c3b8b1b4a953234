"""Retention dates (20 years after the last contact; minors until 28; site rules) and the
coordinator's review list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.services import ServiceError
from caseflow.services.safeguards.retention import add_years, past_retention, retention_of, review
from tests.clock import FIXED_NOW
from tests.support.records import (
    add_appointment,
    add_note,
    person,
    set_birth,
    set_last_contact,
    site_id,
    user,
    utc,
)

pytestmark = pytest.mark.time_machine(FIXED_NOW)
TODAY = FIXED_NOW.date()


@pytest.fixture
def app_config():
    return {"RETENTION_YEARS_BY_SITE": {"TRI": 10}}


def test_it_keeps_an_adult_record_20_years_after_the_last_note(app, register):
    pid = register("amina", "PAN", "Bangoura", "Ibrahima", born=1990)
    with app.app_context():
        set_last_contact(pid, date(2010, 5, 4))
        add_note(pid, "amina", "PAN", Discipline.MEDICAL, (TODAY - date(2012, 3, 1)).days)
        retention = retention_of(person(pid))
    assert retention.last_contact == date(2012, 3, 1)
    assert retention.years == 20
    assert retention.until == date(2032, 3, 1)
    assert not retention.extended_for_minor and retention.birth_date_known


def test_it_counts_attended_appointments_but_not_missed_or_planned_ones(app, register):
    from caseflow.models.appointment import AppointmentStatus

    pid = register("amina", "PAN", "Camara", "Fodé", born=1990)
    with app.app_context():
        set_last_contact(pid, date(2001, 1, 10))
        add_appointment(pid, "amina", "PAN", Discipline.MEDICAL, utc(date(2003, 2, 3)),
                        AppointmentStatus.ATTENDED)
        add_appointment(pid, "amina", "PAN", Discipline.MEDICAL, utc(date(2004, 2, 3)),
                        AppointmentStatus.MISSED)
        add_appointment(pid, "amina", "PAN", Discipline.MEDICAL, utc(date(2005, 2, 3)),
                        AppointmentStatus.CANCELLED)
        assert retention_of(person(pid)).last_contact == date(2003, 2, 3)


def test_it_counts_enrolment_activity_as_contact(app, register):
    pid = register("amina", "PAN", "Diabaté", "Sekou", born=1990)
    with app.app_context():
        set_last_contact(pid, date(2001, 1, 10))
        enrolment = db.session.scalar(db.select(Enrolment).where(Enrolment.person_id == person(
            pid).id))
        enrolment.ended_on = date(2006, 7, 8)
        db.session.commit()
        assert retention_of(person(pid)).last_contact == date(2006, 7, 8)


def test_it_keeps_a_minor_record_until_the_28th_birthday_when_later(app, register):
    pid = register("charlie", "TRI", "Ould", "Sidi")
    with app.app_context():
        set_birth(pid, date(2004, 8, 20), "full")
        set_last_contact(pid, date(2016, 3, 1))  # aged 11; Tripoli keeps 10 years
        retention = retention_of(person(pid))
    assert retention.years == 10
    assert retention.after_contact == date(2026, 3, 1)
    assert retention.minor_until == date(2032, 8, 20)
    assert retention.until == date(2032, 8, 20) and retention.extended_for_minor


def test_it_takes_a_year_only_birth_date_as_the_31st_of_december(app, register):
    pid = register("charlie", "TRI", "Ould", "Ahmed", born=2000)  # year precision
    with app.app_context():
        set_last_contact(pid, date(2018, 6, 1))  # maybe 17, maybe 18: taken for a minor
        retention = retention_of(person(pid))
    assert retention.minor_until == date(2028, 12, 31)
    assert retention.until == date(2028, 12, 31)


def test_it_gives_no_extension_without_a_declared_birth_date(app, register):
    pid = register("charlie", "TRI", "Ould", "Salem")  # birth date unknown
    with app.app_context():
        set_last_contact(pid, date(2016, 3, 1))
        retention = retention_of(person(pid))
    assert not retention.birth_date_known
    assert retention.minor_until is None
    assert retention.until == date(2026, 3, 1)


def test_it_applies_the_longest_rule_of_the_sites_that_followed_the_person(app, register):
    pid = register("charlie", "TRI", "Ould", "Brahim", born=1980)
    with app.app_context():
        set_last_contact(pid, date(2012, 1, 1))
        assert retention_of(person(pid)).until == date(2022, 1, 1)
        db.session.add(Enrolment(person_id=person(pid).id, programme="general",
                                 site_id=site_id("PAN"), state="intake",
                                 started_on=date(2012, 1, 1)))
        db.session.commit()
        retention = retention_of(person(pid))
    assert retention.site_codes == ("PAN", "TRI") and retention.years == 20
    assert retention.until == date(2032, 1, 1)


def test_it_adds_years_to_29_february_without_going_earlier():
    assert add_years(date(2004, 2, 29), 20) == date(2024, 2, 29)
    assert add_years(date(2004, 2, 29), 21) == date(2025, 3, 1)


def test_it_refuses_a_wrong_setting_with_a_clear_message(app, register):
    pid = register("amina", "PAN", "Keita", "Moussa", born=1990)
    app.config["RETENTION_YEARS_BY_SITE"] = {"PAN": "ten"}
    with app.app_context(), pytest.raises(ServiceError) as refused:
        retention_of(person(pid))
    assert "RETENTION_YEARS_BY_SITE" in str(refused.value)


def _aged(register, app, family, login, site, last, born=None, precision=None):
    pid = register(login, site, family, "Test")
    with app.app_context():
        if born:
            set_birth(pid, born, precision)
        set_last_contact(pid, last)
    return pid


def test_it_lists_the_records_past_their_date_oldest_first(app, register):
    old = _aged(register, app, "Ancien", "amina", "PAN", date(2001, 1, 1))
    older = _aged(register, app, "Tresancien", "amina", "PAN", date(2000, 1, 1))
    recent = _aged(register, app, "Recent", "amina", "PAN", date(2010, 1, 1))
    short = _aged(register, app, "Tripoli", "charlie", "TRI", date(2012, 1, 1))
    minor = _aged(register, app, "Mineure", "charlie", "TRI", date(2012, 1, 1),
                  date(2005, 5, 5), "full")
    # Year bound (31.12.2000) not past on 1.6.2028, the declared day (15.1.2000) is.
    decrypted = _aged(register, app, "Precise", "charlie", "TRI", date(2017, 6, 1),
                      date(2000, 1, 15), "full")
    with app.app_context():
        codes = {pid: person(pid).code for pid in (old, older, recent, short, minor, decrypted)}
        rows = past_retention(TODAY)
        listed = [row.code for row in rows]
        assert listed[:2] == [codes[older], codes[old]]
        assert codes[short] in listed
        assert codes[recent] not in listed and codes[minor] not in listed
        later = [row.code for row in past_retention(date(2028, 6, 1))]
        assert codes[decrypted] in later and codes[minor] not in later


def test_it_pages_the_review_list_and_audits_it_with_counts_only(app, register):
    for family in ("Un", "Deux", "Trois"):
        _aged(register, app, family, "amina", "PAN", date(2000, 1, 1))
    with app.app_context():
        page = review(user("claire"), page=2, per_page=2)
        assert (page.page, page.pages, page.total, len(page.rows)) == (2, 2, 3, 1)
        from caseflow.models.audit import AuditEvent

        event = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event.object_type == "retention_review"
        assert event.details == {"listed": 3, "page": 2}
        with pytest.raises(ServiceError):
            review(user("amina"))


def test_it_shows_the_review_page_to_the_coordinator_without_names(app, register, as_user):
    pid = _aged(register, app, "Nomcache", "amina", "PAN", date(2000, 1, 1))
    with app.app_context():
        code = person(pid).code
    page = as_user("claire").get("/records/retention")
    assert page.status_code == 200
    assert code in page.text and "Nomcache" not in page.text
    assert f'data-retention-code="{code}"' in page.text


@pytest.mark.parametrize("login", ["amina", "sara", "charlie", "omar", "admin"])
def test_it_refuses_the_review_page_to_everyone_else(app, as_user, login):
    assert as_user(login).get("/records/retention").status_code == 403


def test_it_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/records/retention")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_it_shows_the_retention_date_on_the_erasure_page(app, register, as_user):
    pid = _aged(register, app, "Fofana", "amina", "PAN", TODAY - timedelta(days=400))
    page = as_user("claire").get(f"/people/{pid}/erase")
    assert page.status_code == 200
    assert 'data-testid="retention-current"' in page.text
    assert "Fofana" not in page.text
