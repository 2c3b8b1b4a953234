"""The psychological attestation (issue 16): what the person reports apart from what the
psychologist observed, and no cause written as a fact by the psychologist.

Read as sentences: "« Ce que rapporte l'intéressée » comes before « Observations cliniques »";
"Yasmine writes « troubles en lien avec les violences subies »: the form keeps her text, says
why on that part, and saves nothing"; "« selon ses dires » attributes the link to Awa";
"Awa's own words are never checked".
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from sqlalchemy import func, select

from caseflow.certificates import (
    TEMPLATES,
    Check,
    Gender,
    Reported,
    check_content,
    render_certificate,
)
from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.models.consent import Consent
from caseflow.services import ServiceError
from caseflow.services.documents import certificates
from tests.certificates.samples import FIELDS, PERSON, pdf_text, sample
from tests.certificates.test_issue_flow import _form
from tests.clock import FIXED_NOW
from tests.support.certificates import asked, draft_input
from tests.support.records import person, user
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)

ATTESTATION = TEMPLATES["psychological_attestation"]
OBSERVED = "Symptômes anxieux et troubles du sommeil persistants."


def _text(language: str, gender: Gender = Gender.INCLUSIVE, **fields: object) -> str:
    data = sample("psychological_attestation", person=dataclasses.replace(PERSON, gender=gender),
                  fields={**FIELDS["psychological_attestation"], **fields})
    return pdf_text(render_certificate(data, language))


def _problems(**fields: object) -> list[tuple[Check, str | None]]:
    problems = check_content(ATTESTATION, language="fr", exam_date=FIXED_NOW.date(),
                             issue_date=FIXED_NOW.date(),
                             fields={**FIELDS["psychological_attestation"], **fields})
    return [(problem.check, problem.field) for problem in problems]


# --- What the person reports, apart from what was observed ------------------------------------


@pytest.mark.parametrize(("language", "gender", "reported"), [
    ("fr", Gender.FEMININE, "Ce que rapporte l'intéressée L'intéressée rapporte : "
                            "« Je ne dors plus depuis la traversée. »"),
    ("fr", Gender.MASCULINE, "Ce que rapporte l'intéressé L'intéressé rapporte : "
                             "« Je ne dors plus depuis la traversée. »"),
    ("fr", Gender.INCLUSIVE, "Ce que rapporte l'intéressé(e) L'intéressé(e) rapporte : "
                             "« Je ne dors plus depuis la traversée. »"),
    ("en", Gender.FEMININE, "What the person reports The person reports: "
                            "“Je ne dors plus depuis la traversée.”"),
])
def test_it_prints_what_the_person_reports_apart_from_what_was_observed(
        language: str, gender: Gender, reported: str) -> None:
    text = _text(language, gender)
    observed = {"fr": "Observations cliniques (ce que j'ai constaté) ",
                "en": "Clinical observations (what I observed) "}[language] + OBSERVED
    assert reported in text and observed in text
    assert text.index(reported) < text.index(observed)
    # The person's words only under their heading, the observations only under the author's.
    assert text.count("Je ne dors plus") == 1 and text.count(OBSERVED) == 1


@pytest.mark.parametrize(("language", "lead"), [
    ("fr", "Récit de l'intéressée, rapporté au style indirect (et non cité mot pour mot) : "
           "Elle dit ne plus dormir depuis la traversée."),
    ("en", "The person's account, reported in indirect speech (not their own words): "
           "Elle dit ne plus dormir depuis la traversée."),
])
def test_it_prints_an_account_reported_in_the_third_person_without_quotation_marks(
        language: str, lead: str) -> None:
    text = _text(language, Gender.FEMININE,
                 reported=Reported("Elle dit ne plus dormir depuis la traversée."))
    assert lead in text
    assert "« Elle dit" not in text and "“Elle dit" not in text


def test_it_prints_no_heading_when_the_person_reports_nothing() -> None:
    fields = {k: v for k, v in FIELDS["psychological_attestation"].items() if k != "reported"}
    data = sample("psychological_attestation", fields=fields)
    text = pdf_text(render_certificate(data, "fr"))
    assert "Ce que rapporte" not in text and "Observations cliniques" in text
    assert _problems(reported="") == []  # optional


# --- The causal guard ------------------------------------------------------------------------

CAUSAL = [
    "Troubles du sommeil en lien avec les violences subies.",
    "Anxiété CONSÉCUTIVE aux événements de Libye.",
    "Cauchemars dus à la détention.",
    "Sleep disorders due to the violence suffered.",
    "Anxiety Related To the detention.",
]
ATTRIBUTED = [
    "Troubles du sommeil en lien, selon ses dires, avec les violences subies.",
    "Selon ses dires, cauchemars consécutifs à la détention.",
    "Sleep disorders due to the violence suffered, according to the person.",
]


@pytest.mark.parametrize("sentence", CAUSAL)
@pytest.mark.parametrize("key", ["observations"])
def test_it_refuses_a_cause_the_psychologist_states_as_a_fact(key: str, sentence: str) -> None:
    problems = check_content(
        ATTESTATION, language="fr", exam_date=FIXED_NOW.date(), issue_date=FIXED_NOW.date(),
        fields={**FIELDS["psychological_attestation"], key: f"Suivi régulier. {sentence}"})
    assert [(p.check, p.field) for p in problems] == [(Check.CAUSAL, key)]
    # What the psychologist typed is never repeated in a message that may be logged.
    assert sentence not in problems[0].text and "Suivi" not in problems[0].text


@pytest.mark.parametrize("key", ["consultations", "recommendations"])
def test_it_reads_coordination_outside_the_observations_as_such(key: str) -> None:
    """« en lien avec le médecin traitant » is how French says "in liaison with": the guard
    reads the psychologist's observations only, where a cause would be attested."""
    assert _problems(**{key: "Poursuite du suivi en lien avec le médecin traitant."}) == []


