"""Scale tests: Awa, 17, followed at Pantin (Amina the doctor, Yasmine the psychologist),
and Karim, an adult there; results recorded through the service as a clinician would."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from caseflow.extensions import db
from caseflow.services.scales import results
from caseflow.services.scales.results import ResultInput
from tests.support.records import person, user

# A fixed day for every test of this package (no test reads the real clock).
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
def awa(register):
    """Awa, born in 2009 (declared year): 17 in 2026, followed at Pantin."""
    return register("amina", "PAN", "Traoré", "Awa", born=2009)


@pytest.fixture
def karim(register):
    return register("amina", "PAN", "Haddad", "Karim", born=1990)


def answers(scale_items: int, value: int = 1, **overrides) -> dict[int, int]:
    """{1: value, ..., n: value}, with item_<n>=v overrides."""
    out = dict.fromkeys(range(1, scale_items + 1), value)
    for key, v in overrides.items():
        out[int(key.removeprefix("item_"))] = v
    return out


@pytest.fixture
def make_result(app):
    """make_result(login, person_id, code, answers, on=date) -> the result's id (str)."""

    def _make(login, person_id, code, given, on: date = date(2026, 11, 1)):
        with app.app_context():
            result = results.record(user(login), person(person_id),
                                    ResultInput(code, on, dict(given)))
            rid = str(result.id)
            db.session.remove()
            return rid

    return _make


@pytest.fixture(autouse=True)
def english_browser(client):
    """These tests read the pages' messages in English (the msgids)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def english_services(app, monkeypatch):
    """The services' refusals, read outside a request, in English too."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")
