"""In Chromium, on a 360-px phone, in English and Arabic: Charlie clears Salem's accepted case
(fitness assessed, report in the file) and records his departure from the case page,
without scrolling sideways. Screenshots go to test-artifacts/evacuation/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.evacuation import EvacuationStatus
from caseflow.models.user import User
from caseflow.services.care.consents import ConsentInput
from caseflow.services.evacuation import fitness
from caseflow.timezones import site_today
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.browser.conftest import PHONE
from tests.evacuation.records import assess, medical_report, open_case, walk
from tests.support.browser import page_width
from tests.support.records import person, site_id, user
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def accepted(app, salem):
    with app.app_context():
        today = site_today(site_id("TRI"))
        case = walk(salem, open_case(salem, today - timedelta(days=20)), EvacuationStatus.ACCEPTED,
                    today - timedelta(days=20))
        assess(salem, case, today - timedelta(days=3))
        report = medical_report(salem)
        fitness.attach_report(user("charlie"), person(salem), case, report.id,
                              ConsentInput(ConsentPurpose.PARTNER_SHARING,
                                           ConsentDecision.GIVEN), case.version)
        return str(case.id)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_it_records_clearance_and_departure_on_a_phone(app, open_page, live_server, artifacts,
                                                        accepted, language):
    with app.app_context():
        db.session.execute(update(User).values(language=language))
        db.session.commit()
    shots = artifacts / "evacuation"
    shots.mkdir(exist_ok=True)
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", "charlie")
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    for expected in ("medically_cleared", "departed"):
        page.goto(f"{live_server}/evacuations/cases/{accepted}")
        assert page.evaluate("getComputedStyle(document.documentElement).direction") == (
            "rtl" if language == "ar" else "ltr")
        page.locator("#step-form select[name=status]").select_option(expected)
        page.locator("#step-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(f"#case[data-evacuation-status={expected}]").count() == 1
        width = page_width(page)
        assert width <= PHONE["width"], f"{expected} {language}: {width} px wide"
    page.locator("main details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    page.screenshot(path=str(shots / f"case-{language}-360.png"), full_page=True)
