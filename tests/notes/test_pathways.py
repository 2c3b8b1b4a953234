"""Pathway state changes: validated against the programme, by the right discipline, audited."""

import re

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.enrolment import Enrolment
from caseflow.models.state_change import StateChange
from tests.support.web import csrf_token_from


@pytest.fixture
def recourse(register):
    return register("amina", "PAN", "Camara", "Ibrahima", programme="minority_recourse")


def _state_url(client, person):
    page = client.get(f"/people/{person}")
    match = re.search(r'href="(/people/[^"]+/enrolments/[^"]+/state)"', page.text)
    return match[1] if match else None


def _move(client, url, target, **extra):
    form = client.get(url)
    return client.post(url, data={"target": target, "changed_on": "", "note": "",
                                  "csrf_token": csrf_token_from(form.text), **extra})


def test_it_moves_a_minority_recourse_along_its_steps(app, client, as_user, recourse):
    as_user("lea")
    url = _state_url(client, recourse)
    for target in ("evaluation_refused", "recourse_filed", "hearing_scheduled",
                   "recognised_minor"):
        assert _move(client, url, target, note=f"étape {target}").status_code == 302
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment))
        assert (enrolment.state, enrolment.outcome) == ("recognised_minor", "recognised_minor")
        assert enrolment.ended_on is not None
        changes = db.session.scalars(select(StateChange).order_by(StateChange.created_at)).all()
        assert [c.to_state for c in changes][-1] == "recognised_minor"
        assert changes[0].note == "étape evaluation_refused"
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "enrolment")).all()
        assert len(events) == 4
    page = client.get(f"/people/{recourse}")
    assert "minorité reconnue" in page.text


def test_it_refuses_a_step_that_cannot_follow(app, client, as_user, recourse):
    as_user("lea")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = _state_url(client, recourse)
    response = _move(client, url, "recognised_minor")
    assert response.status_code == 200
    assert "Not a valid choice" in response.text
    with app.app_context():
        assert db.session.scalar(select(Enrolment.state)) == "intake"


def test_it_refuses_the_service_call_with_a_message(app, recourse):
    import uuid

    from caseflow.models.person import Person
    from caseflow.services import ServiceError
    from caseflow.services.care.pathway_events import change_state
    from tests.support.records import user

    with app.app_context():
        person = db.session.get(Person, uuid.UUID(recourse))
        enrolment = person.enrolments[0]
        with pytest.raises(ServiceError) as refused:
            change_state(user("lea"), person, enrolment, "appeal")
        assert "ne peut pas suivre" in str(refused.value.message)  # French by default


@pytest.mark.parametrize("login", ["yasmine", "sara", "hugo", "omar"])
def test_it_lets_only_the_programmes_disciplines_move_it(client, as_user, recourse, login):
    """Minority recourse moves with the legal and social workers (social at Pantin: Sara)."""
    as_user(login)
    page = client.get(f"/people/{recourse}")
    has_link = "/state" in page.text
    assert has_link == (login == "sara")
