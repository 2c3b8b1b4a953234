"""The browser tests' sizes; the fixtures (live_server, browser, open_page, page,
artifacts) are the suite's plugin tests/support/browser.py."""

from tests.support.browser import CHROMIUM, DESKTOP, PHONE

__all__ = ["CHROMIUM", "DESKTOP", "PHONE"]
