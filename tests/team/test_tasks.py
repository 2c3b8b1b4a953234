"""Tasks: dated, for oneself or a colleague of the site, on the person page and in the
worklist of whom they are for; done or cancelled, never deleted; the text encrypted."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from caseflow.access.person import person_access
from caseflow.extensions import db
from caseflow.models.task import Task, TaskStatus
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care import tasks
from caseflow.services.safeguards.break_glass import open_access
from tests.clock import FIXED_NOW
from tests.support.records import person, site_id, user

pytestmark = pytest.mark.time_machine(FIXED_NOW)
TODAY = FIXED_NOW.date()
HEARING = "Appeler l'avocate avant l'audience du 12/01"


def _add(login, person_id, for_login, due: date = TODAY + timedelta(days=3), site="PAN",
         words=HEARING) -> Task:
    return tasks.add_task(user(login), person(person_id), tasks.TaskInput(
        site_id=site_id(site), assigned_to_id=user(for_login).id, due_on=due, text=words))


def test_it_adds_a_task_for_a_colleague_from_the_person_page(
        app, register, as_user, post_form, ids):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    as_user("amina")
    response = post_form(f"/people/{awa}", f"/people/{awa}/tasks", {
        "text": HEARING, "due_on": "2026-06-19", "assigned_to_id": ids.user("lea"),
        "site_id": ids.site("PAN")}, follow_redirects=True)
    assert "Tâche ajoutée." in response.text
    panel = response.text.split('id="tasks"')[1].split("</section>")[0]
    assert "avant l&#39;audience du 12/01" in panel and "Léa Fontaine" in panel
    # On Léa's home page, with the person.
    home = as_user("lea").get("/").text.split('id="tasks"')[1].split("</section>")[0]
    assert "avant l&#39;audience" in home and "Traoré" in home


def test_it_keeps_the_text_encrypted_in_the_database(app, register):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        task = _add("amina", awa, "amina")
        raw = db.session.execute(text("SELECT text FROM task WHERE id = :id"),
                                 {"id": task.id.hex if db.engine.dialect.name == "sqlite"
                                  else task.id}).scalar_one()
        assert b"audience" not in bytes(raw)


@pytest.mark.parametrize("due, words, for_login, field", [
    (TODAY - timedelta(days=1), HEARING, "lea", "due_on"),
    (date(2031, 1, 1), HEARING, "lea", "due_on"),
    (TODAY, "   ", "lea", "text"),
    (TODAY, "x" * 501, "lea", "text"),
    (TODAY, HEARING, "hugo", "assigned_to_id"),  # Calais: not a colleague of Pantin
    (TODAY, HEARING, "omar", "assigned_to_id"),  # data manager: reads no person
])
def test_it_refuses_a_task_with_a_clear_reason(app, register, due, words, for_login, field):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context(), pytest.raises(ServiceError) as refused:
        _add("amina", awa, for_login, due=due, words=words)
    assert refused.value.field == field


def test_it_shows_a_refused_task_again_as_typed(app, register, as_user, post_form, ids):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    as_user("amina")
    response = post_form(f"/people/{awa}", f"/people/{awa}/tasks", {
        "text": HEARING, "due_on": "2026-06-01", "assigned_to_id": ids.user("lea"),
        "site_id": ids.site("PAN")})
    assert response.status_code == 422
    assert 'id="error-summary"' in response.text
    assert "avant l&#39;audience du 12/01</textarea>" in response.text
    assert "<details class=\"add-task\" open>" in response.text


def test_it_closes_a_task_but_never_deletes_it(app, register, as_user, post_form):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        task_id = _add("amina", awa, "lea").id
    as_user("lea")
    response = post_form("/", f"/tasks/{task_id}/close",
                         {"status": "done", "version": "1", "back": "home"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/#tasks")
    with app.app_context():
        task = db.session.get(Task, task_id)
        assert task.status == TaskStatus.DONE and task.closed_by_id == user("lea").id
    page = as_user("amina").get(f"/people/{awa}").text
    assert f'data-task-id="{task_id}" data-task-status="done"' in page
    # Closing it again (a second tab) is refused, not a second change.
    response = post_form(f"/people/{awa}", f"/tasks/{task_id}/close",
                         {"status": "cancelled", "version": "1"}, follow_redirects=True)
    assert "Quelqu&#39;un d&#39;autre a modifié cette tâche entre-temps." in response.text


def test_it_refuses_a_stale_close(app, register):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        task = _add("amina", awa, "lea")
        with pytest.raises(ConcurrentEditError):
            tasks.close_task(user("lea"), person(awa), task, TaskStatus.DONE, 7)


@pytest.mark.parametrize("login, sees", [("amina", True), ("lea", True), ("claire", True),
                                         ("sara", True), ("hugo", False)])
def test_it_shows_tasks_to_the_site_team_and_coordinators(app, register, as_user, login,
                                                          sees):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        _add("amina", awa, "lea")
    response = as_user(login).get(f"/people/{awa}")
    assert (HEARING.replace("'", "&#39;") in response.text) is sees


def test_it_hides_tasks_from_an_emergency_access(app, register, as_user):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        _add("amina", awa, "lea")
        open_access(user("charlie"), person(awa).code, "Brought unconscious, no history known",
                    site_id("TRI"))
    response = as_user("charlie").get(f"/people/{awa}")
    assert response.status_code == 200
    assert "audience" not in response.text
    assert 'id="tasks"' not in response.text


def test_it_lists_a_persons_tasks_open_first(app, register):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        first = _add("amina", awa, "amina", due=TODAY + timedelta(days=1), words="Rappeler")
        second = _add("amina", awa, "amina", due=TODAY + timedelta(days=5), words="Écrire")
        tasks.close_task(user("amina"), person(awa), first, TaskStatus.DONE, 1)
        listed = tasks.for_person(user("amina"), person(awa),
                                  person_access(user("amina"), person(awa)))
        assert [t.id for t in listed] == [second.id, first.id]
        assert db.session.scalars(select(Task).where(
            Task.person_id == uuid.UUID(awa))).all()  # both kept


@pytest.mark.parametrize("login, status", [("hugo", 404), ("charlie", 404), ("omar", 403),
                                           ("admin", 403)])
def test_it_refuses_adding_or_closing_tasks_outside_the_care_team(
        app, register, as_user, post_form, ids, login, status):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        task_id = _add("amina", awa, "lea").id
    as_user(login)
    added = post_form("/account/password", f"/people/{awa}/tasks", {
        "text": "Rappeler", "due_on": TODAY.isoformat(), "assigned_to_id": ids.user(login),
        "site_id": ids.site("PAN")})
    closed = post_form("/account/password", f"/tasks/{task_id}/close", {"status": "done",
                                                              "version": "1"})
    assert (added.status_code, closed.status_code) == (status, status)
    with app.app_context():
        assert db.session.get(Task, task_id).status == TaskStatus.OPEN
        assert len(tasks.for_person(user("amina"), person(awa),
                                    person_access(user("amina"), person(awa)))) == 1
