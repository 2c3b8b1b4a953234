"""The hospital pages on a 360-px phone and on a desktop, in French, English and Arabic.

Read as a sentence: "Charlie reads Salem's stay, records a visit and the discharge from his
phone without scrolling sideways, in each language; Claire reads the indicators and the
list of hospitals the same way". Screenshots go to test-artifacts/hospital/.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.hospital import Outcome
from caseflow.models.user import User
from caseflow.services.hospital import admissions
from caseflow.timezones import site_today
from caseflow.vocabulary import NoteKind
from tests.browser.conftest import DESKTOP, PHONE
from tests.hospital.records import admit
from tests.support.browser import page_width
from tests.support.records import person, site_id, user
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def stay(app, salem):
    with app.app_context():
        today = site_today(site_id("TRI"))
        found = admit(salem, "TRI", today - timedelta(days=9),
                      ward="Chirurgie générale, salle 3 — lit 12")
        for days in (8, 6):
            admissions.record_visit(
                user("charlie"), person(salem), found,
                NoteKind.MEDICAL_CONSULTATION,
                utcnow() - timedelta(days=days),
                "Pansement refait, plaie propre, apyrétique. " * 4)
        found = admissions.discharge(user("charlie"), person(salem), found,
                                     admissions.DischargeInput(today - timedelta(days=2),
                                                               Outcome.SHELTER), found.version)
        admissions.set_costs(user("claire"), person(salem), found, Decimal("1250.50"), "LYD",
                             found.version)
        admit(salem, "TRI", today - timedelta(days=1))
        return str(found.id)


def _sign_in(page, live_server, login):
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PERSONA_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_it_fits_a_phone_and_a_desktop_in_each_language(app, open_page, live_server, artifacts,
                                                         salem, stay, language):
    with app.app_context():
        db.session.execute(update(User).values(language=language))
        db.session.commit()
    shots = artifacts / "hospital"
    shots.mkdir(exist_ok=True)
    pages = {"charlie": [("person", f"/people/{salem}"),
                         ("admission", f"/hospital/admissions/{stay}"),
                         ("new", f"/hospital/people/{salem}/admissions/new")],
             "claire": [("admission-costs", f"/hospital/admissions/{stay}"),
                        ("indicators", "/hospital/indicators?site=TRI"),
                        ("partners", "/hospital/partners")]}
    for login, paths in pages.items():
        page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
        _sign_in(page, live_server, login)
        for name, path in paths:
            for viewport, label in ((PHONE, "360"), (DESKTOP, "desktop")):
                page.set_viewport_size(viewport)
                response = page.goto(live_server + path)
                assert response.status == 200, (path, response.status)
                assert page.evaluate("document.documentElement.lang") == language
                direction = page.evaluate("getComputedStyle(document.documentElement).direction")
                assert direction == ("rtl" if language == "ar" else "ltr")
                page.locator("main details").evaluate_all("ds => ds.forEach(d => d.open = true)")
                page.screenshot(path=str(shots / f"{name}-{language}-{label}.png"),
                                full_page=True)
                width = page_width(page)
                assert width <= viewport["width"], f"{name} {language}: {width} px wide"
