"""Every page in Arabic, in Chromium, as each persona, on a 1366-px desk and a 360-px phone.

A browser that asks for Libya's Arabic (ar-LY) signs in through the Arabic sign-in page
(its labels read back from the Arabic catalogue, as a colleague reads them) and opens
every HTML page the access table lets that persona open, with a person of every record
kind followed at Pantin. On each page: `<html lang="ar" dir="rtl">`, no horizontal
scrolling at either width, and no word in Latin letters that is not data — the rows the
test made (names, codes, sites, accounts, what was written), CLDR's words, or a Latin
word the Arabic catalogue itself keeps (an acronym such as RPPS, a French institution
named in brackets). An English msgid shown untranslated is such a word.

The main pages are photographed at both widths into test-artifacts/arabic/.

The walk runs in the SQLite half of `make test` only: what it proves is the pages'
language, direction and width, which do not depend on the database (every page it opens
is also opened on PostgreSQL by the access-matrix and pseudo-locale tests), and it takes
about 90 s.
"""

from __future__ import annotations

import os
import re

import pytest
from babel.messages.pofile import read_po
from babel.support import Translations
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.user import User
from tests.clock import FIXED_NOW
from tests.pseudo_locale import Allowed, cldr_words, visible_text
from tests.security.access_table import ACCESS, PERSONAS
from tests.security.conftest import build_records, expected, path_values, url_of
from tests.test_i18n import TRANSLATIONS
from tests.test_pseudo_locale import _allowed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.time_machine(FIXED_NOW),
    pytest.mark.skipif(bool(os.environ.get("CASEFLOW_TEST_DATABASE_URL")),
                       reason="the pages' language and layout: walked in the SQLite half"),
]

DESK = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
# Not pages: files, data and redirects to them (each is read back elsewhere: the PDFs
# in tests/pdf and the certificate tests, the CSV and JSON in their own tests).
NOT_HTML = re.compile(r"\.(pdf|csv|json|png|svg)$|^/static/|^/healthz")
# Photographed at both widths, by the first persona who opens them.
PHOTOGRAPHED = {"main.home", "people.search", "people.new", "people.show", "notes.new",
                "notes.show", "followup.appointments_day", "followup.lost",
                "followup.new_referral", "certificates.register", "certificates.show",
                "reports.dashboard", "audit.index", "team.caseload", "team.referents_page",
                "people.new_consent", "records.subject_access_page", "admin.users"}
_photographed: set[str] = set()  # each page once, by the first persona who opens it
_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]")


def _arabic():
    return Translations.load(str(TRANSLATIONS), ["ar"])


def _latin_words_of_the_catalogue() -> set[str]:
    """Latin words the translators kept on purpose (RPPS, ICD-10, juge des enfants)."""
    with (TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="ar")
    words: set[str] = set()
    for message in catalogue:
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in texts:
            words.update(w for w in re.findall(r"[^\W\d_]+", text or "") if _LATIN.search(w))
    return words


@pytest.fixture
def awa(app, register):
    records = build_records(app, register, "amina", "PAN", "Traoré", "Awa")
    with app.app_context():
        # The account keeps no language of its own: the browser's Arabic decides.
        db.session.execute(update(User).values(language=None))
        db.session.commit()
    # Every page's rows made now (a hospital stay, an outreach session...), so that what
    # they hold is read back as data below.
    for rule in app.url_map.iter_rules():
        path_values(app, records, rule)
    with app.app_context():
        allowed = _allowed()
        db.session.remove()
    # ISO 4217 codes name the currencies of the programme's costs, as accountants write
    # them in Arabic too.
    words = (allowed.words | cldr_words("ar") | _latin_words_of_the_catalogue()
             | {"EUR", "LYD", "USD"})
    return records, Allowed(allowed.phrases, words)


def _pages(app, records, login: str) -> list[tuple[str, str]]:
    pages = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        line = expected(ACCESS, rule)
        if line is None or line[login] != 200 or "GET" not in rule.methods:
            continue
        url = url_of(rule, path_values(app, records, rule))
        if not NOT_HTML.search(url):
            pages.append((rule.endpoint, url))
    return pages


def _overflow(page) -> int:
    page.wait_for_load_state("load")  # measured styled, not while the stylesheet loads
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("login", PERSONAS)
def test_it_shows_every_page_right_to_left_in_arabic_at_both_widths(
        app, open_page, live_server, artifacts, awa, login):
    from tests.support.web import PERSONA_PASSWORD

    records, allowed = awa
    shots = artifacts / "arabic"
    shots.mkdir(exist_ok=True)
    page = open_page(viewport=DESK, locale="ar-LY")
    page.goto(f"{live_server}/login")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    said = _arabic().gettext
    page.get_by_label(said("Login")).fill(login)
    page.get_by_label(said("Password"), exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name=said("Sign in")).click()
    page.wait_for_load_state()

    problems: list[str] = []
    for endpoint, url in _pages(app, records, login):
        photograph = endpoint in PHOTOGRAPHED and endpoint not in _photographed
        _photographed.add(endpoint)
        page.set_viewport_size(DESK)
        response = page.goto(f"{live_server}{url}")
        where = f"{login} {url}"
        if response is None or response.status != 200:
            problems.append(f"{where}: {response and response.status}")
            continue
        if not (response.headers.get("content-type") or "").startswith("text/html"):
            continue
        html = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
        if html != ["ar", "rtl"]:
            problems.append(f"{where}: <html lang dir> is {html}")
        latin = [w for w in allowed.leftover(" \n ".join(visible_text(page.content())))
                 if _LATIN.search(w)]
        if latin:
            problems.append(f"{where}: untranslated {sorted(set(latin))}")
        for size, name in ((DESK, "1366"), (PHONE, "360")):
            page.set_viewport_size(size)
            wider = _overflow(page)
            if wider > 0:
                problems.append(f"{where}: {wider} px wider than the screen at {name} px")
            if photograph:
                page.screenshot(path=shots / f"{login}-{endpoint}-{name}.png", full_page=True)
    assert not problems, "\n".join(problems)
