"""Issue 17, every page usable on a phone: Chromium at 360 × 740, as a nurse in Calais or the
coordinator would hold it.

Read as sentences: "on a 360-px phone, Claire reads the day's appointments, the people lost
to follow-up, the certificate register, a person's consents, the audit pages and the
indicators without scrolling sideways, each row's status and actions on screen";
"Hugo's and Claire's top bar folds into a menu that opens on a tap, with JavaScript or
without"; "a 2,000-character name does not widen a person's page"; "a refused form puts
the focus on what to correct".

Screenshots go to test-artifacts/phone/ for people to look at. The data is built relative to
the (moved) clock's site day, so the tests pass on any date.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from playwright.sync_api import Page, expect

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.role_grant import GrantDecision, RoleGrant
from caseflow.roles import Role
from caseflow.timezones import site_today
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_intake import sign_in
from tests.support.browser import page_width
from tests.support.certificates import give_certificate_consent, issue
from tests.support.records import add_appointment, set_last_contact, site_id, user, utc

pytestmark = pytest.mark.browser
WIDTH = PHONE["width"]


@pytest.fixture
def shots(artifacts):
    folder = artifacts / "phone"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def ward(app, register) -> str:
    """Awa at Pantin: an appointment this afternoon, an issued certificate; Mariam, not seen
    for 200 days, lost to follow-up; a request to widen Hugo's account, and one decided."""
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    mariam = register("amina", "PAN", "Camara", "Mariam", born=2008)
    with app.app_context():
        pantin = site_id("PAN")
        today = site_today(pantin)
        add_appointment(awa, "amina", "PAN", Discipline.MEDICAL, utc(today, time(15, 0)),
                        with_login="amina")
        set_last_contact(mariam, today - timedelta(days=200))
        give_certificate_consent(awa)
        issue("amina", awa, "violence_findings")
        hugo, admin, omar = user("hugo"), user("admin"), user("omar")
        for decision in (GrantDecision.PENDING, GrantDecision.REFUSED):
            db.session.add(RoleGrant(
                user_id=hugo.id, role=Role.NURSE, discipline=Discipline.MEDICAL,
                site_ids=[site_id("CAL"), pantin], previous_role=Role.NURSE,
                previous_discipline=Discipline.MEDICAL, previous_site_ids=[site_id("CAL")],
                requested_by_id=admin.id, decision=decision,
                decided_by_id=None if decision.value == "pending" else omar.id,
                decided_at=None if decision.value == "pending" else utcnow()))
        db.session.commit()
        db.session.remove()
    return awa


def fits(page: Page, name: str, shots) -> None:
    """Screenshot the page, then: nothing wider than the phone."""
    page.screenshot(path=str(shots / f"{name}-360.png"), full_page=True)
    width = page_width(page)
    assert width <= WIDTH, f"{name}: the page is {width} px wide on a {WIDTH}-px phone"


def on_screen(locator) -> None:
    """Every element matched lies within the phone's width (no sideways scrolling to it)."""
    assert locator.count() > 0, "nothing to look at"
    for index in range(locator.count()):
        box = locator.nth(index).bounding_box()
        assert box is not None, "not shown"
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


ROWS = [  # page, a row, its status, its actions
    ("/appointments/", "tr[data-entry-kind=appointment]", ".tag", "button, a"),
    ("/follow-up/lost", "tr[data-lost-person]", "td[data-days-overdue]", "a"),
    ("/certificates/", "#register tr[data-certificate-status]", ".tag", "a"),
    ("/audit/", "#audit-events tr[data-audit-seq]", "td[data-audit-action-label]", "a"),
    ("/audit/grants", "tr[data-role-grant-decision=refused]", "td[data-grant-decision]", "a"),
    ("/audit/consents", "#consent-records tr[data-consent-record]", "td[data-decision]", "a"),
]


