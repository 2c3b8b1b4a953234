"""Lost to follow-up, against hand-built data with known answers.

Minority recourse allows 30 days without contact, the general programme 90.
"""

from datetime import time, timedelta

import pytest
from sqlalchemy import event, select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentStatus
from caseflow.models.audit import AuditEvent
from caseflow.services.care import follow_up
from caseflow.services.intake.transfers import transfer
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.clock import FIXED_NOW
from tests.support.records import (
    add_appointment,
    add_note,
    person,
    site_id,
    start_enrolment,
    user,
    utc,
    withdraw_team_sharing,
)

pytestmark = pytest.mark.time_machine(FIXED_NOW)
TODAY = FIXED_NOW.date()


def lost_codes(login, site=None) -> dict[str, follow_up.LostRow]:
    viewer = user(login)
    rows = follow_up.compute_lost(viewer, follow_up.team_site_ids(viewer, site))
    return {r.person.code: r for r in rows}


@pytest.fixture
def minor(app, register):
    """register a minor in minority recourse at Pantin, enrolled 100 days ago."""

    def _minor(family, given="", site="PAN", login="amina", days_ago=100):
        person_id = register(login, site, family, given, programme="minority_recourse")
        with app.app_context():
            start_enrolment(person_id, days_ago)
            return person_id, person(person_id).code

    return _minor


def test_it_lists_a_person_past_the_programme_threshold_and_not_one_within_it(app, minor):
    crossed, crossed_code = minor("Traoré", "Awa")
    within, _within_code = minor("Koné", "Fatou")
    with app.app_context():
        add_note(crossed, "amina", "PAN", Discipline.MEDICAL, days_ago=31)
        add_note(crossed, "yasmine", "PAN", Discipline.MENTAL_HEALTH, days_ago=45)
        add_note(within, "amina", "PAN", Discipline.MEDICAL, days_ago=29)
        found = lost_codes("amina")
    assert set(found) == {crossed_code}
    row = found[crossed_code]
    assert row.days_since == 31 and row.threshold == 30 and row.days_overdue == 1
    assert row.reasons == ["threshold"]
    assert row.last_contact == TODAY - timedelta(days=31)
    by_discipline = {d: when for d, when, _hidden in row.by_discipline}
    assert by_discipline[Discipline.MEDICAL] == TODAY - timedelta(days=31)
    assert by_discipline[Discipline.MENTAL_HEALTH] == TODAY - timedelta(days=45)
    assert by_discipline[Discipline.SOCIAL] is None and by_discipline[Discipline.LEGAL] is None


def test_it_counts_an_attended_appointment_as_a_contact_but_not_a_cancelled_one(app, minor):
    seen, seen_code = minor("Camara", "Mariam")
    cancelled, cancelled_code = minor("Sylla", "Aïssata")
    with app.app_context():
        add_note(seen, "amina", "PAN", Discipline.MEDICAL, days_ago=50)
        add_appointment(seen, "lea", "PAN", Discipline.LEGAL, utc(TODAY - timedelta(days=5)),
                        status=AppointmentStatus.ATTENDED)
        add_note(cancelled, "amina", "PAN", Discipline.MEDICAL, days_ago=50)
        add_appointment(cancelled, "lea", "PAN", Discipline.LEGAL,
                        utc(TODAY - timedelta(days=5)), status=AppointmentStatus.CANCELLED)
        found = lost_codes("lea")
    assert seen_code not in found
    assert found[cancelled_code].days_overdue == 20


def test_it_lists_a_missed_appointment_with_no_contact_since(app, minor):
    missed, missed_code = minor("Diakité", "Binta")
    seen_since, _seen_since_code = minor("Bah", "Kadiatou")
    with app.app_context():
        add_note(missed, "sara", "PAN", Discipline.SOCIAL, days_ago=10)
        add_appointment(missed, "sara", "PAN", Discipline.SOCIAL,
                        utc(TODAY - timedelta(days=5)), status=AppointmentStatus.MISSED)
        add_appointment(seen_since, "sara", "PAN", Discipline.SOCIAL,
                        utc(TODAY - timedelta(days=20)), status=AppointmentStatus.MISSED)
        add_note(seen_since, "sara", "PAN", Discipline.SOCIAL, days_ago=3)
        found = lost_codes("sara")
    assert set(found) == {missed_code}
    assert found[missed_code].reasons == ["missed"]
    assert found[missed_code].days_overdue == 0
    assert found[missed_code].missed_on == (TODAY - timedelta(days=5))


