"""The safety box and forms on a 360-px phone and on a desktop, in French, English and Arabic:
Amina's view of Awa's page (a severe allergy, a treatment), the allergy and treatment
forms and the history, nothing wider than the screen, the box first on the page.

Screenshots go to test-artifacts/safety/ for people to look at."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.allergy_codes import AllergenGroup, Reaction, Severity
from caseflow.models.user import User
from tests.browser.conftest import DESKTOP, PHONE
from tests.support.browser import page_width
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, login):
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_it_fits_the_safety_box_and_forms_on_a_phone_and_a_desktop(
        app, open_page, live_server, artifacts, awa, add_allergy, add_treatment, lang):
    add_allergy(awa, group=AllergenGroup.PEANUT, substance="Cacahuète (beurre de)",
                reaction=Reaction.ANAPHYLAXIS, severity=Severity.SEVERE)
    add_allergy(awa)
    add_treatment(awa)
    with app.app_context():
        db.session.execute(update(User).where(User.login == "amina").values(language=lang))
        db.session.commit()
        db.session.remove()
    folder = artifacts / "safety"
    folder.mkdir(exist_ok=True)
    paths = [f"/people/{awa}", f"/safety/people/{awa}/allergy", f"/safety/people/{awa}/treatment",
             f"/safety/people/{awa}"]
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport=viewport)
        _sign_in(page, live_server, "amina")
        for n, path in enumerate(paths):
            page.goto(f"{live_server}{path}")
            assert "/login" not in page.url
            assert page.locator("html").get_attribute("lang") == lang
            page.screenshot(path=str(folder / f"amina-{n}-{lang}-{viewport['width']}.png"),
                            full_page=True)
            width = page_width(page)
            assert width <= viewport["width"], f"{path} is {width} px wide in {lang}"
        page.goto(f"{live_server}/people/{awa}")
        box = page.locator("#safety")
        assert box.is_visible()
        # At the top: the box starts above the identity card.
        assert box.bounding_box()["y"] < page.locator("#identity").bounding_box()["y"]
        severe = page.locator(".safety-tag-severe")
        assert severe.count() == 1
        # The danger colour, whatever the language.
        assert severe.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(164, 38, 44)"
        if lang == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
            assert box.evaluate("e => getComputedStyle(e).borderRightWidth") == "6px"
