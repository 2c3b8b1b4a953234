"""Browser fixtures: the test app served on a real port, and Debian's Chromium driven by Playwright.

A plugin of the whole suite (tests/conftest.py `pytest_plugins`), not a package's
conftest: the browser tests of tests/browser/, tests/tb/, tests/hospital/ and
tests/outreach/ share one Chromium per run (a second Playwright started beside the first
fails: "Sync API inside the asyncio loop").

Playwright cannot download its own browsers here (no internet on the field
LAN either), so the tests drive the distribution's /usr/bin/chromium. Without
it the browser tests are skipped, except under CI=true where they fail: CI
installs Chromium and must not pass by skipping them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.support.web import IN_CI

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def page_width(page: Page) -> int:
    """The page's laid-out width, measured once it has loaded.

    A page reached by a click or a form's Enter can be queried as soon as its text is
    there; on a busy machine (CI) its stylesheets may still be on their way, and an
    unstyled table is wider than a phone (measured: 467 px). Waiting for "load" makes
    the measure the user's, not the race's."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")


class QuietRequestHandler(WSGIRequestHandler):
    """No access log: URLs (a search's ?q=) may carry names, and tests need no such log."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test app (tests/conftest.py's `app`, personas seeded) on 127.0.0.1 and a free port."""
    server = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="caseflow-live-server")
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium) - browser tests skipped"
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is not installed: browser tests are required under CI=true")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (own cookies); French browser, desktop by default."""
    contexts = []

    def _open(viewport: dict | None = None, locale: str = "fr-FR", **options) -> Page:
        context = browser.new_context(viewport=viewport or DESKTOP, locale=locale, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page) -> Page:
    return open_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository root (git-ignored): screenshots for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

