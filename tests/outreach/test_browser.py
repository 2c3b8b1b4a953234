"""Charlie at the quay, on his phone (360 px): three rapid contacts, by keyboard and taps,
each listed below the form as soon as it is saved (issue 19)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select, update

from caseflow.extensions import db
from caseflow.models.outreach import OutreachContact
from caseflow.models.user import User
from tests.browser.conftest import PHONE
from tests.outreach.conftest import make_contact
from tests.support.browser import page_width
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser

PEOPLE = [("male", "18_59", "scabies", "Adam"), ("female", "under_5", "digestive", ""),
          ("male", "5_17", "wound_trauma", "Idris")]


def test_it_enters_three_contacts_on_a_phone(app, quay, open_page, live_server):
    _, session_id = quay
    page = open_page(viewport=PHONE, has_touch=True, is_mobile=True)
    page.goto(f"{live_server}/login")
    page.locator("#login").fill("charlie")
    page.locator("#password").fill(PERSONA_PASSWORD)
    page.locator("#password").press("Enter")
    page.goto(f"{live_server}/outreach/sessions/{session_id}")
    for n, (sex, age, complaint, name) in enumerate(PEOPLE, start=1):
        number = page.locator("#number")
        expect(number).to_have_value("")  # the next number only suggested: typing
        expect(number).to_have_attribute("placeholder", str(n))  # does not append to it
        expect(number).to_be_focused()
        number.type(str(n))  # the wristband's number: "1", not "11"
        page.locator(f"label.chip-{sex}").tap()
        page.locator(f"label.chip-{age}").tap()
        page.locator("label.chip-yellow").tap()  # no triage is preselected
        page.locator("#complaint_code").select_option(complaint)
        page.locator("#temperature").fill("37.9")
        page.locator("input[name=consent_confirmed]").tap()
        page.locator("#declared_name").fill(name)
        page.locator("#declared_name").press("Enter")  # Enter in a field saves the form
        # "Saved: #1" in Charlie's language: the number alone, not "11".
        expect(page.locator(".flash-success")).to_contain_text(re.compile(rf"(?<!\d){n}(?!\d)"))
    rows = page.locator("#contacts tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Idris")
    assert page_width(page) <= PHONE["width"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutreachContact)) == 3


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}],
                         ids=["phone", "desktop"])
def test_it_lays_the_session_out_right_to_left_in_arabic(app, quay, open_page,
                                                         live_server, artifacts, viewport):
    _, session_id = quay
    with app.app_context():
        for n in (1, 2):
            make_contact(session_id, n, declared_name="عبد الرحمن إدريس", triage="red")
        db.session.execute(update(User).where(User.login == "charlie").values(language=None))
        db.session.commit()
        db.session.remove()
    page = open_page(viewport=viewport, locale="ar-LY")
    page.goto(f"{live_server}/login")
    page.locator("#login").fill("charlie")
    page.locator("#password").fill(PERSONA_PASSWORD)
    page.locator("#password").press("Enter")
    for path in (f"/outreach/sessions/{session_id}", "/outreach/new", "/outreach/"):
        page.goto(f"{live_server}{path}")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert page_width(page) <= viewport["width"], path
    page.goto(f"{live_server}/outreach/sessions/{session_id}")
    page.screenshot(path=str(artifacts / f"outreach-session-ar-{viewport['width']}.png"),
                    full_page=True)
