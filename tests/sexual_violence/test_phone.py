"""The consultation pages on a 360-px phone in Arabic: Dr Amina Diallo's new-consultation
form (its clock shows as the dates are typed), the consultation with its clock, the person
page's panel; nothing wider than the screen. Screenshots go to test-artifacts/sexual_violence/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.sexual_violence import FollowUpStep
from caseflow.models.user import User
from caseflow.services.sexual_violence import consultations, follow_up
from caseflow.timezones import local_from_utc
from tests.browser.conftest import PHONE
from tests.sexual_violence.conftest import consultation_input
from tests.support.browser import page_width
from tests.support.records import PARIS, person, user
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def test_it_fits_the_pages_on_a_phone_in_arabic(app, open_page, live_server, artifacts,
                                                mariam):
    with app.app_context():
        now = local_from_utc(utcnow(), PARIS).replace(second=0, microsecond=0)
        assault = now - timedelta(hours=30)
        c = consultations.create(user("amina"), person(mariam), consultation_input(
            consulted=now - timedelta(minutes=30), assault_on=assault.date(),
            assault_time=assault.time(), pep=True, ec=True, sti=True, hepb=True))
        follow_up.create(user("amina"), person(mariam), c, frozenset(FollowUpStep))
        cid = str(c.id)
        db.session.execute(update(User).where(User.login == "amina").values(language="ar"))
        db.session.commit()
        db.session.remove()
    folder = artifacts / "sexual_violence"
    folder.mkdir(exist_ok=True)
    page = open_page(viewport=PHONE, locale="ar")
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", "amina")
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    for n, path in enumerate((f"/svc/people/{mariam}/new", f"/svc/{cid}",
                              f"/people/{mariam}")):
        page.goto(f"{live_server}{path}")
        assert "/login" not in page.url
        assert page.locator("html").get_attribute("dir") == "rtl"
        if n == 0:  # the clock as the dates are typed (the script; the server's after saving)
            page.fill("input[name=consulted_at]", "2026-03-09T10:00")
            page.fill("input[name=assault_on]", "2026-03-05")
            page.fill("input[name=assault_time]", "09:00")
            clock = page.locator("#sv-clock-live")
            assert clock.is_visible() and clock.get_attribute("data-sv-band") == "mid"
            assert "97" in clock.inner_text()
        page.screenshot(path=str(folder / f"amina-{n}-ar-360.png"), full_page=True)
        width = page_width(page)
        assert width <= PHONE["width"], f"{path} is {width} px wide"
