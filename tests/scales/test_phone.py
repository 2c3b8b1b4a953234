"""The scale pages on a 360-px phone in Arabic (right to left): Yasmine fills a PHQ-A for
Awa by tapping the radio buttons, sees the score and band, and the person page's chart;
nothing is wider than the screen. Screenshots go to test-artifacts/scales/."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.user import User
from tests.browser.conftest import PHONE
from tests.scales.conftest import answers
from tests.support.browser import page_width
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def test_it_fills_a_scale_and_charts_it_on_a_phone_in_arabic(app, open_page, live_server,
                                                             artifacts, awa, make_result):
    make_result("yasmine", awa, "phqa", answers(9, 2, item_9=0), on=date(2026, 1, 5))
    with app.app_context():
        db.session.execute(update(User).where(User.login == "yasmine").values(language="ar"))
        db.session.commit()
        db.session.remove()
    folder = artifacts / "scales"
    folder.mkdir(exist_ok=True)
    page = open_page(viewport=PHONE, locale="ar")
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", "yasmine")
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    page.goto(f"{live_server}/scales/people/{awa}/new/phqa")
    assert page.locator("html").get_attribute("dir") == "rtl"
    for n in range(1, 10):
        page.locator(f"label[for=item_{n}_{1 if n < 9 else 0}]").click()  # a tap on the label
    box = page.locator("label[for=item_1_1]").bounding_box()
    assert box["height"] >= 44  # a target a finger finds
    page.screenshot(path=str(folder / "form-ar-360.png"), full_page=True)
    assert page_width(page) <= PHONE["width"]
    page.locator("form[data-scale-form] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-scale-result]").get_attribute("data-total") == "8"
    assert page.locator("[data-scale-result]").get_attribute("data-band") == "mild"
    page.screenshot(path=str(folder / "result-ar-360.png"), full_page=True)
    assert page_width(page) <= PHONE["width"]
    page.goto(f"{live_server}/people/{awa}#scales")
    chart = page.locator('[data-scale-chart="phqa"]')
    assert chart.count() == 1 and chart.locator("circle").count() == 2
    first, latest = (chart.locator("circle").nth(i).bounding_box()["x"] for i in (0, 1))
    assert latest < first  # right to left: the latest on the left
    page.locator("#scales").screenshot(path=str(folder / "panel-ar-360.png"))
    assert page_width(page) <= PHONE["width"]
