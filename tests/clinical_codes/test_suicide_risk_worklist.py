"""A high or imminent suicide risk puts the person on the worklist of the psychologists of
the site and of the medical coordinator, with the level and the day, until a later session
rates it lower (issue 20). Not on a social worker's, nor on a psychologist's of other sites."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.person import Person
from caseflow.services.care.notes import NoteInput, record_note
from caseflow.vocabulary import Confidentiality, NoteKind
from tests.clock import FIXED_NOW
from tests.support.records import add_note, site_id, user

pytestmark = pytest.mark.time_machine(FIXED_NOW)


def _section(page: str, name: str) -> str:
    parts = page.split(f'id="{name}"')
    return parts[1].split("</section>")[0] if len(parts) > 1 else ""


def _rate(app, person_id, hours_ago: int, kind=NoteKind.MENTAL_HEALTH_SESSION,
          confidentiality=None, **codes):
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        record_note(user("yasmine"), person, NoteInput(
            kind=kind, occurred_at=utcnow() - timedelta(hours=hours_ago),
            site_id=site_id("PAN"), codes=codes, confidentiality=confidentiality))


def _at_risk(as_user, login: str) -> str:
    return _section(as_user(login).get("/").text, "at-risk")


@pytest.mark.parametrize("login", ["yasmine", "claire"])
def test_a_high_risk_puts_the_person_on_the_psychologist_and_coordinator_worklist(
        app, as_user, register, login):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    calm = register("amina", "PAN", "Traoré", "Awa")
    _rate(app, person, 30, session_stage="intake", suicide_risk="high")
    _rate(app, calm, 30, session_stage="intake", suicide_risk="moderate")
    listed = _at_risk(as_user, login)
    assert 'data-suicide-risk="high"' in listed
    assert f'href="/people/{person}"' in listed
    assert "Suicide risk: High, rated on" in listed
    assert calm not in listed  # moderate: followed as usual


@pytest.mark.parametrize("login", ["sara", "amina", "lea"])
def test_other_professionals_of_the_site_are_not_told(app, as_user, register, login):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    _rate(app, person, 30, suicide_risk="imminent")
    page = as_user(login).get("/").text
    assert 'id="at-risk"' not in page and "data-suicide-risk" not in page


def test_the_person_stays_until_a_later_session_rates_the_risk_lower(app, as_user, register):
    person = register("amina", "PAN", "Mengistu", "Hanna")
    _rate(app, person, 50, suicide_risk="imminent")
    assert 'data-suicide-risk="imminent"' in _at_risk(as_user, "yasmine")
    # A session that does not rate it, and a phone call, change nothing.
    _rate(app, person, 40, session_stage="follow_up", cgi_i=3)
    _rate(app, person, 35, kind=NoteKind.PHONE_CALL)
    assert 'data-suicide-risk="imminent"' in _at_risk(as_user, "yasmine")
    _rate(app, person, 30, session_stage="follow_up", suicide_risk="high")
    assert 'data-suicide-risk="high"' in _at_risk(as_user, "yasmine")
    _rate(app, person, 20, session_stage="follow_up", suicide_risk="low")
    assert "data-suicide-risk" not in _at_risk(as_user, "yasmine")
    assert "data-suicide-risk" not in _at_risk(as_user, "claire")


def test_a_psychologist_is_not_told_of_a_risk_rated_at_a_site_she_does_not_work_at(
        app, as_user, register):
    person = register("hugo", "CAL", "Diallo", "Mamadou")  # Calais: not Yasmine's site
    with app.app_context():
        note = add_note(person, "yasmine", "CAL", Discipline.MENTAL_HEALTH, days_ago=1)
        note.codes = {"suicide_risk": "imminent"}
        db.session.commit()
    assert "data-suicide-risk" not in _at_risk(as_user, "yasmine")
    assert 'data-suicide-risk="imminent"' in _at_risk(as_user, "claire")  # all sites


def test_a_person_at_risk_who_stopped_coming_stays_listed_but_not_one_who_died(
        app, as_user, register):
    from caseflow.services.care.pathway_events import change_state

    gone = register("yasmine", "PAN", "Mengistu", "Hanna", programme="mental_health")
    died = register("yasmine", "PAN", "Traoré", "Awa", programme="mental_health")
    for person_id in (gone, died):
        _rate(app, person_id, 30, suicide_risk="imminent")
    with app.app_context():
        for person_id, outcome in ((gone, "defaulted"), (died, "died")):
            person = db.session.get(Person, uuid.UUID(person_id))
            change_state(user("yasmine"), person, person.enrolments[0], outcome)
    listed = _at_risk(as_user, "yasmine")
    assert f'href="/people/{gone}"' in listed
    assert died not in listed


def test_a_private_working_note_alerts_its_author_only(app, as_user, register):
    """Private means the author's alone (DESIGN.md): its rating raises no alert on the
    coordinator's home page (review of issue 20)."""
    person = register("amina", "PAN", "Mengistu", "Hanna")
    _rate(app, person, 30, confidentiality=Confidentiality.PRIVATE, suicide_risk="imminent")
    assert 'data-suicide-risk="imminent"' in _at_risk(as_user, "yasmine")
    assert person not in _at_risk(as_user, "claire")
