"""Notifiable diseases: Bah followed at Pantin by Amina, Semhar at Tripoli by Charlie."""

from __future__ import annotations

import pytest

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.vocabulary import Confidentiality
from tests.support.records import add_note


@pytest.fixture
def bah(register):
    return register("amina", "PAN", "Bah", "Mariama", born=2008)


@pytest.fixture
def semhar(register):
    return register("charlie", "TRI", "Haile", "Semhar", born=1995)


@pytest.fixture
def diagnose(app):
    """diagnose(person_id, login, site, *codes, days_ago=0) → a medical note carrying codes."""

    def _diagnose(person_id, login, site, *codes, days_ago=0,
                  confidentiality=Confidentiality.TEAM):
        with app.app_context():
            note = add_note(person_id, login, site, Discipline.MEDICAL, days_ago,
                            confidentiality=confidentiality)
            note.codes = {"conditions": list(codes)}
            db.session.commit()
            return note.id

    return _diagnose


@pytest.fixture(autouse=True)
def english_browser(client):
    """These tests read the pages' messages in English (the msgids)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def english_services(app, monkeypatch):
    """The services' refusals, read outside a request, in English too."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")
