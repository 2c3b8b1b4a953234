"""The vaccination page and the person page's vaccination card on a 360-px phone and on a
desktop, in French, English and Arabic: nothing wider than the screen.

Screenshots go to test-artifacts/vaccination/ for people to look at."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from caseflow.extensions import db
from caseflow.models.user import User
from caseflow.models.vaccination import VaccinationDose
from caseflow.services.vaccination import records
from tests.browser.conftest import DESKTOP, PHONE
from tests.support.browser import page_width
from tests.support.records import person, user
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, login):
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_it_fits_the_vaccination_pages_on_a_phone_and_a_desktop(app, open_page, live_server,
                                                                artifacts, awa, give, lang):
    give(awa, "dtap_ipv", "15/06/2026", lot_number="BOOSTRIX-AB1234567")
    give(awa, "hepb", "15/06/2026")
    give(awa, "mmr", "2015", origin="declared")
    give(awa, "other", "03/2020", origin="card", other_name="Typhoïde (Typhim Vi)")
    wrong = give(awa, "yellow_fever", "2019", origin="declared")
    with app.app_context():
        records.record_status(user("amina"), person(awa), "declared", None)
        dose = db.session.scalar(select(VaccinationDose).where(VaccinationDose.id == wrong))
        records.mark_in_error(user("amina"), person(awa), dose,
                              "Confusion avec la fièvre typhoïde", dose.version)
        db.session.execute(update(User).where(User.login == "amina").values(language=lang))
        db.session.commit()
        db.session.remove()
    folder = artifacts / "vaccination"
    folder.mkdir(exist_ok=True)
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport=viewport)
        _sign_in(page, live_server, "amina")
        for n, path in enumerate((f"/vaccination/people/{awa}", f"/people/{awa}")):
            page.goto(f"{live_server}{path}")
            assert "/login" not in page.url
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("#vaccination").is_visible()
            page.screenshot(path=str(folder / f"amina-{n}-{lang}-{viewport['width']}.png"),
                            full_page=True)
            width = page_width(page)
            assert width <= viewport["width"], f"{path} is {width} px wide in {lang}"
