"""Vaccination tests: Awa followed at Pantin (Dr Amina's site), doses through the service."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from caseflow.extensions import db
from caseflow.services.vaccination import records
from caseflow.services.vaccination.records import DoseInput
from tests.support.records import person, user

# The day of these tests: 17 June 2026, morning in Paris.
NOW = datetime(2026, 6, 17, 8, 0, tzinfo=UTC)


@pytest.fixture
def awa(register):
    """Awa, 17, followed at Pantin."""
    return register("amina", "PAN", "Kone", "Awa", born=2009)


@pytest.fixture
def give(app):
    """give(person_id, "dt", "14/03/2026", origin="given_here", login="amina", ...) -> dose id."""

    def _give(person_id, vaccine, given_on, login="amina", **words):
        with app.app_context():
            dose = records.add_dose(user(login), person(person_id),
                                    DoseInput(vaccine=vaccine, given_on=given_on, **words))
            dose_id = dose.id
            db.session.remove()
            return dose_id

    return _give


@pytest.fixture(autouse=True)
def english_browser(client):
    """These tests read the pages' messages in English (the msgids): the browser asks for it."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def english_services(app, monkeypatch):
    """The services' refusals, read outside a request, in English too (the app's default
    locale is French)."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")