def test_it_counts_from_the_enrolment_when_nobody_has_seen_the_person_yet(app, minor):
    _new, new_code = minor("Soumah", "Hawa", days_ago=5)
    _old, old_code = minor("Keita", "Nana", days_ago=40)
    with app.app_context():
        found = lost_codes("amina")
    assert new_code not in found
    assert found[old_code].days_overdue == 10 and found[old_code].last_contact is None


def test_it_lists_a_transferred_person_for_the_new_site_only(app, minor):
    moved, moved_code = minor("Haile", "Yonas", site="CAL", login="hugo")
    with app.app_context():
        add_note(moved, "hugo", "CAL", Discipline.MEDICAL, days_ago=40)
        from caseflow.services.care.consents import ConsentInput

        p = person(moved)
        transfer(user("hugo"), p, p.enrolments[0], site_id("PAN"),
                 ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
        assert moved_code in lost_codes("amina")  # Pantin follows the person now
        assert moved_code not in lost_codes("hugo")  # Calais keeps the history, not the list
        assert moved_code in lost_codes("claire")
        # The contact made at Calais still counts: 40 days, 10 over the threshold.
        assert lost_codes("amina")[moved_code].days_overdue == 10


def test_it_uses_the_longest_overdue_of_the_person_s_programmes(app, register):
    person_id = register("amina", "PAN", "Conté", "Sira")  # general programme: 90 days
    with app.app_context():
        start_enrolment(person_id, 200)
        add_note(person_id, "amina", "PAN", Discipline.MEDICAL, days_ago=60)
        assert person(person_id).code not in lost_codes("amina")
        from caseflow.services.intake.people import enrol

        enrol(user("yasmine"), person(person_id), site_id=site_id("PAN"),
              programme="mental_health", started_on=TODAY - timedelta(days=100))
        row = lost_codes("amina")[person(person_id).code]
        assert row.threshold == 45 and row.days_overdue == 15


def test_it_hides_the_dates_of_disciplines_the_viewer_may_not_know_about(app, minor):
    person_id, code = minor("Traoré", "Awa")
    with app.app_context():
        add_note(person_id, "yasmine", "PAN", Discipline.MENTAL_HEALTH, days_ago=40)
        shared = {d: hidden for d, _w, hidden in lost_codes("sara")[code].by_discipline}
        assert shared[Discipline.MENTAL_HEALTH] is False
        withdraw_team_sharing(person_id)
        hidden = {d: h for d, _w, h in lost_codes("sara")[code].by_discipline}
        assert hidden[Discipline.MENTAL_HEALTH] is True and hidden[Discipline.SOCIAL] is False
        visible = {d: h for d, _w, h in lost_codes("yasmine")[code].by_discipline}
        assert visible[Discipline.MENTAL_HEALTH] is False
        # The person stays on the list: every contact counts, whoever may read it.
        assert lost_codes("sara")[code].days_since == 40


def test_it_computes_the_list_with_a_fixed_number_of_queries(app, minor):
    people = [minor(f"Personne{i}", "Test") for i in range(12)]

    def count_queries(n):
        with app.app_context():
            for person_id, _code in people[:n]:
                add_note(person_id, "amina", "PAN", Discipline.MEDICAL, days_ago=35)
                add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL,
                                utc(TODAY - timedelta(days=34), time(9)),
                                status=AppointmentStatus.MISSED)
            statements = []

            def count(*_args):
                statements.append(1)

            event.listen(db.engine, "before_cursor_execute", count)
            try:
                rows = lost_codes("amina")
            finally:
                event.remove(db.engine, "before_cursor_execute", count)
            return len(rows), len(statements)

    few = count_queries(2)
    many = count_queries(12)
    assert few[0] == 12 and many[0] == 12  # all 12 are over 30 days since enrolment/contact
    assert many[1] == few[1]


def test_it_shows_the_team_s_list_audited_with_counts_only(app, client, as_user, minor):
    _person_id, code = minor("Traoré", "Awa")
    as_user("amina")
    page = client.get("/follow-up/lost")
    assert page.status_code == 200
    assert f'data-lost-person="{code}"' in page.text and "Traoré Awa" in page.text
    assert 'data-last-contact-discipline="legal"' in page.text
    with app.app_context():
        audit = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "lost_to_follow_up")).all()[-1]
        assert audit.action == "view" and audit.details["listed"] == 1
        assert "Traor" not in str(audit.details)
    as_user("hugo")
    assert code not in client.get("/follow-up/lost").text
    with app.app_context():
        pantin = site_id("PAN")
    refused = client.get(f"/follow-up/lost?site={pantin}")
    assert refused.status_code == 200 and code not in refused.text
    assert client.get("/follow-up/lost?site=not-a-number").status_code == 200