def test_it_stacks_the_lists_into_cards_on_a_phone(open_page, live_server, ward, shots):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, live_server, "claire")
    for path, row_selector, status, actions in ROWS:
        page.goto(live_server + path)
        row = page.locator(row_selector).first
        expect(row).to_be_visible()
        fits(page, path.strip("/").replace("/", "-") or "home", shots)
        on_screen(row.locator(status))
        on_screen(row.locator(actions))
        assert row.locator("td").first.evaluate(
            "td => getComputedStyle(td, '::before').content") not in ("none", "normal", '""')

    page.goto(f"{live_server}/people/{ward}")
    consent = page.locator("#consents tr[data-consent-purpose]").first
    on_screen(consent.locator(".tag"))
    fits(page, "person", shots)
    page.goto(f"{live_server}/audit/grants")  # the request awaiting approval: its buttons
    on_screen(page.locator("article[data-role-grant]").get_by_role("button"))

    page.goto(f"{live_server}/indicators/")
    fits(page, "indicators", shots)
    on_screen(page.locator("figure.chart svg"))
    figures = page.locator("table[data-indicators] tbody tr").first
    on_screen(figures.locator("td"))
    figures.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "indicators-table-360.png"))


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("login", ["hugo", "claire"])
def test_it_folds_the_top_bar_into_a_menu_on_a_phone(open_page, live_server, shots, login, js):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=js)
    sign_in(page, live_server, login)
    bar = page.locator("header.topbar")
    height = bar.bounding_box()["height"]
    assert height < 80, f"the top bar takes {height} px of a 740-px screen"
    links = page.locator("header.topbar nav a")
    sign_out = page.locator("header.topbar button", has_text="Se déconnecter")
    expect(links.first).to_be_hidden()
    expect(sign_out).to_be_hidden()
    page.screenshot(path=str(shots / f"menu-closed-{login}-{'js' if js else 'nojs'}-360.png"))

    page.locator("header.topbar summary").click()
    expect(sign_out).to_be_visible()
    for index in range(links.count()):
        links.nth(index).scroll_into_view_if_needed()
        expect(links.nth(index)).to_be_visible()
        on_screen(links.nth(index))
        assert links.nth(index).bounding_box()["height"] >= 44, "a link too small to tap"
    on_screen(sign_out)
    page.screenshot(path=str(shots / f"menu-open-{login}-{'js' if js else 'nojs'}-360.png"))
    assert bar.bounding_box()["height"] < 80, "the open menu pushed the page down"
    if js:  # the script's own touches: Escape closes, the focus back on the button
        page.keyboard.press("Escape")
        expect(sign_out).to_be_hidden()
        expect(page.locator("header.topbar summary")).to_be_focused()
        page.locator("header.topbar summary").click()
    links.filter(has_text="Rendez-vous").click()
    expect(page).to_have_url(f"{live_server}/appointments/")

    # On a desktop screen the same bar shows everything, no menu button.
    page.set_viewport_size(DESKTOP)
    expect(page.locator("header.topbar summary")).to_be_hidden()
    expect(links.first).to_be_visible()
    expect(sign_out).to_be_visible()


def test_it_wraps_a_two_thousand_character_name(open_page, live_server, register, shots):
    person = register("amina", "PAN", "Abdi" * 500, "Mohamed" * 100, born=2008)
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, live_server, "amina")
    page.goto(f"{live_server}/people/{person}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    fits(page, "person-long-name", shots)
    page.goto(f"{live_server}/people/{person}/appointments/new")
    fits(page, "appointment-form-long-name", shots)


def test_it_sizes_dates_and_boxes_for_a_finger_and_focuses_the_errors(
        open_page, live_server, register, shots):
    person = register("amina", "PAN", "Traoré", "Awa", born=2009)
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, live_server, "amina")
    page.goto(f"{live_server}/people/{person}/appointments/new")
    for kind in ("date", "time"):
        box = page.locator(f"main form input[type={kind}]").bounding_box()
        assert box["height"] >= 40, f"a {kind} input of {box['height']} px"
        assert box["width"] >= 200, f"a {kind} input of {box['width']} px"
    page.locator("main form input[type=date]").fill("")
    page.locator("main form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    fits(page, "appointment-refused", shots)

    page.goto(f"{live_server}/people/{person}/notes/new")
    box = page.locator("main form input[type=datetime-local]").first.bounding_box()
    assert box["height"] >= 40, f"a date-time input of {box['height']} px"
    page.goto(f"{live_server}/people/{person}/transfer")
    check = page.locator("main form label.check").first
    assert check.bounding_box()["height"] >= 44, "a checkbox too small to tap"
    fits(page, "transfer", shots)
