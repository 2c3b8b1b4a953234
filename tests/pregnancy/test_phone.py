"""The pregnancy page on a 360-px phone in Arabic (right to left): Fatima's follow-up of
Awa with three visits, the visits as cards, nothing wider than the screen.

Screenshots go to test-artifacts/pregnancy/ for people to look at."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.user import User
from tests.pregnancy.conftest import visit
from tests.support.browser import PHONE, page_width
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def test_it_fits_the_pregnancy_page_on_a_phone_in_arabic(app, open_page, live_server,
                                                         artifacts, awa_id, make_pregnancy):
    with time_machine.travel(datetime(2026, 6, 17, 10, 0, tzinfo=UTC), tick=False):
        pid = make_pregnancy(awa_id, risks=["age_under_18", "sexual_violence", "fgm"],
                             referral_place="Maternité de l'hôpital Delafontaine, Saint-Denis",
                             visits=[visit(date(2026, 5, 4), systolic=110, diastolic=70,
                                           haemoglobin=10.4, hiv="negative"),
                                     visit(date(2026, 5, 25), systolic=142, diastolic=92,
                                           urine_protein="2+", danger_signs=["fever"]),
                                     visit(date(2026, 6, 15), fetal_heart_rate=148,
                                           weight=58.5, fundal_height=17)])
    with app.app_context():
        db.session.execute(update(User).where(User.login == "fatima").values(language="ar"))
        db.session.commit()
        db.session.remove()
    folder = artifacts / "pregnancy"
    folder.mkdir(exist_ok=True)
    page = open_page(viewport=PHONE)
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", "fatima")
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    for n, path in enumerate((f"/anc/people/{awa_id}?episode={pid}",
                              f"/people/{awa_id}")):
        page.goto(f"{live_server}{path}")
        assert "/login" not in page.url
        assert page.evaluate("document.documentElement.dir") == "rtl"
        page.screenshot(path=str(folder / f"fatima-{n}-ar-360.png"), full_page=True)
        width = page_width(page)
        assert width <= PHONE["width"], f"{path} is {width} px wide in Arabic"
