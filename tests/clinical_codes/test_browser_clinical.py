"""In Chromium on a phone (360 px): a doctor's unusual temperature is questioned, confirmed
and saved; a psychologist rates an imminent suicide risk and finds the person at the top of
her home page. English browser: the strings are checked whether or not the catalogues
have been compiled with issue 20's yet."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, page_width
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, live_server, login):
    page.goto(f"{live_server}/login")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Password")).to_have_count(0)


def test_a_doctor_confirms_an_unusual_temperature_and_a_psychologist_sees_the_risk(
        open_page, live_server, artifacts, register):
    person = register("amina", "PAN", "Tesfaye", "Selam", born=2008)

    page = open_page(viewport=PHONE, locale="en-GB")
    sign_in(page, live_server, "amina")
    page.goto(f"{live_server}/people/{person}/notes/new")
    page.get_by_label("Kind of contact").select_option("medical_consultation")
    page.get_by_label("Temperature (°C)").fill("41.2")
    page.get_by_label("Oxygen saturation, SpO₂ (%)").fill("95")
    page.get_by_label("Respiratory rate (/min)").fill("24")
    page.get_by_role("button", name="Save").click()
    card = page.locator("#unusual-values")
    expect(card).to_contain_text(
        "Temperature 41.2\u00a0°C is above the usual range: confirm or correct.")
    expect(page.get_by_label("Temperature (°C)")).to_have_value("41.2")  # nothing lost
    assert page_width(page) <= PHONE["width"] + 1, "the questioned form scrolls sideways"
    page.screenshot(path=str(artifacts / "vital-signs-question-en-360.png"), full_page=True)
    page.get_by_label("I have checked these values: they are correct").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator('[data-entry-kind="note"]').first).to_contain_text("SpO₂ 95 %")

    page = open_page(viewport=PHONE, locale="en-GB")
    sign_in(page, live_server, "yasmine")
    page.goto(f"{live_server}/people/{person}/notes/new")
    page.get_by_label("Kind of contact").select_option("mental_health_session")
    page.get_by_label("Stage of care").select_option("intake")
    page.get_by_label("Suicide risk").select_option("imminent")
    page.get_by_label("Safety plan made").select_option("yes")
    page.get_by_label("Pregabalin (Lyrica)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Stage of care")).to_have_count(0)  # saved: back on the record
    page.goto(f"{live_server}/")
    risk = page.locator("#at-risk")
    expect(risk).to_contain_text("Suicide risk: Imminent, rated on")
    assert page_width(page) <= PHONE["width"] + 1, "the home page scrolls sideways"
    page.screenshot(path=str(artifacts / "suicide-risk-worklist-en-360.png"), full_page=True)
