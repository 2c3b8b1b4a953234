"""The queue of lost people and the indicator agree at every edge of the rule.

One rule (caseflow/follow_up_rule.py) decides both; these people sit on its
edges, each with the answer the rule gives on the month's last day: a last
contact exactly the programme's threshold ago or one day more, a contact in
another discipline, a missed appointment before or after the last contact, a
missed appointment older than every threshold, an enrolment that ended, an
attended appointment later on the day, and one person followed at two sites
under two thresholds. The queue (the service and the page) and the indicator
must name the same people, at each site.

The clock is set to the last day of the month of tests/clock.py's FIXED_NOW
(a fixed instant, mid-morning, the same day in UTC and at every site): the
indicator is about a month, the queue about today, and they meet on that day.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentStatus
from caseflow.models.enrolment import Enrolment
from caseflow.reports.period import Month
from caseflow.reports.sources import lost
from caseflow.services.care.follow_up import compute_lost
from tests.clock import FIXED_NOW
from tests.support.records import add_appointment, add_note, person, site_id, user

MONTH = Month.of(FIXED_NOW.date())
LAST_DAY = MONTH.end - timedelta(days=1)
pytestmark = pytest.mark.time_machine(datetime.combine(LAST_DAY, time(8, 0), tzinfo=UTC))

# Minority recourse allows 30 days without contact; the general programme, 90 (the longest).
THRESHOLD = 30


def _at(day: date, at: time = time(0, 0)) -> datetime:
    """A stored (naive UTC) instant."""
    return datetime.combine(day, at)


def _note(pid, discipline: Discipline, when: datetime, login: str = "amina") -> None:
    note = add_note(pid, login, "PAN", discipline, days_ago=0)
    note.occurred_at = when
    db.session.commit()


def _enrolment(pid, **changes) -> Enrolment:
    enrolment = db.session.query(Enrolment).filter_by(person_id=uuid.UUID(pid)).one()
    for name, value in changes.items():
        setattr(enrolment, name, value)
    db.session.commit()
    return enrolment


@pytest.fixture
def people(app, register):
    """Each person's code, by what the rule should say of them on the month's last day."""
    cutoff = LAST_DAY - timedelta(days=THRESHOLD)
    started = LAST_DAY - timedelta(days=100)
    made: dict[str, str] = {}

    def minor(name: str, **enrolment) -> str:
        pid = register("amina", "PAN", name, "Test", programme="minority_recourse")
        with app.app_context():
            _enrolment(pid, **{"started_on": started, **enrolment})
            made[name] = person(pid).code
        return pid

    at_threshold = minor("AuSeuil")  # seen at the very start of the cutoff day: not lost
    beyond = minor("UnJourDePlus")  # seen one second before that day: lost
    other_discipline = minor("AutreDiscipline")
    exited = minor("Sortie", ended_on=LAST_DAY - timedelta(days=5))
    ends_today = minor("SortieCeJour", ended_on=LAST_DAY)
    minor("NouveauAuSeuil", started_on=cutoff)  # never seen, enrolled 30 days ago
    minor("NouveauUnJourDePlus", started_on=cutoff - timedelta(days=1))
    missed = minor("AbsentNonRevu")
    missed_then_seen = minor("AbsentRevu")
    missed_long_ago = minor("AbsentIlYaLongtemps", started_on=LAST_DAY - timedelta(days=10))
    seen_long_ago = minor("RevuIlYaLongtemps", started_on=LAST_DAY - timedelta(days=10))
    seen_tonight = minor("VuCeSoir")
    two_sites = minor("DeuxSites")
    with app.app_context():
        _note(at_threshold, Discipline.MEDICAL, _at(cutoff))
        _note(beyond, Discipline.MEDICAL, _at(cutoff) - timedelta(seconds=1))
        _note(other_discipline, Discipline.MEDICAL, _at(LAST_DAY - timedelta(days=45)))
        _note(other_discipline, Discipline.SOCIAL, _at(LAST_DAY - timedelta(days=20), time(9)),
              login="sara")
        for pid in (exited, ends_today):
            _note(pid, Discipline.MEDICAL, _at(LAST_DAY - timedelta(days=60)))
        _note(missed, Discipline.MEDICAL, _at(LAST_DAY - timedelta(days=10)))
        add_appointment(missed, "amina", "PAN", Discipline.MEDICAL,
                        _at(LAST_DAY - timedelta(days=3), time(9)),
                        status=AppointmentStatus.MISSED)
        add_appointment(missed_then_seen, "amina", "PAN", Discipline.MEDICAL,
                        _at(LAST_DAY - timedelta(days=20), time(9)),
                        status=AppointmentStatus.MISSED)
        _note(missed_then_seen, Discipline.MEDICAL, _at(LAST_DAY - timedelta(days=5)))
        # Missed before every programme's window; one was seen since (still long ago).
        for pid in (missed_long_ago, seen_long_ago):
            add_appointment(pid, "amina", "PAN", Discipline.MEDICAL,
                            _at(LAST_DAY - timedelta(days=120), time(9)),
                            status=AppointmentStatus.MISSED)
        _note(seen_long_ago, Discipline.MEDICAL, _at(LAST_DAY - timedelta(days=100)))
        # Seen 40 days ago, and at an appointment this evening already marked attended.
        _note(seen_tonight, Discipline.MEDICAL, _at(LAST_DAY - timedelta(days=40)))
        add_appointment(seen_tonight, "amina", "PAN", Discipline.MEDICAL,
                        _at(LAST_DAY, time(20)), status=AppointmentStatus.ATTENDED)
        # Seen 50 days ago: past minority recourse's 30 days at Pantin, within the general
        # programme's 90 at Calais.
        _note(two_sites, Discipline.MEDICAL, _at(LAST_DAY - timedelta(days=50)))
        db.session.add(Enrolment(person_id=uuid.UUID(two_sites), site_id=site_id("CAL"),
                                 programme="general", state="open", started_on=started))
        db.session.commit()
    return made


def _queue(site: str | None) -> set[str]:
    sites = None if site is None else [site_id(site)]
    return {row.person.code for row in compute_lost(user("claire"), sites)}


def _indicator(site: str | None) -> set[str]:
    rows = db.session.execute(lost(MONTH)).all()
    pids = {row.person_id for row in rows if site is None or row.site_id == site_id(site)}
    return {person(pid).code for pid in pids}


def test_it_lists_the_people_the_rule_names_at_each_edge(app, people):
    expected = {people[name] for name in (
        "UnJourDePlus", "NouveauUnJourDePlus", "AbsentNonRevu", "AbsentIlYaLongtemps",
        "DeuxSites")}
    with app.app_context():
        assert _queue(None) == expected
        assert _queue("PAN") == expected
        assert _queue("CAL") == set()  # the general programme allows 90 days


@pytest.mark.parametrize("site", [None, "PAN", "CAL"])
def test_it_names_the_same_people_in_the_queue_and_the_indicator(app, people, site):
    with app.app_context():
        assert _indicator(site) == _queue(site)


def test_it_shows_on_the_page_the_people_the_indicator_counts(app, people, as_user):
    page = as_user("amina").get("/follow-up/lost")  # Amina works at Pantin only
    assert page.status_code == 200
    with app.app_context():
        counted = _indicator("PAN")
    listed = {code for code in people.values() if f'data-lost-person="{code}"' in page.text}
    assert listed == counted and counted
