"""« né / née », « l'intéressé / l'intéressée », « Je soussigné / soussignée » (issue 16): the
French wording agrees with the person's recorded sex and the signer's form of address, the
inclusive « (e) » kept only when they are not known; English has nothing to agree. Read back
from the rendered PDF."""

from __future__ import annotations

import dataclasses

import pytest

from caseflow.certificates import Handover, HandoverMode, render_certificate
from caseflow.certificates.wording import Gender, gender_of_sex
from tests.certificates.samples import (
    AUTHORS,
    DOCTOR,
    FIELDS,
    FRENCH_TEMPLATES,
    PERSON,
    pdf_text,
    sample,
)

FEMININE, MASCULINE, INCLUSIVE = Gender.FEMININE, Gender.MASCULINE, Gender.INCLUSIVE


def _text(key: str, person: Gender, signer: Gender, language: str = "fr", **changes) -> str:
    author = dataclasses.replace(AUTHORS.get(key, DOCTOR), gender=signer)
    return pdf_text(render_certificate(sample(
        key, person=dataclasses.replace(PERSON, gender=person), author=author, **changes),
        language))


@pytest.mark.parametrize(("person", "born", "concerned", "warned"), [
    (FEMININE, "déclare être née le 14 mars 2009", "à la demande de l'intéressée,",
     "dûment avertie des risques"),
    (MASCULINE, "déclare être né le 14 mars 2009", "à la demande de l'intéressé,",
     "dûment averti des risques"),
    (INCLUSIVE, "déclare être né(e) le 14 mars 2009", "à la demande de l'intéressé(e),",
     "dûment averti(e) des risques"),
])
def test_it_agrees_the_person_with_the_recorded_sex(person, born, concerned, warned) -> None:
    fields = {**FIELDS["violence_findings"], "statements": "On m'a frappé au bras."}
    text = _text("violence_findings", person, INCLUSIVE, fields=fields)
    assert born in text and concerned in text and warned in text
    lead = {FEMININE: "L'intéressée déclare, selon ses propres termes :",
            MASCULINE: "L'intéressé déclare, selon ses propres termes :",
            INCLUSIVE: "L'intéressé(e) déclare, selon ses propres termes :"}[person]
    assert lead in text


@pytest.mark.parametrize(("signer", "undersigned"), [
    (FEMININE, "Je soussignée, Dr Amina Benali"),
    (MASCULINE, "Je soussigné, Dr Amina Benali"),
    (INCLUSIVE, "Je soussigné(e), Dr Amina Benali"),
])
@pytest.mark.parametrize("key", ["minority_recourse", "violence_findings", "istanbul_report",
                                 "follow_up_attestation"])
def test_it_agrees_the_signer_with_their_form_of_address(key, signer, undersigned) -> None:
    # The signer's agreement is theirs, not the person's: a woman signs for a man.
    assert undersigned in _text(key, MASCULINE, signer)


def test_it_agrees_a_psychologist_signing_an_attestation() -> None:
    text = _text("psychological_attestation", FEMININE, MASCULINE)
    assert "Je soussigné, Jeanne Ouédraogo" in text
    assert "Attestation établie à la demande de l'intéressée, dûment avertie" in text


@pytest.mark.parametrize("key", FRENCH_TEMPLATES)
@pytest.mark.parametrize("person", [FEMININE, MASCULINE])
@pytest.mark.parametrize("mode", [HandoverMode.IN_HAND, HandoverMode.LAWYER])
def test_it_leaves_no_inclusive_form_when_both_are_known(key, person, mode) -> None:
    text = _text(key, person, FEMININE,
                 handover=Handover(mode, "Maître Claire Martin"),
                 fields={**sample(key).fields, **(
                     {"statements": "Je dors dehors depuis un mois."}
                     if key == "minority_recourse" else {})})
    assert "(e)" not in text and "il ou elle" not in text, (key, person)


def test_it_agrees_the_consent_of_the_istanbul_report() -> None:
    assert ("l'intéressée a été informée qu'elle pouvait refuser"
            in _text("istanbul_report", FEMININE, FEMININE))
    assert ("l'intéressé a été informé qu'il pouvait refuser"
            in _text("istanbul_report", MASCULINE, FEMININE))


@pytest.mark.parametrize("key", FRENCH_TEMPLATES)
def test_it_prints_the_same_english_whatever_the_sex(key) -> None:
    texts = {_text(key, person, signer, "en") for person in Gender for signer in Gender}
    assert len(texts) == 1
    assert "I, the undersigned" in texts.pop()


def test_it_takes_the_persons_agreement_from_the_recorded_sex() -> None:
    assert [gender_of_sex(sex) for sex in ("female", "male", "other", "unknown", None)] == [
        FEMININE, MASCULINE, INCLUSIVE, INCLUSIVE, INCLUSIVE]
