"""Rules of the template data and the renderer from issue 16, read back from the PDF: the
psychologist's interviews, a psychologist's RPPS number, the follow-up dates that agree, the
Istanbul Protocol's scale defined under the findings, the minority certificate's statements
apart from the doctor's findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from caseflow.certificates import (
    TEMPLATES,
    CertificateError,
    Interpreter,
    check_signer,
    render_certificate,
)
from tests.certificates.samples import FIELDS, FRENCH_TEMPLATES, PSYCHOLOGIST, pdf_text, sample


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(pdf)).pages]


# --- The psychologist holds interviews ------------------------------------------------------


@pytest.mark.parametrize(("language", "interviews", "examination"), [
    ("fr", "Entretiens réalisés avec le concours de Fatoumata Keïta, interprète (peul).",
     "Examen réalisé"),
    ("en", "Interviews carried out with the help of Fatoumata Keïta, interpreter (peul).",
     "Examination carried out"),
])
def test_it_says_interviews_for_a_psychologists_interpreter(language, interviews,
                                                             examination) -> None:
    data = sample("psychological_attestation", interpreter=Interpreter("Fatoumata Keïta", "peul"))
    text = pdf_text(render_certificate(data, language))
    assert interviews in text and examination not in text
    # A doctor examines.
    doctor = pdf_text(render_certificate(sample("violence_findings"), language))
    assert examination in doctor


# --- A psychologist signs with an RPPS number or an ADELI number -----------------------------


@pytest.mark.parametrize(("numbers", "printed", "absent"), [
    ({"adeli": None, "rpps": "10101111111"}, ["RPPS n° 10101111111"], "ADELI"),
    ({"adeli": "939312345", "rpps": None}, ["ADELI n° 939312345"], "RPPS"),
    ({"adeli": "939312345", "rpps": "10101111111"},
     ["RPPS n° 10101111111", "ADELI n° 939312345"], None),
])
def test_it_lets_a_psychologist_sign_with_rpps_or_adeli(numbers, printed, absent) -> None:
    author = dataclasses.replace(PSYCHOLOGIST, **numbers)
    assert check_signer(TEMPLATES["psychological_attestation"], author) == []
    pages = _pages(render_certificate(sample("psychological_attestation", author=author), "fr"))
    signature = next(page for page in pages if "Signature :" in page)
    block = signature[signature.index("Fait à Pantin"):signature.index("Signature :")]
    for number in printed:  # in the signature block, as the opening sentence gives them
        assert number in block and number in pages[0]
    if absent:
        assert absent not in " ".join(pages)


def test_it_still_refuses_a_psychologist_with_no_register_number() -> None:
    author = dataclasses.replace(PSYCHOLOGIST, adeli=None, rpps=None)
    with pytest.raises(CertificateError, match="RPPS or ADELI number"):
        render_certificate(sample("psychological_attestation", author=author), "fr")
    malformed = dataclasses.replace(PSYCHOLOGIST, rpps="1234")
    with pytest.raises(CertificateError, match="malformed"):
        render_certificate(sample("psychological_attestation", author=malformed), "fr")


# --- The follow-up dates agree --------------------------------------------------------------


@pytest.mark.parametrize(("language", "last", "heading", "listed", "exam"), [
    ("fr", "suivie par notre équipe, la dernière fois le 24 septembre 2026.",
     "Date de la dernière consultation : 24 septembre 2026",
     "– 2 juin 2026 – 15 juillet 2026 – 24 septembre 2026", "5 décembre 2026"),
    ("en", "is followed by our team, most recently on 24 September 2026.",
     "Date of the last consultation: 24 September 2026",
     "– 2 June 2026 – 15 July 2026 – 24 September 2026", "5 December 2026"),
])
def test_it_gives_the_last_listed_date_as_the_last_consultation(language, last, heading,
                                                                listed, exam) -> None:
    dates = [dt.date(2026, 9, 24), dt.date(2026, 6, 2), dt.date(2026, 7, 15)]  # any order
    data = sample("follow_up_attestation", fields={"follow_up_dates": dates},
                  exam_date=dt.date(2026, 12, 5), issue_date=dt.date(2026, 12, 8))
    text = pdf_text(render_certificate(data, language))
    # The heading, the sentence and the list say the same last day...
    assert last in text and heading in text and listed in text
    # ...and neither the exam date typed on the form nor the issue date stands in for it.
    assert exam not in text


# --- The Istanbul Protocol's scale, defined under the findings ------------------------------

SCALE = {
    "fr": ["Degrés de compatibilité (Protocole d'Istanbul)",
           "Non compatible : la lésion ne peut pas avoir été causée par le traumatisme décrit.",
           "Compatible : la lésion peut avoir été causée par le traumatisme décrit, mais elle "
           "n'est pas spécifique et peut avoir de nombreuses autres causes.",
           "Très compatible : la lésion peut avoir été causée par le traumatisme décrit, et peu "
           "d'autres causes sont envisageables.",
           "Typique : ce type de lésion est habituellement associé au traumatisme décrit, mais "
           "il peut y avoir d'autres causes.",
           "Caractéristique (diagnostique) : la lésion ne peut avoir été causée que de la "
           "manière décrite."],
    "en": ["Degrees of consistency (Istanbul Protocol)",
           "Not consistent: the lesion could not have been caused by the trauma described.",
           "Consistent: the lesion could have been caused by the trauma described, but it is "
           "non-specific and there are many other possible causes.",
           "Highly consistent: the lesion could have been caused by the trauma described, and "
           "there are few other possible causes.",
           "Typical: this is an appearance that is usually found with this type of trauma, but "
           "there are other possible causes.",
           "Diagnostic: this appearance could not have been caused in any way other than that "
           "described."],
}
# The physical scale prints under the physical findings, before the psychological ones.
FINDINGS = {"fr": ("Cicatrices circulaires", "Constatations psychologiques"),
            "en": ("Cicatrices circulaires", "Psychological findings")}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_defines_the_five_degrees_under_the_findings(language) -> None:
    pages = _pages(render_certificate(sample("istanbul_report"), language))
    text = " ".join(pages)
    last_finding, interpretation = FINDINGS[language]
    where = [text.index(line) for line in SCALE[language]]
    assert where == sorted(where), "the five degrees, from the weakest to the strongest"
    assert text.index(last_finding) < where[0] < where[-1] < text.index(interpretation)
    # Read whole: the heading and the last definition on one page.
    assert any(SCALE[language][0] in page and SCALE[language][-1] in page for page in pages)


def test_it_defines_the_degrees_under_physical_findings_alone() -> None:
    fields = {k: v for k, v in FIELDS["istanbul_report"].items()
              if k != "psychological_findings"}
    text = pdf_text(render_certificate(sample("istanbul_report", fields=fields), "fr"))
    assert text.count(SCALE["fr"][0]) == 1
    assert text.index("Cicatrices circulaires") < text.index(SCALE["fr"][0])
    assert text.index(SCALE["fr"][0]) < text.index("Évaluation d'ensemble")


@pytest.mark.parametrize("key", [k for k in FRENCH_TEMPLATES if k != "istanbul_report"])
def test_it_prints_no_scale_where_nothing_is_graded(key) -> None:
    assert "Protocole d'Istanbul" not in pdf_text(render_certificate(sample(key), "fr"))


# --- The minority certificate: the person's statements, apart -------------------------------


@pytest.mark.parametrize(("language", "heading", "lead", "quoted", "findings"), [
    ("fr", "Déclarations de l'intéressé(e)", "L'intéressé(e) déclare, selon ses propres termes :",
     "« Je dors dehors depuis un mois. »", "État de santé constaté"),
    ("en", "Statements of the person", "The person states, in their own words:",
     "“Je dors dehors depuis un mois.”", "State of health found"),
])
def test_it_prints_the_persons_statements_before_the_doctors_findings(language, heading, lead,
                                                                       quoted,
                                                                       findings) -> None:
    fields = {**FIELDS["minority_recourse"], "statements": "Je dors dehors depuis un mois."}
    text = pdf_text(render_certificate(sample("minority_recourse", fields=fields), language))
    # Under its own heading, reported as the person's words, before what the doctor found.
    assert f"{heading} {lead} {quoted}" in text
    assert text.index(quoted) < text.index(findings)
    # Optional: without statements, no heading either.
    assert heading not in pdf_text(render_certificate(sample("minority_recourse"), language))


def test_it_offers_the_statements_on_the_minority_form(app, awa, as_user) -> None:
    page = as_user("amina").get(f"/people/{awa}/certificates/new?template=minority_recourse")
    assert page.status_code == 200
    text = page.text
    assert '<textarea' in text and 'name="statements"' in text
    assert "Déclarations de l&#39;intéressé(e)" in text or "Déclarations de l'intéressé(e)" in text
    assert text.index('name="statements"') < text.index('name="health_state"')
