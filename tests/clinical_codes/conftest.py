"""The clinical content of issue 20 read in English (the msgids): pages and services."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_browser(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def english_services(app, monkeypatch):
    """The services' refusals, read outside a request, in English too (the app's default
    locale is French)."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")
