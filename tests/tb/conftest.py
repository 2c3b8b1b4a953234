"""TB tests: people followed at Tripoli by Charlie, episodes recorded through the service."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from caseflow.extensions import db
from caseflow.models.tb import (
    DiagnosisBasis,
    DiseaseSite,
    HivStatus,
    LabResult,
    Observation,
    Regimen,
    RifResistance,
    TbOutcome,
    TreatmentHistory,
    XpertResult,
)
from caseflow.services.tb import episodes
from caseflow.services.tb.episodes import EpisodeInput
from tests.support.records import person, user

# The report date of the cohort tests: outcomes of 2025Q3 as known on 1 October 2026.
AS_OF = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def tri_person(register):
    """Someone followed at Tripoli (Charlie's site)."""
    return register("charlie", "TRI", "Haile", "Semhar", born=1995)


def episode_input(*, started=None, basis="bacteriological", where="pulmonary", history="new",
                  rr=False, outcome=None, outcome_on=None, diagnosed=None, presumptive=None,
                  register_number=None, notes=None, hiv="unknown") -> EpisodeInput:
    """An episode as a clinician would fill it, from a few words (a cured case has its
    negative smears at months 2, 5 and 6, as WHO's definition requires)."""
    diagnosed = diagnosed or started
    presumptive = presumptive or diagnosed or date(2025, 7, 1)
    bact = basis == "bacteriological"
    return EpisodeInput(
        presumptive_on=presumptive,
        xpert=XpertResult.DETECTED if bact else XpertResult.NOT_DONE,
        rif_resistance=RifResistance.DETECTED if rr else (
            RifResistance.NOT_DETECTED if bact else RifResistance.NOT_DONE),
        smear=LabResult.POSITIVE if bact else LabResult.NOT_DONE,
        diagnosed_on=diagnosed,
        basis=DiagnosisBasis(basis) if diagnosed else None,
        disease_site=DiseaseSite(where) if diagnosed else None,
        history=TreatmentHistory(history) if diagnosed else None,
        regimen=(Regimen.DRUG_RESISTANT if rr else Regimen.DRUG_SUSCEPTIBLE) if started
        else None,
        treatment_started_on=started,
        outcome=TbOutcome(outcome) if outcome else None, outcome_on=outcome_on,
        register_number=register_number, notes=notes, hiv=HivStatus(hiv),
        **dict.fromkeys(("smear_month2", "smear_month5", "smear_month6"),
                        LabResult.NEGATIVE if outcome == "cured" else LabResult.NOT_DONE))


@pytest.fixture
def make_episode(app):
    """make_episode(person_id, doses=[date...], **episode_input words) -> episode id."""

    def _make(person_id, doses=(), **words):
        with app.app_context():
            charlie, who = user("charlie"), person(person_id)
            data = episode_input(**words)
            outcome = data.outcome
            data.outcome = data.outcome_on = None
            episode = episodes.create(charlie, who, data)
            for day in doses:
                episodes.record_dose(charlie, who, episode, day, Observation.DIRECT)
            if outcome is not None:
                data = episode_input(**words)
                episodes.update(charlie, who, episode, data, episode.version)
            episode_id = str(episode.id)
            db.session.remove()
            return episode_id

    return _make


@pytest.fixture(autouse=True)
def english_browser(client):
    """These tests read the pages' messages in English (the msgids): the browser asks for it."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
