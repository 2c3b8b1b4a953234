"""Sexual-violence care tests: Mariam, an adult woman followed at Pantin by Dr Amina Diallo;
consultations recorded through the service with every care item answered."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from caseflow.models.sexual_violence import (
    CARE_ITEMS,
    CareStatus,
    Delay,
    EcMethod,
    NotGivenReason,
    PregnancyResult,
)
from caseflow.services.sexual_violence.consultations import ConsultationInput
from caseflow.vocabulary import Sex

# A Monday in winter (Paris is UTC+1): the consultation at 10:00 Paris time.
NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
CONSULTED = datetime(2026, 3, 9, 10, 0)  # Paris


@pytest.fixture
def mariam(register):
    return register("amina", "PAN", "Koné", "Mariam", born=1998, sex=Sex.FEMALE)


@pytest.fixture(autouse=True)
def english_browser(client):
    """The pages' messages in English (the msgids)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def english_services(app, monkeypatch):
    """The services' refusals, read outside a request, in English too."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")


def care(**given) -> dict:
    """Every item answered: those named given (True) or not (a reason), the rest not given
    because not indicated."""
    status, reason = {}, {}
    for item in CARE_ITEMS:
        answer = given.get(item, NotGivenReason.NOT_INDICATED)
        status[item] = CareStatus.GIVEN if answer is True else CareStatus.NOT_GIVEN
        reason[item] = None if answer is True else NotGivenReason(answer)
    return {"status": status, "reason": reason}


def consultation_input(*, consulted=CONSULTED, assault_on=None, assault_time=None,
                       approx=None, ec_method=None, consent=None, confirm=False,
                       pregnancy=None, notes=None, **given) -> ConsultationInput:
    if assault_on is None and approx is None:
        approx = Delay.UNKNOWN
    if given.get("ec") is True and ec_method is None:
        ec_method = EcMethod.LEVONORGESTREL
    if given.get("pregnancy_test") is True and pregnancy is None:
        pregnancy = PregnancyResult.NEGATIVE
    return ConsultationInput(consulted_at=consulted, assault_on=assault_on,
                             assault_time=assault_time, assault_approx=approx,
                             ec_method=ec_method, forensic_consent=consent,
                             confirm_outside_window=confirm, pregnancy_result=pregnancy,
                             notes=notes, **care(**given))


def at(day: date, hour: int = 10, minute: int = 0) -> tuple[date, time]:
    return day, time(hour, minute)
