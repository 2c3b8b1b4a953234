"""Pregnancy tests: Awa (17), followed at Pantin, whose pregnancy Fatima, Pantin's midwife,
records; services called outside a request read their messages in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from caseflow.extensions import db
from caseflow.services.pregnancy import pregnancies
from caseflow.services.pregnancy.pregnancies import PregnancyInput
from caseflow.services.pregnancy.visits import VisitInput, add_visit
from caseflow.vocabulary import Sex
from tests.support.records import person, user

# The tests' today: 17 June 2026 (Pantin and Tripoli are both on 17 June at 10:00 UTC).
NOW = datetime(2026, 6, 17, 10, 0, tzinfo=UTC)
TODAY = date(2026, 6, 17)


@pytest.fixture
def awa_id(register):
    return register("amina", "PAN", "Traoré", "Awa", born=2009, sex=Sex.FEMALE)


@pytest.fixture
def make_pregnancy(app):
    """make_pregnancy(person_id, login="fatima", visits=[VisitInput...], **PregnancyInput)
    -> the pregnancy's id (a str)."""

    def _make(person_id, login="fatima", visits=(), **fields):
        with app.app_context():
            who, author = person(person_id), user(login)
            fields.setdefault("lmp_on", date(2026, 3, 2))
            made = pregnancies.create(author, who, PregnancyInput(**fields))
            for data in visits:
                add_visit(author, who, made, data)
            made_id = str(made.id)
            db.session.remove()
            return made_id

    return _make


def visit(day: date, **measures) -> VisitInput:
    return VisitInput(visited_on=day, **measures)


@pytest.fixture(autouse=True)
def english_browser(client):
    """The pages' messages in English (the msgids): the browser asks for it."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def english_services(app, monkeypatch):
    """The services' refusals, read outside a request, in English too."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")