@pytest.mark.parametrize("sentence", ATTRIBUTED)
def test_it_accepts_a_cause_attributed_to_the_person(sentence: str) -> None:
    assert _problems(observations=f"{OBSERVED} {sentence}") == []


@pytest.mark.parametrize("sentence", CAUSAL)
def test_it_never_checks_the_persons_own_statement(sentence: str) -> None:
    assert _problems(reported=sentence) == []
    assert _problems(reported=Reported(sentence)) == []
    text = _text("fr", reported=sentence)
    assert sentence in text


def test_it_reports_one_problem_per_part() -> None:
    assert _problems(observations=" ".join(CAUSAL)) == [(Check.CAUSAL, "observations")]


def test_it_guards_the_psychological_attestation_only() -> None:
    """A doctor's certificate of findings is not held to the rule (issue 16)."""
    guarded = [(key, spec.key) for key, template in TEMPLATES.items()
               for spec in template.fields if spec.causal_guard]
    assert guarded == [("psychological_attestation", "observations")]
    violence = check_content(TEMPLATES["violence_findings"], language="fr",
                             exam_date=FIXED_NOW.date(), issue_date=FIXED_NOW.date(),
                             fields={**FIELDS["violence_findings"],
                                     "psychological_state": CAUSAL[0]})
    assert Check.CAUSAL not in [p.check for p in violence]


def test_it_refuses_the_draft_in_the_service(app, awa) -> None:
    with app.app_context():
        data = draft_input("psychological_attestation", fields={
            **FIELDS["psychological_attestation"], "observations": CAUSAL[0]})
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("yasmine"), person(awa), data, asked())
        assert refused.value.field == "observations"
        db.session.rollback()
        assert db.session.scalar(select(func.count(Certificate.id))) == 0
        data.fields["observations"] = ATTRIBUTED[0]
        data.fields["reported"] = "Je ne dors plus à cause de la prison."
        draft = certificates.create_draft(user("yasmine"), person(awa), data, asked())
        assert draft.is_draft


# --- The form, for a psychologist ------------------------------------------------------------

URL = "/people/{}/certificates/new?template=psychological_attestation"
MESSAGE = {"fr": "Une phrase présente ici une cause comme un fait",
           "en": "A sentence here states a cause as a fact"}


def _post(client, person_id, **typed):
    page = client.get(URL.format(person_id))
    assert page.status_code == 200
    form = {**_form(page.text), "consent_decision": "given",
            "consultations": "Suivi hebdomadaire depuis septembre.",
            "observations": OBSERVED, "csrf_token": csrf_token_from(page.text), **typed}
    return client.post(URL.format(person_id), data=form)


def _consents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Consent.id)))


def test_it_shows_the_causal_message_on_the_observations_and_saves_nothing(app, awa,
                                                                           as_user) -> None:
    client = as_user("yasmine")
    typed = f"{OBSERVED} Troubles du sommeil en lien avec les violences subies."
    consents = _consents(app)
    refused = _post(client, awa, observations=typed,
                    reported="Je ne dors plus depuis la traversée.")
    assert refused.status_code == 200
    assert re.search(r'class="field has-error">\s*<label for="observations"', refused.text)
    assert MESSAGE["fr"] in refused.text
    assert len(re.findall(r'class="field has-error"', refused.text)) == 1
    # The text typed is kept, to be corrected; nothing is saved, not even the request.
    values = _form(refused.text)
    assert values["observations"].strip() == typed
    assert values["reported"].strip() == "Je ne dors plus depuis la traversée."
    with app.app_context():
        assert db.session.scalar(select(func.count(Certificate.id))) == 0
    assert _consents(app) == consents


def test_it_saves_the_draft_once_the_link_is_attributed(app, awa, as_user) -> None:
    client = as_user("yasmine")
    saved = _post(client, awa,
                  observations=f"{OBSERVED} Troubles du sommeil en lien, selon ses dires, avec "
                               "les violences subies.",
                  reported="Je ne dors plus à cause de ce qu'ils m'ont fait.")
    assert saved.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Certificate.id))) == 1
