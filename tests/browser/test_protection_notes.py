"""A protection officer records a protection interview on a phone in the real browser; the
social worker and the doctor who follow the same person see nothing of it.

Protection information (trafficking indicators, relatives being traced) can endanger the
person or the family if it circulates, so a protection note is read by the protection
discipline only unless its author opens it. The test runs with an English browser so that
it checks the protection form itself, whether or not the French catalogue has been
compiled with the protection strings yet.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.support.browser import page_width
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser

RELATIVES = "Older brother Dawit, last seen in Agadez in 2023"


def sign_in(page, live_server, login):
    page.goto(f"{live_server}/login")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Password")).to_have_count(0)


def test_it_keeps_a_protection_interview_to_the_protection_discipline(
        open_page, live_server, artifacts, register):
    person = register("amina", "PAN", "Tesfaye", "Selam", born=2008, nationality="ER")

    page = open_page(viewport=PHONE, locale="en-GB")
    sign_in(page, live_server, "nadia")
    page.goto(f"{live_server}/people/{person}")
    page.get_by_role("link", name="New note").click()

    # The form shows the protection fields, and reads "discipline only" unless changed.
    risks = page.get_by_role("group", name="Protection risks identified")
    expect(risks.get_by_role("checkbox", name="Trafficking indicators")).to_be_visible()
    expect(risks.get_by_role("checkbox", name="Family separation")).to_be_visible()
    expect(page.get_by_role("group", name="Child-protection concerns (minors)")).to_be_visible()
    expect(page.get_by_role("group", name="Referred to")).to_be_visible()
    for label in ("Restoring family links", "Best-interest procedure"):
        expect(page.get_by_role("combobox", name=label)).to_be_visible()
    for label in ("Relatives sought (names, last known place)",
                  "Safety plan agreed with the person"):
        expect(page.get_by_role("textbox", name=label)).to_be_visible()
    who = page.get_by_label("Who may read this note")
    expect(who).to_have_value("discipline")
    expect(who.locator("option:checked")).to_have_text("My discipline only")
    width = page_width(page)
    assert width <= PHONE["width"] + 1, f"the protection form scrolls sideways ({width} px)"
    page.screenshot(path=str(artifacts / "protection-note-en-360.png"), full_page=True)

    page.get_by_label("Kind of contact").select_option("protection_interview")
    risks.get_by_role("checkbox", name="Trafficking indicators").check()
    risks.get_by_role("checkbox", name="Family separation").check()
    page.get_by_role("combobox", name="Restoring family links").select_option(
        label="Tracing request opened")
    page.get_by_role("group", name="Referred to").get_by_role(
        "checkbox", name="Red Cross family-links service").check()
    page.get_by_role("textbox", name="Relatives sought (names, last known place)").fill(
        RELATIVES)
    page.get_by_role("button", name="Save").click()

    # Back on the person's page: the interview, its codes in words, the relatives sought.
    entry = page.locator('#timeline [data-note-discipline="protection"]')
    expect(entry).to_have_count(1)
    assert entry.get_attribute("data-note-confidentiality") == "discipline"
    expect(entry).to_contain_text("Protection interview")
    expect(entry).to_contain_text("Trafficking indicators, Family separation")
    expect(entry).to_contain_text("Tracing request opened")
    expect(entry).to_contain_text("Red Cross family-links service")
    expect(entry).to_contain_text(RELATIVES)
    note_url = entry.get_by_role("link", name="Protection interview").get_attribute("href")

    # The social worker and the doctor of the same site see none of it, on the record or
    # at the note's own address.
    for login in ("sara", "amina"):
        other = open_page(locale="en-GB")
        sign_in(other, live_server, login)
        other.goto(f"{live_server}/people/{person}")
        expect(other.get_by_role("heading", level=1)).to_contain_text("Tesfaye")
        expect(other.locator('[data-note-discipline="protection"]')).to_have_count(0)
        for secret in ("Dawit", "Agadez", "Trafficking indicators", "Tracing request opened"):
            expect(other.get_by_text(secret)).to_have_count(0)
        response = other.goto(f"{live_server}{note_url}")
        assert response.status in (403, 404), (login, response.status)
        expect(other.get_by_text("Dawit")).to_have_count(0)
        other.context.close()
