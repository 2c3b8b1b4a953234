"""The TB pages on a 360-px phone and on a desktop, in French, English and Arabic: Charlie's
episode page and form, Claire's cohort report, nothing wider than the screen.

Screenshots go to test-artifacts/tb/ for people to look at."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select, update

from caseflow.extensions import db
from caseflow.models.tb import TbEpisode
from caseflow.models.user import User
from tests.browser.conftest import DESKTOP, PHONE
from tests.support.browser import page_width
from tests.support.web import PERSONA_PASSWORD
from tests.tb.cases import CASES

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, login):
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_it_fits_the_tb_pages_on_a_phone_and_a_desktop(app, open_page, live_server, artifacts,
                                                       tri_person, make_episode, lang):
    with time_machine.travel(datetime(2026, 10, 10, 10, 0, tzinfo=UTC), tick=False):
        for words, doses in CASES[:4]:
            make_episode(tri_person, doses=doses, **words)
    with app.app_context():
        db.session.execute(update(User).where(User.login.in_(("charlie", "claire")))
                           .values(language=lang))
        db.session.commit()
        episode_id = db.session.scalars(select(TbEpisode.id)).first()
        db.session.remove()
    folder = artifacts / "tb"
    folder.mkdir(exist_ok=True)
    pages = {"charlie": [f"/tb/episodes/{episode_id}", f"/tb/people/{tri_person}/episodes/new",
                         f"/people/{tri_person}"],
             "claire": ["/tb/cohort?quarter=2025Q3&site=TRI"]}
    for viewport in (PHONE, DESKTOP):
        for login, paths in pages.items():
            page = open_page(viewport=viewport)
            _sign_in(page, live_server, login)
            for n, path in enumerate(paths):
                page.goto(f"{live_server}{path}")
                assert "/login" not in page.url
                assert page.locator("html").get_attribute("lang") == lang
                page.screenshot(path=str(folder / f"{login}-{n}-{lang}-{viewport['width']}.png"),
                                full_page=True)
                width = page_width(page)
                assert width <= viewport["width"], f"{path} is {width} px wide in {lang}"
