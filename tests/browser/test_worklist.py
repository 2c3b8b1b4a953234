"""Each persona's home page and the new pages of the care team, in Chromium, on a 360-px
phone and a 1366-px desk screen: what the person sees first, nothing wider than the screen,
and a task set on the person page that its colleague closes from her home page."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from playwright.sync_api import expect

from caseflow.disciplines import Discipline
from caseflow.services.care import tasks
from caseflow.timezones import site_today, utc_from_local, zone_of
from tests.browser.test_sign_in import sign_in
from tests.support.browser import page_width
from tests.support.records import add_appointment, person, site_id, user

pytestmark = pytest.mark.browser

DESK = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
# What each persona's home page is: the worklist, the indicators, or the account.
HOMES = {"amina": "Ma journée", "hugo": "Ma journée", "yasmine": "Ma journée",
         "sara": "Ma journée", "lea": "Ma journée", "nadia": "Ma journée",
         "charlie": "Ma journée", "claire": "Ma journée", "omar": "Indicateurs",
         "admin": "Bienvenue"}


@pytest.fixture
def day_at_pantin(app, register):
    """Awa, followed at Pantin by Amina, seen today at 14:30, with a task for Léa."""
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        from caseflow.extensions import db
        from caseflow.models.site import Site

        pantin = db.session.get(Site, site_id("PAN"))
        today = site_today(pantin)
        add_appointment(awa, "amina", "PAN", Discipline.MEDICAL,
                        utc_from_local(_at(today, time(14, 30)), zone_of(pantin)),
                        with_login="amina")
        tasks.add_task(user("amina"), person(awa), tasks.TaskInput(
            site_id=pantin.id, assigned_to_id=user("lea").id,
            due_on=today + timedelta(days=2), text="Appeler l'avocate avant l'audience"))
    return awa


def _at(day, at):
    from datetime import datetime

    return datetime.combine(day, at)


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["360", "1366"])
@pytest.mark.parametrize("login", list(HOMES))
def test_it_opens_each_personas_home_page_on_a_phone_and_a_desk(
        open_page, live_server, artifacts, day_at_pantin, login, viewport):
    page = open_page(viewport=viewport)
    page.goto(f"{live_server}/login")
    sign_in(page, login)
    expect(page.get_by_role("heading", level=1)).to_contain_text(HOMES[login])
    # The heading is there once the HTML is parsed; the width is the page's once its
    # stylesheet has loaded too (measured earlier on a busy machine: 568 px, unstyled).
    page.wait_for_load_state("load")
    assert page_width(page) <= viewport["width"]
    if login == "amina":
        appointment = page.locator("#appointments li").first
        expect(appointment).to_contain_text("14:30")
        expect(appointment.get_by_role("button").first).to_be_in_viewport()
        expect(page.locator("#followed")).to_contain_text("Traoré")
    if login == "claire":
        expect(page.locator("#queues")).to_be_visible()
    if viewport is PHONE:
        page.screenshot(path=artifacts / f"home-{login}-360.png", full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["360", "1366"])
def test_it_lets_a_colleague_close_the_task_set_for_her_from_her_home(
        open_page, live_server, artifacts, day_at_pantin, viewport):
    page = open_page(viewport=viewport)
    page.goto(f"{live_server}/login")
    sign_in(page, "lea")
    task = page.locator("#tasks li").filter(has_text="avant l'audience")
    expect(task).to_contain_text("Traoré")
    task.get_by_role("button", name="Terminé").click()
    expect(page.locator(".flash-success")).to_contain_text("Tâche marquée")
    expect(page.locator("#tasks")).not_to_contain_text("avant l'audience")
    page.goto(f"{live_server}/people/{day_at_pantin}")
    expect(page.locator('#tasks [data-task-status="done"]')).to_contain_text("avant l'audience")
    if viewport is PHONE:
        page.locator("#tasks").screenshot(path=artifacts / "person-tasks-360.png")


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["360", "1366"])
def test_it_adds_a_task_and_changes_a_referent_on_the_person_page(
        open_page, live_server, artifacts, day_at_pantin, viewport):
    page = open_page(viewport=viewport)
    page.goto(f"{live_server}/login")
    sign_in(page, "yasmine")
    page.goto(f"{live_server}/people/{day_at_pantin}")
    page.get_by_text("Ajouter une tâche").click()
    page.get_by_label("À faire").fill("Proposer un entretien avec interprète en soussou")
    page.get_by_role("button", name="Ajouter la tâche").click()
    expect(page.locator("#tasks")).to_contain_text("entretien avec interprète")
    assert page_width(page) <= viewport["width"]
    page.get_by_role("link", name="Changer les référent·es").click()
    slot = page.locator("form.referent-slot").filter(has_text="Santé mentale")
    slot.get_by_label("Référent·e").select_option(label="Yasmine Haddad")
    slot.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#care-team")).to_contain_text("Yasmine Haddad")
    if viewport is PHONE:
        page.screenshot(path=artifacts / "person-care-team-360.png", full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["360", "1366"])
def test_it_shows_the_coordinator_the_caseloads(open_page, live_server, artifacts,
                                                day_at_pantin, viewport):
    page = open_page(viewport=viewport)
    page.goto(f"{live_server}/login")
    sign_in(page, "claire")
    page.goto(f"{live_server}/caseload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Files actives")
    expect(page.locator('[data-site="PAN"] [data-user="amina"]')).to_contain_text(
        "1 personne suivie")
    assert page_width(page) <= viewport["width"]
    if viewport is PHONE:
        page.screenshot(path=artifacts / "caseload-360.png", full_page=True)
