"""Referents and tasks keep the need-to-know of the disciplines: a task or a referent says
that a discipline follows the person (a protection officer, a psychologist), so each
viewer sees those of their own discipline and of the disciplines the person shares with the
team, as for notes; and a change made meanwhile by a colleague is never silently replaced."""

from __future__ import annotations

from datetime import timedelta

import pytest

from caseflow.access.person import person_access
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care import referents, tasks
from tests.clock import FIXED_NOW
from tests.support.records import person, site_id, user, withdraw_team_sharing

pytestmark = pytest.mark.time_machine(FIXED_NOW)
TODAY = FIXED_NOW.date()
SLEEP = "Proposer un entretien sur le sommeil et les cauchemars"


@pytest.fixture
def nour(app, register):
    """Followed at Pantin; Yasmine her psychologist, Nadia her protection referent, and a
    mental-health task Yasmine set for herself."""
    nour = register("amina", "PAN", "Haddad", "Nour", born=2008)
    with app.app_context():
        someone = person(nour)
        for login, discipline in (("yasmine", Discipline.MENTAL_HEALTH),
                                  ("nadia", Discipline.PROTECTION)):
            referents.set_referent(user(login), someone, site_id=site_id("PAN"),
                                   discipline=discipline, user_id=user(login).id)
        tasks.add_task(user("yasmine"), person(nour), tasks.TaskInput(
            site_id=site_id("PAN"), assigned_to_id=user("yasmine").id,
            due_on=TODAY + timedelta(days=1), text=SLEEP))
    return nour


@pytest.mark.parametrize("shared, login, sees_task", [
    (True, "lea", True), (True, "claire", True),
    (False, "lea", False), (False, "amina", False), (False, "claire", False),
    (False, "yasmine", True)])
def test_it_shows_a_task_to_the_team_only_as_the_person_shares_its_discipline(
        app, nour, as_user, shared, login, sees_task):
    if not shared:
        with app.app_context():
            withdraw_team_sharing(nour)
    page = as_user(login).get(f"/people/{nour}").text
    assert ("sommeil et les cauchemars" in page) is sees_task


@pytest.mark.parametrize("login, sees", [("lea", set()), ("amina", {"Médical"}),
                                         ("nadia", {"Protection"}),
                                         ("yasmine", {"Santé mentale"})])
def test_it_shows_the_referents_of_the_disciplines_the_viewer_may_know(
        app, nour, as_user, login, sees):
    with app.app_context():
        withdraw_team_sharing(nour)
    page = as_user(login).get(f"/people/{nour}").text
    panel = page.split('id="care-team"')[1].split("</section>")[0]
    shown = {d for d in ("Médical", "Santé mentale", "Protection", "Juridique")
             if f'data-referent-discipline="{d}"' in panel}
    assert shown == sees


def test_it_refuses_to_change_a_referent_of_a_discipline_one_may_not_know(app, nour):
    with app.app_context():
        withdraw_team_sharing(nour)
        with pytest.raises(ServiceError):
            referents.set_referent(user("lea"), person(nour), site_id=site_id("PAN"),
                                   discipline=Discipline.PROTECTION, user_id=None)


def test_it_refuses_a_referent_change_made_on_a_stale_page(app, nour):
    with app.app_context():
        someone = person(nour)
        with pytest.raises(ConcurrentEditError):  # the page showed nobody: Yasmine since
            referents.set_referent(user("claire"), someone, site_id=site_id("PAN"),
                                   discipline=Discipline.MENTAL_HEALTH, user_id=None,
                                   expected_user_id=0)
        assert {r.user.login for r in referents.current([someone.id])} == {
            "amina", "yasmine", "nadia"}


def test_it_lets_whom_a_task_is_for_see_it_whatever_the_sharing(app, nour):
    with app.app_context():
        withdraw_team_sharing(nour)
        task = tasks.add_task(user("yasmine"), person(nour), tasks.TaskInput(
            site_id=site_id("PAN"), assigned_to_id=user("lea").id, due_on=TODAY,
            text="Appeler l'avocate"))
        someone = person(nour)
        assert tasks.may_see(user("lea"), task, person_access(user("lea"), someone))
        assert not tasks.may_see(user("sara"), task, person_access(user("sara"), someone))


def test_it_leaves_nothing_to_do_for_an_erased_person(app, nour, as_user):
    from caseflow.models.task import Task, TaskStatus
    from caseflow.services.safeguards.erasure import erase_person

    with app.app_context():
        someone = person(nour)
        erase_person(user("claire"), someone, reason="person_request",
                     typed_code=someone.code)
        assert referents.current([someone.id]) == []
        assert {t.status for t in db.session.query(Task)} == {TaskStatus.CANCELLED}
    home = as_user("yasmine").get("/").text
    for section in ("followed", "tasks"):
        assert "<li" not in home.split(f'id="{section}"')[1].split("</section>")[0]
