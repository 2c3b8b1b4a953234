"""Signing in through the real login page, in a real browser, in French and in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.support.browser import page_width
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Page, login: str, password: str = PERSONA_PASSWORD, *, french=True) -> None:
    """Fill the login form the way a person does: by its visible labels."""
    page.get_by_label("Identifiant" if french else "Login").fill(login)
    page.get_by_label("Mot de passe" if french else "Password", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter" if french else "Sign in").click()


def test_it_signs_a_persona_in_through_the_french_login_page(page, live_server, artifacts):
    page.goto(f"{live_server}/login")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_title(re.compile(r"^Se connecter"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    page.screenshot(path=artifacts / "login-fr-desktop.png", full_page=True)

    sign_in(page, "amina")

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ma journée")
    expect(page.locator(".whoami")).to_have_text("Dr Amina Diallo · Médecin")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.screenshot(path=artifacts / "home-fr-desktop.png", full_page=True)


def test_it_switches_to_english_with_the_visible_button(page, live_server, artifacts):
    page.goto(f"{live_server}/login")

    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(f"{live_server}/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.screenshot(path=artifacts / "login-en-desktop.png", full_page=True)

    sign_in(page, "sara", french=False)

    expect(page.get_by_role("heading", level=1)).to_contain_text("My day")
    expect(page.locator(".whoami")).to_have_text("Sara Benali · Social worker")

    page.get_by_role("button", name="Français").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ma journée")


def test_it_shows_the_generic_error_for_a_wrong_password(page, live_server):
    page.goto(f"{live_server}/login")

    sign_in(page, "hugo", "not hugo's password")

    expect(page.get_by_role("alert")).to_have_text("Identifiant inconnu ou mot de passe incorrect.")
    expect(page.get_by_label("Mot de passe", exact=True)).to_have_value("")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)


def test_it_keeps_the_sign_in_form_usable_on_a_phone(open_page, live_server, artifacts):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(f"{live_server}/login")
    page.screenshot(path=artifacts / "login-fr-360.png", full_page=True)

    width = PHONE["width"]
    assert page_width(page) <= width, "sideways scrolling"
    for control in (
        page.get_by_label("Identifiant"),
        page.get_by_label("Mot de passe", exact=True),
        page.get_by_role("button", name="Se connecter"),
    ):
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width
    button = page.get_by_role("button", name="Se connecter").bounding_box()
    assert button["height"] >= 44, "the button is too small a target for a finger"

    sign_in(page, "yasmine")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Ma journée")
    assert page_width(page) <= width
    page.screenshot(path=artifacts / "home-fr-360.png", full_page=True)


def test_it_takes_the_administrator_to_the_users_page_through_the_menu(
    open_page, live_server, artifacts
):
    page = open_page(viewport=DESKTOP)
    page.goto(f"{live_server}/login")
    sign_in(page, "admin")

    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Utilisateurs").click()

    expect(page).to_have_url(f"{live_server}/admin/users")
    expect(page.get_by_role("heading", level=1)).to_have_text("Utilisateurs")
    expect(menu.get_by_role("link", name="Utilisateurs")).to_have_attribute(
        "aria-current", "page"
    )
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Dr Amina Diallo")).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("Claire Morel"))).to_contain_text(
        "Coordinateur·rice médical·e"
    )
    page.screenshot(path=artifacts / "users-fr-desktop.png", full_page=True)
