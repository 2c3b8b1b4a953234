"""Search, open a person, press Back: the results are there again, and no address the
browser went through carries the name typed."""

import logging

import pytest
from playwright.sync_api import expect

from tests.browser.test_intake import sign_in
from tests.support.records import load

pytestmark = pytest.mark.browser

TYPED = "Gebremaryam Yohanes"


def test_it_comes_back_to_the_results_without_the_name_in_any_address(
        app, open_page, live_server, register, caplog):
    caplog.set_level(logging.DEBUG)
    code = load(app, register("hugo", "CAL", "Gebremariam", "Yohannes", born=2008)).code
    page = open_page()
    addresses = []
    page.on("request", lambda request: addresses.append(request.url))
    page.on("framenavigated", lambda frame: addresses.append(frame.url))
    sign_in(page, live_server, "hugo")
    page.get_by_role("link", name="Personnes").first.click()
    page.get_by_label("Nom, autre nom, code, téléphone ou date de naissance").fill(TYPED)
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text(code)).to_be_visible()
    results = page.url
    assert "?s=" in results

    page.get_by_text(code).click()
    expect(page.locator(".big-code")).to_have_text(code)
    page.go_back()
    expect(page.get_by_text(code)).to_be_visible()  # the results, not a browser error
    assert page.url == results
    history = page.evaluate("window.history.length")
    assert history >= 3

    words = [w.lower() for w in TYPED.split()]
    seen = [a for a in addresses if any(w in a.lower() for w in words)]
    assert not seen, f"the name reached an address: {seen}"
    logged = [r.getMessage() for r in caplog.records
              if any(w in r.getMessage().lower() for w in words)]
    assert not logged, "the name reached a log record"
