"""Salem, followed in Tripoli by Charlie, with an issued medical report."""

from __future__ import annotations

import pytest


@pytest.fixture
def salem(app, register):
    return register("charlie", "TRI", "Belhaj", "Salem", born=1995)


@pytest.fixture(autouse=True)
def english_browser(client):
    """These tests read the pages' messages in English (the msgids): the browser asks for it."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def english_services(app, monkeypatch):
    """The services' refusals, read outside a request, in English too (the app's default
    locale is French)."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")
