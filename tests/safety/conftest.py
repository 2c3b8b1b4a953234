"""Safety tests: Awa followed at Pantin (Amina's site), her allergies and treatments recorded
through the services as Amina would."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.extensions import db
from caseflow.models.allergy_codes import AllergenGroup, AllergySource, Reaction, Severity
from caseflow.models.medication import Prescriber
from caseflow.services.safety import allergies, medications
from caseflow.services.safety.allergies import AllergyInput
from caseflow.services.safety.medications import MedicationInput
from tests.support.records import person, user


def penicillin(**changes) -> AllergyInput:
    data = AllergyInput(group=AllergenGroup.PENICILLINS, reaction=Reaction.RASH,
                        severity=Severity.MODERATE, source=AllergySource.DECLARED,
                        noted_on=date(2026, 1, 5), substance="Amoxicilline",
                        reaction_details="Urticaire généralisée en 2024")
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def salbutamol(**changes) -> MedicationInput:
    data = MedicationInput(medicine="Salbutamol inhalateur", prescriber=Prescriber.OUTSIDE,
                           dose="2 bouffées si besoin", atc_code="R03AC02",
                           started_on=date(2025, 11, 2), prescriber_details="PASS Avicenne")
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def awa(register):
    """Awa, followed at Pantin, who agreed to share with the whole care team."""
    return register("amina", "PAN", "Traoré", "Awa", born=2008)


@pytest.fixture
def awa_private(register):
    """Ines, followed at Pantin, who did not agree to share with the care team."""
    return register("amina", "PAN", "Benali", "Ines", born=2007, team_sharing=False)


@pytest.fixture
def add_allergy(app):
    def _add(person_id, login="amina", **changes) -> str:
        with app.app_context():
            row = allergies.add(user(login), person(person_id), penicillin(**changes))
            row_id = str(row.id)
            db.session.remove()
            return row_id
    return _add


@pytest.fixture
def add_treatment(app):
    def _add(person_id, login="amina", **changes) -> str:
        with app.app_context():
            row = medications.add(user(login), person(person_id), salbutamol(**changes))
            row_id = str(row.id)
            db.session.remove()
            return row_id
    return _add


@pytest.fixture(autouse=True)
def english_browser(client):
    """These tests read the pages' messages in English (the msgids)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def english_services(app, monkeypatch):
    """The services' refusals, read outside a request, in English too."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")
