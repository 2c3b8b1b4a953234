"""Salem, followed in Tripoli by Charlie, and a partner hospital of Tripoli."""

from __future__ import annotations

import pytest

from tests.hospital.records import partner_hospital


@pytest.fixture
def salem(app, register):
    person_id = register("charlie", "TRI", "Belhaj", "Salem", born=1995)
    with app.app_context():
        partner_hospital("TRI")
    return person_id


@pytest.fixture(autouse=True)
def english_browser(client):
    """These tests read the pages' messages in English (the msgids): the browser asks for it."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
