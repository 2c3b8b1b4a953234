"""The safety services as a clinician meets them: what is refused and why, the two answers
"not asked" and "no known allergy" kept apart, nothing in clear in the database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from caseflow.extensions import db
from caseflow.models.allergy import Allergy
from caseflow.models.allergy_codes import (
    AllergenGroup,
    AllergyAnswer,
    EntryState,
    Reaction,
    Severity,
)
from caseflow.models.medication import Medication, StopReason
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.safety import allergies, medications
from caseflow.timezones import site_today
from tests.safety.conftest import penicillin, salbutamol
from tests.support.records import person, site_id, user


def _refusal(call) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call()
    db.session.rollback()
    return caught.value


def _status(person_id) -> AllergyAnswer:
    return allergies.status_of(user("amina"), person(person_id)).answer


TOMORROW = object()


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"group": None}, "group", "kind of substance"),
    ({"reaction": None}, "reaction", "reaction"),
    ({"severity": None}, "severity", "severity"),
    ({"source": None}, "source", "information comes from"),
    ({"noted_on": None}, "noted_on", "date the allergy was noted"),
    ({"noted_on": TOMORROW}, "noted_on", "in the future"),
    ({"noted_on": date(1850, 1, 1)}, "noted_on", "too far in the past"),
    ({"group": AllergenGroup.OTHER_MEDICINE, "substance": "  "}, "substance", "Name the"),
    ({"substance": "x" * 201}, "substance", "too long"),
    ({"reaction": Reaction.ANAPHYLAXIS, "severity": Severity.MODERATE}, "severity", "severe"),
    ({"reaction_details": "x" * 2001}, "reaction_details", "too long"),
])
def test_it_refuses_an_incomplete_or_implausible_allergy(app, awa, changes, field, words):
    with app.test_request_context():
        if changes.get("noted_on") is TOMORROW:
            changes = dict(changes, noted_on=site_today(site_id("PAN")) + timedelta(days=1))
        error = _refusal(lambda: allergies.add(user("amina"), person(awa), penicillin(**changes)))
        assert error.field == field and words in str(error.message)
        assert db.session.scalar(select(Allergy.id)) is None


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"medicine": " "}, "medicine", "Name the medicine"),
    ({"prescriber": None}, "prescriber", "prescribed"),
    ({"atc_code": "amoxicilline"}, "atc_code", "J01CA04"),
    ({"atc_code": "J01C"}, "atc_code", "ATC"),
    ({"started_on": TOMORROW}, "started_on", "in the future"),
    ({"stopped_on": date(2026, 1, 1)}, "stop_reason", "date and its reason"),
    ({"stop_reason": StopReason.COMPLETED}, "stopped_on", "date and its reason"),
    ({"stopped_on": date(2025, 10, 1), "stop_reason": StopReason.COMPLETED}, "stopped_on",
     "before it started"),
    ({"dose": "x" * 301}, "dose", "too long"),
])
def test_it_refuses_an_incomplete_or_implausible_treatment(app, awa, changes, field, words):
    with app.test_request_context():
        if changes.get("started_on") is TOMORROW:
            changes = dict(changes, started_on=site_today(site_id("PAN")) + timedelta(days=1))
        error = _refusal(lambda: medications.add(user("amina"), person(awa),
                                                 salbutamol(**changes)))
        assert error.field == field and words in str(error.message)


def test_it_accepts_an_atc_code_typed_loosely(app, awa):
    with app.test_request_context():
        row = medications.add(user("amina"), person(awa), salbutamol(atc_code=" j01ca04 "))
        assert row.atc_code == "J01CA04"
        row = medications.add(user("amina"), person(awa), salbutamol(atc_code="J01CA"))
        assert row.atc_code == "J01CA"


def test_it_keeps_not_asked_and_no_known_allergy_apart(app, awa, register):
    other = register("amina", "PAN", "Koné", "Issa", born=2006)
    with app.test_request_context():
        assert _status(awa) == AllergyAnswer.NOT_ASKED
        allergies.record_no_known_allergy(user("amina"), person(awa), "")
        status = allergies.status_of(user("amina"), person(awa))
        assert status.answer == AllergyAnswer.NO_KNOWN_ALLERGY
        assert status.recorded_by_id == user("amina").id and status.recorded_at is not None
        assert _status(other) == AllergyAnswer.NOT_ASKED  # nobody asked Issa


def test_it_lets_an_allergy_supersede_no_known_allergy_and_not_the_reverse(app, awa):
    with app.test_request_context():
        allergies.record_no_known_allergy(user("amina"), person(awa), "")
        allergy = allergies.add(user("amina"), person(awa), penicillin())
        assert _status(awa) == AllergyAnswer.HAS_ALLERGIES
        seen = allergies.status_of(user("amina"), person(awa)).latest_id
        error = _refusal(lambda: allergies.record_no_known_allergy(user("amina"), person(awa),
                                                                   seen))
        assert "retire it" in str(error.message)
        # Retired as entered in error: the record goes back to "not asked", never to a "no".
        allergies.retire(user("amina"), person(awa), db.session.get(Allergy, allergy.id),
                         EntryState.ENTERED_IN_ERROR, "Saisie dans le mauvais dossier",
                         allergy.version)
        assert _status(awa) == AllergyAnswer.NOT_ASKED
        kept = db.session.get(Allergy, allergy.id)
        assert kept.state == EntryState.ENTERED_IN_ERROR and kept.retired_by_id is not None


def test_it_refuses_a_stale_version_and_a_stale_answer(app, awa):
    with app.test_request_context():
        allergy = allergies.add(user("amina"), person(awa), penicillin())
        opened_on = allergy.version
        allergies.update(user("claire"), person(awa), allergy, penicillin(
            severity=Severity.SEVERE, reaction=Reaction.ANAPHYLAXIS), opened_on)
        with pytest.raises(ConcurrentEditError):
            allergies.update(user("amina"), person(awa), db.session.get(Allergy, allergy.id),
                             penicillin(severity=Severity.MILD), opened_on)
        db.session.rollback()
        assert db.session.get(Allergy, allergy.id).severity == Severity.SEVERE
        treatment = medications.add(user("amina"), person(awa), salbutamol())
        medications.update(user("claire"), person(awa), treatment, salbutamol(dose="4 bouffées"),
                           1)
        with pytest.raises(ConcurrentEditError):
            medications.update(user("amina"), person(awa),
                               db.session.get(Medication, treatment.id),
                               salbutamol(stopped_on=date(2026, 2, 1),
                                          stop_reason=StopReason.COMPLETED), 1)
        db.session.rollback()
        with pytest.raises(ConcurrentEditError):  # a missing or tampered version: a conflict
            medications.update(user("amina"), person(awa),
                               db.session.get(Medication, treatment.id), salbutamol(), None)
        db.session.rollback()
        # "No known allergy" on a page opened before someone else answered: refused too.
        with pytest.raises(ConcurrentEditError):
            allergies.record_no_known_allergy(user("amina"), person(awa), "")


def test_it_stops_a_treatment_and_keeps_it(app, awa):
    with app.test_request_context():
        row = medications.add(user("amina"), person(awa), salbutamol())
        medications.update(user("amina"), person(awa), row, salbutamol(
            stopped_on=date(2026, 2, 1), stop_reason=StopReason.SIDE_EFFECT,
            stop_details="Tremblements"), row.version)
        assert medications.current_of(person(awa)) == []
        (kept,) = medications.stopped_of(user("amina"), person(awa))
        assert kept.stop_reason == StopReason.SIDE_EFFECT and kept.medicine.startswith("Salb")


def test_it_keeps_names_and_codes_out_of_clear_columns(app, awa, add_allergy, add_treatment):
    add_allergy(awa)
    add_treatment(awa)
    with app.app_context():
        dumped = repr([tuple(r) for r in db.session.execute(text("SELECT * FROM allergy"))])
        dumped += repr([tuple(r) for r in db.session.execute(text("SELECT * FROM medication"))])
        for secret in ("Amoxicilline", "Urticaire", "penicillins", "rash", "moderate",
                       "Salbutamol", "R03AC02", "bouffées", "Avicenne", "outside"):
            assert secret not in dumped


def test_it_refuses_writers_outside_the_medical_team(app, awa):
    with app.test_request_context():
        for login in ("yasmine", "sara", "lea", "nadia", "hugo", "charlie"):
            error = _refusal(lambda login=login: allergies.add(user(login), person(awa),
                                                               penicillin()))
            assert "may not" in str(error.message)
            error = _refusal(lambda login=login: medications.add(user(login), person(awa),
                                                                 salbutamol()))
            assert "may not" in str(error.message)
        assert db.session.scalar(select(Allergy.id)) is None


def test_it_gives_the_whole_history_for_the_subject_access_copy(app, awa, register):
    from caseflow.services.safeguards.subject_access import _Names
    from caseflow.services.safety.copy import copy_section

    never = register("amina", "PAN", "Koné", "Issa", born=2006)
    with app.test_request_context():
        allergy = allergies.add(user("amina"), person(awa), penicillin())
        allergies.retire(user("amina"), person(awa), allergy, EntryState.NO_LONGER,
                         "Tolère l'amoxicilline depuis mars", allergy.version)
        medications.add(user("amina"), person(awa), salbutamol())
        names = _Names()
        section = copy_section(person(awa), names)
        assert copy_section(person(never), names) == {}
    assert [a["answer"] for a in section["allergy_answers"]] == ["has_allergies"]
    (entry,) = section["allergies"]
    assert (entry["group"], entry["substance"], entry["state"]) == (
        "penicillins", "Amoxicilline", "no_longer")
    assert entry["retired_reason"] == "Tolère l'amoxicilline depuis mars"
    assert entry["retired_by"]["name"] == "Dr Amina Diallo"
    (treatment,) = section["treatments"]
    assert (treatment["medicine"], treatment["atc_code"], treatment["prescriber"]) == (
        "Salbutamol inhalateur", "R03AC02", "outside")


def test_it_puts_the_allergies_in_the_persons_copy(app, awa):
    from caseflow.services.safeguards.subject_access import collect

    with app.test_request_context():
        allergies.add(user("amina"), person(awa), penicillin())
        copy = collect(person(awa))
    (entry,) = copy["safety"]["allergies"]
    assert entry["group"] == "penicillins"
