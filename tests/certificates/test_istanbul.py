"""The Istanbul Protocol's medico-legal report (issue 16), read back from the PDF and through the
services and pages: the two scales, the overall evaluation, the parts the Protocol asks for,
the body diagram annexed, the photographs and their consent.

Read as sentences: "the psychological findings are never graded diagnostic"; "« Dans leur
ensemble, les éléments sont très compatibles… » prints in bold before the interpretation";
"a lesion placed on the back of the left hand is numbered on a last page"; "Amina cannot
annex photographs Awa did not agree to".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from caseflow.certificates import (
    TEMPLATES,
    CertificateError,
    Check,
    Consistency,
    Facts,
    Finding,
    Lesion,
    check_content,
    render_certificate,
)
from caseflow.certificates.body_regions import BodyRegion
from caseflow.extensions import db
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.services import ServiceError
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.documents import certificates
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.certificates.samples import FIELDS, SERIAL, pdf_text, sample
from tests.certificates.test_pages import _form
from tests.certificates.test_template_rules import _pages
from tests.clock import FIXED_NOW
from tests.support.certificates import BASE_URL, asked, draft_input
from tests.support.records import person, site_id, user
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(FIXED_NOW)

REPORT = TEMPLATES["istanbul_report"]
EXAM, ISSUED = dt.date(2026, 11, 3), dt.date(2026, 11, 4)


def _report(language: str, **fields: object) -> str:
    data = sample("istanbul_report", fields={**FIELDS["istanbul_report"], **fields})
    return pdf_text(render_certificate(data, language))


def _problems(key: str, fields: dict) -> list[tuple[Check, str | None]]:
    problems = check_content(TEMPLATES[key], language="fr", exam_date=EXAM, issue_date=ISSUED,
                             fields=fields)
    return [(problem.check, problem.field) for problem in problems]


def _bold(pdf: bytes) -> str:
    """The text printed in the bold font, folded as pdf_text folds it."""
    runs: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append(text) if (
            font and "Bold" in str(font.get("/BaseFont", ""))) else None)
    return " ".join(" ".join(runs).split())


def _options(page_text: str, name: str) -> list[str]:
    select_ = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page_text, re.S)
    assert select_, f"no select {name}"
    return re.findall(r'<option[^>]*value="([^"]*)"', select_.group(1))


def _selected(page_text: str, name: str) -> str:
    return _form(page_text)[name]


# --- 1. Two scales, each under the findings it grades ----------------------------------------

SCALES = {
    "fr": {"physical": "Degrés de compatibilité (Protocole d'Istanbul)",
           "psychological": "Évaluation des éléments psychologiques (Protocole d'Istanbul)",
           "psychological_findings": "Constatations psychologiques",
           "overall": "Évaluation d'ensemble",
           "diagnostic": "– Caractéristique (diagnostique) :",
           "lead": ["aucune constatation psychologique n'est diagnostique de la torture",
                    "l'absence de constatations psychologiques ne signifie pas que la torture "
                    "n'a pas eu lieu"]},
    "en": {"physical": "Degrees of consistency (Istanbul Protocol)",
           "psychological": "Assessment of the psychological evidence (Istanbul Protocol)",
           "psychological_findings": "Psychological findings",
           "overall": "Overall evaluation",
           "diagnostic": "– Diagnostic:",
           "lead": ["no psychological finding is diagnostic of torture",
                    "the absence of psychological findings does not mean that torture did not "
                    "occur"]},
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_prints_each_scale_under_the_findings_it_grades(language: str) -> None:
    words = SCALES[language]
    text = _report(language)
    physical, psychological = text.index(words["physical"]), text.index(words["psychological"])
    # The physical scale under the physical findings, before the psychological findings...
    assert text.index("Cicatrices circulaires") < physical
    assert physical < text.index(words["psychological_findings"]) < text.index("Reviviscences")
    # ...and the psychological one under them, before the overall evaluation.
    assert text.index("Reviviscences") < psychological < text.index(words["overall"])
    physical_scale = text[physical:text.index(words["psychological_findings"])]
    psychological_scale = text[psychological:text.index(words["overall"])]
    assert physical_scale.count("– ") == 5 and words["diagnostic"] in physical_scale
    assert psychological_scale.count("– ") == 4
    assert words["diagnostic"] not in psychological_scale
    assert "Diagnostique :" not in psychological_scale and "Diagnostic:" not in psychological_scale
    assert all(line in psychological_scale for line in words["lead"])


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_prints_the_psychological_scale_alone_without_physical_findings(language) -> None:
    fields = {k: v for k, v in FIELDS["istanbul_report"].items() if k != "physical_findings"}
    text = pdf_text(render_certificate(sample("istanbul_report", fields=fields), language))
    assert SCALES[language]["psychological"] in text
    assert SCALES[language]["physical"] not in text
    assert SCALES[language]["diagnostic"] not in text


def test_it_refuses_a_psychological_finding_graded_diagnostic() -> None:
    diagnostic = [Finding("Reviviscences", Consistency.DIAGNOSTIC)]
    fields = {**FIELDS["istanbul_report"], "psychological_findings": diagnostic}
    assert _problems("istanbul_report", fields) == [(Check.VALUE, "psychological_findings")]
    with pytest.raises(CertificateError):
        render_certificate(sample("istanbul_report", fields=fields), "fr")
    # A physical lesion may be diagnostic.
    fields = {**FIELDS["istanbul_report"], "physical_findings": [
        Finding("Brûlures de cigarette en rosette", Consistency.DIAGNOSTIC)]}
    assert _problems("istanbul_report", fields) == []


def test_it_offers_diagnostic_in_the_physical_rows_only(app, awa, as_user) -> None:
    page = as_user("amina").get(f"/people/{awa}/certificates/new?template=istanbul_report")
    assert page.status_code == 200
    degrees = [""] + [c.value for c in Consistency]
    for row in range(6):
        assert _options(page.text, f"physical_findings-{row}-consistency") == degrees
        assert _options(page.text, f"psychological_findings-{row}-consistency") == [
            "", "not_consistent", "consistent", "highly_consistent", "typical"]
    # The overall evaluation is a degree of the five-level scale.
    assert _options(page.text, "conclusion") == degrees


# --- 2. The overall evaluation ---------------------------------------------------------------

CONCLUSIONS = {
    "fr": {
        Consistency.NOT_CONSISTENT: "Dans leur ensemble, les éléments ne sont pas compatibles "
                                    "avec les allégations de torture ou de mauvais traitements.",
        Consistency.CONSISTENT: "Dans leur ensemble, les éléments sont compatibles avec les "
                                "allégations de torture ou de mauvais traitements.",
        Consistency.HIGHLY_CONSISTENT: "Dans leur ensemble, les éléments sont très compatibles "
                                       "avec les allégations de torture ou de mauvais "
                                       "traitements.",
        Consistency.TYPICAL: "Dans leur ensemble, les éléments sont typiques des allégations de "
                             "torture ou de mauvais traitements.",
        Consistency.DIAGNOSTIC: "Dans leur ensemble, les éléments sont diagnostiques de la "
                                "torture ou des mauvais traitements allégués.",
    },
    "en": {
        Consistency.NOT_CONSISTENT: "Overall, the evidence is not consistent with the "
                                    "allegations of torture or ill-treatment.",
        Consistency.CONSISTENT: "Overall, the evidence is consistent with the allegations of "
                                "torture or ill-treatment.",
        Consistency.HIGHLY_CONSISTENT: "Overall, the evidence is highly consistent with the "
                                       "allegations of torture or ill-treatment.",
        Consistency.TYPICAL: "Overall, the evidence is typical of the allegations of torture "
                             "or ill-treatment.",
        Consistency.DIAGNOSTIC: "Overall, the evidence is diagnostic of the torture or "
                                "ill-treatment alleged.",
    },
}
INTERPRETATION = {"fr": "Interprétation", "en": "Interpretation"}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("level", list(Consistency))
def test_it_prints_the_overall_evaluation_in_bold_before_the_interpretation(
        language: str, level: Consistency) -> None:
    pdf = render_certificate(sample("istanbul_report", fields={
        **FIELDS["istanbul_report"], "conclusion": level}), language)
    text, sentence = pdf_text(pdf), CONCLUSIONS[language][level]
    assert text.count(sentence) == 1
    others = [s for lvl, s in CONCLUSIONS[language].items() if lvl is not level]
    assert not [s for s in others if s in text]
    # After every finding and its scale, under its heading, before the interpretation.
    assert text.index(SCALES[language]["psychological"]) < text.index(
        SCALES[language]["overall"]) < text.index(sentence)
    assert text.index(sentence) < text.index(INTERPRETATION[language]) < text.index(
        "L'ensemble des constatations est très compatible")
    bold = _bold(pdf)
    assert sentence in bold
    assert "L'ensemble des constatations est très compatible" not in bold


def test_it_refuses_a_report_without_its_overall_evaluation() -> None:
    fields = {k: v for k, v in FIELDS["istanbul_report"].items() if k != "conclusion"}
    assert _problems("istanbul_report", fields) == [(Check.REQUIRED, "conclusion")]
    fields["conclusion"] = "highly_consistent"  # a degree, not its code
    assert _problems("istanbul_report", fields) == [(Check.VALUE, "conclusion")]


# --- 3. The parts the Protocol asks for ------------------------------------------------------

PARTS = {
    "fr": ["Personnes présentes lors de l'examen L'intéressé, le médecin et l'interprète.",
           "Faits allégués : date et lieu, selon ses déclarations Période des faits allégués, "
           "selon ses déclarations : du 1er mars 2025 au 30 juin 2025. Lieu, selon ses "
           "déclarations : Libye, centre de détention.",
           "Limites de l'évaluation Examen unique de deux heures, à distance des faits.",
           "Déclaration de véracité : j'ai personnellement connaissance des faits exposés dans "
           "le présent rapport",
           "Rapport établi à la demande"],
    "en": ["Persons present during the examination L'intéressé, le médecin et l'interprète.",
           "Alleged events: date and place, as declared Period of the alleged facts, as "
           "declared: from 1 March 2025 to 30 June 2025. Place, as declared: Libye, centre de "
           "détention.",
           "Limits of the evaluation Examen unique de deux heures, à distance des faits.",
           "Statement of truthfulness: I personally know the facts stated in this report",
           "Report drawn up at the request"],
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_prints_persons_present_facts_limits_and_the_statement_of_truthfulness(
        language: str) -> None:
    text = _report(language)
    where = [text.index(part) for part in PARTS[language]]
    # In this order, the statement of truthfulness last, just before the closing mention.
    assert where == sorted(where)
    assert text.index("Suivi psychologique spécialisé") < where[-2]


@pytest.mark.parametrize("missing", ["persons_present", "limits"])
def test_it_refuses_a_report_without_persons_present_or_limits(missing: str) -> None:
    fields = {k: v for k, v in FIELDS["istanbul_report"].items() if k != missing}
    assert _problems("istanbul_report", fields) == [(Check.REQUIRED, missing)]
    assert _problems("istanbul_report", {**fields, missing: "   "}) == [(Check.REQUIRED, missing)]


def test_it_applies_in_france_and_in_libya() -> None:
    assert REPORT.applies_in("FR") and REPORT.applies_in("LY")
    text = pdf_text(render_certificate(sample("istanbul_report", country="LY"), "en"))
    assert "Statement of truthfulness" in text
    assert "in France a medico-legal report is written in French" not in text


# --- 4. The body diagram annexed -------------------------------------------------------------

LESIONS = [Lesion("Face externe du bras gauche", "6 × 3 cm", "ecchymose violacée",
                  "arm_upper_left_front"),
           Lesion("Cuir chevelu, région pariétale droite", "2 cm", "plaie croûteuse"),
           Lesion("Dos de la main", "1 cm", "excoriation linéaire", "hand_left_back")]
ANNEX = {
    "fr": ["Annexe : schéma corporel", "N° Région Lésion ou constatation",
           "1 Face antérieure du bras gauche Face externe du bras gauche — 6 × 3 cm — "
           "ecchymose violacée",
           "3 Dos de la main gauche Dos de la main — 1 cm — excoriation linéaire"],
    "en": ["Annex: body diagram", "No. Region Lesion or finding",
           "1 Front of the left upper arm Face externe du bras gauche — 6 × 3 cm — "
           "ecchymose violacée",
           "3 Back of the left hand Dos de la main — 1 cm — excoriation linéaire"],
}


def _violence(language: str, lesions: list[Lesion]) -> list[str]:
    fields = {**FIELDS["violence_findings"], "lesions": lesions}
    return _pages(render_certificate(sample("violence_findings", fields=fields), language))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_annexes_the_body_diagram_on_a_last_page(language: str) -> None:
    unplaced = _violence(language, [dataclasses.replace(x, region="") for x in LESIONS])
    placed = _violence(language, LESIONS)
    assert len(placed) == len(unplaced) + 1
    annex = placed[-1]
    assert all(line in annex for line in ANNEX[language])
    # The unplaced lesion (number 2) is in the table only; the page is the certificate's.
    assert "Cuir chevelu" not in annex and SERIAL in annex
    assert not [page for page in placed[:-1] if ANNEX[language][0] in page]
    assert not [page for page in unplaced if ANNEX[language][0] in page]
    # The diagram's numbers, drawn before the legend.
    assert re.search(r"\b1 3 " + re.escape(ANNEX[language][1]), annex)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_annexes_the_physical_findings_placed_on_the_body(language: str) -> None:
    findings = [Finding("Cicatrices circulaires du poignet", Consistency.HIGHLY_CONSISTENT,
                        "forearm_left_front"),
                Finding("Cicatrice linéaire du dos", Consistency.CONSISTENT, "back_upper_right")]
    psychological = [Finding("Reviviscences", Consistency.CONSISTENT)]
    data = sample("istanbul_report", fields={**FIELDS["istanbul_report"],
                                             "physical_findings": findings,
                                             "psychological_findings": psychological})
    pages = _pages(render_certificate(data, language))
    plain = _pages(render_certificate(sample("istanbul_report"), language))
    assert len(pages) == len(plain) + 1
    annex = pages[-1]
    assert ANNEX[language][0] in annex and SERIAL in annex
    assert "1 " in annex and "Cicatrices circulaires du poignet" in annex
    assert "2 " in annex and "Cicatrice linéaire du dos" in annex
    assert "2 " + BodyRegion.BACK_UPPER_RIGHT.label.get(language) in annex
    # A psychological finding is not a lesion: never on the diagram, and no region is taken.
    assert "Reviviscences" not in annex
    placed = [Finding("Reviviscences", Consistency.CONSISTENT, "head_front")]
    problems = check_content(TEMPLATES["istanbul_report"], language=language,
                             exam_date=data.exam_date, issue_date=data.issue_date,
                             fields={**data.fields, "psychological_findings": placed})
    assert [p.field for p in problems] == ["psychological_findings"]


def test_it_offers_a_body_region_for_lesions_and_physical_findings_only(app, awa,
                                                                      as_user) -> None:
    """A region chosen for « Reviviscences » would be stored and never drawn (annex.marked
    skips the psychological findings): the form does not offer one."""
    page = as_user("amina").get(f"/people/{awa}/certificates/new?template=istanbul_report")
    assert 'name="physical_findings-0-region"' in page.text
    assert 'name="psychological_findings-0-region"' not in page.text
    violence = as_user("amina").get(f"/people/{awa}/certificates/new?template=violence_findings")
    assert 'name="lesions-0-region"' in violence.text


def test_it_refuses_a_body_region_it_does_not_know() -> None:
    lesions = [dataclasses.replace(LESIONS[0], region="elbow_of_doom")]
    assert _problems("violence_findings", {**FIELDS["violence_findings"], "lesions": lesions}) \
        == [(Check.VALUE, "lesions")]
    findings = [Finding("Cicatrices", Consistency.CONSISTENT, "left_wing")]
    assert _problems("istanbul_report", {**FIELDS["istanbul_report"],
                                         "physical_findings": findings}) \
        == [(Check.VALUE, "physical_findings")]


ISTANBUL_FORM = {
    "case_information": "Examen à la demande de l'intéressée.",
    "qualifications": "Médecin généraliste, DU de médecine légale.",
    "consent_recorded": "y",
    "persons_present": "L'intéressée et le médecin.",
    "facts-start": "2025-03-01", "facts-end": "2025-06-30", "facts-place": "Libye",
    "allegations": "J'ai été frappée sur les mains.",
    "physical_findings-0-description": "Cicatrices du dos de la main gauche",
    "physical_findings-0-consistency": "highly_consistent",
    "physical_findings-0-region": "hand_left_back",
    "conclusion": "highly_consistent",
    "interpretation": "Très compatible.",
    "limits": "",
    "recommendations": "Suivi.",
}
VIOLENCE_FORM = {
    "facts-start": "2026-06-01", "facts-place": "Pantin",
    "statements": "J'ai été frappée.",
    "examination": "Examen détaillé ci-dessous.",
    "lesions-0-location": "Dos de la main", "lesions-0-size": "1 cm",
    "lesions-0-aspect": "excoriation", "lesions-0-region": "hand_left_back",
    "psychological_state": "",
    "itt_days": "2",
}


@pytest.mark.parametrize(("template", "typed", "region", "missing"), [
    ("istanbul_report", ISTANBUL_FORM, "physical_findings-0-region", "limits"),
    ("violence_findings", VIOLENCE_FORM, "lesions-0-region", "psychological_state"),
])
def test_it_keeps_the_chosen_region_through_a_validation_error(app, awa, as_user, template,
                                                                typed, region,
                                                                missing) -> None:
    client = as_user("amina")
    url = f"/people/{awa}/certificates/new?template={template}"
    page = client.get(url)
    assert "hand_left_back" in _options(page.text, region)
    form = {**_form(page.text), "consent_decision": "given", **typed,
            "csrf_token": csrf_token_from(page.text)}
    refused = client.post(url, data=form)
    assert refused.status_code == 200
    assert re.search(rf'class="field has-error">\s*<label for="{missing}"', refused.text)
    assert _selected(refused.text, region) == "hand_left_back"
    with app.app_context():
        assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_it_issues_the_annex_with_the_serial_on_its_page(app, awa) -> None:
    with app.app_context():
        fields = {**FIELDS["violence_findings"], "lesions": LESIONS,
                  "facts": Facts(dt.date(2026, 6, 1), place="Pantin")}
        author = user("amina")
        draft = certificates.create_draft(author, person(awa), draft_input(
            "violence_findings", fields=fields), asked())
        issued = certificates.issue(author, person(awa), draft, draft.version, BASE_URL)
        pages = _pages(issued.issued_pdf)
        assert ANNEX["fr"][0] in pages[-1] and issued.serial in pages[-1]
        assert "Dos de la main gauche" in pages[-1]


# --- 5. Photographs, only with the person's consent ------------------------------------------

PHOTOGRAPHS = {
    ("fr", 1): "Photographies 1 photographie des lésions, prise avec le consentement de la "
               "personne, est annexée au présent document.",
    ("fr", 3): "Photographies 3 photographies des lésions, prises avec le consentement de la "
               "personne, sont annexées au présent document.",
    ("en", 1): "Photographs 1 photograph of the lesions, taken with the person's consent, is "
               "annexed to this document.",
    ("en", 3): "Photographs 3 photographs of the lesions, taken with the person's consent, "
               "are annexed to this document.",
}


@pytest.mark.parametrize(("language", "count"), list(PHOTOGRAPHS))
def test_it_prints_the_number_of_photographs_annexed(language: str, count: int) -> None:
    text = _report(language, photographs=count)
    assert PHOTOGRAPHS[language, count] in text
    # With the physical findings, before the psychological ones.
    assert text.index(SCALES[language]["physical"]) < text.index(PHOTOGRAPHS[language, count])
    assert text.index(PHOTOGRAPHS[language, count]) < text.index(
        SCALES[language]["psychological_findings"])
    assert "photograph" not in _report(language).lower()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_prints_no_photograph_when_none_is_annexed(language: str) -> None:
    """Zero photographs is none annexed: « 0 photographie … est annexée » would be false."""
    assert "photograph" not in _report(language, photographs=0).lower()


def _with_photographs(count: int = 3):
    return draft_input("istanbul_report",
                       fields={**FIELDS["istanbul_report"], "photographs": count})


def test_it_refuses_photographs_without_the_persons_consent(app, awa) -> None:
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("amina"), person(awa), _with_photographs(), asked())
        assert refused.value.field == "photographs"
        db.session.rollback()
        assert db.session.scalar(select(func.count(Certificate.id))) == 0
        # Refused, the consent is not in force either.
        add_consent(user("amina"), person(awa), ConsentInput(
            ConsentPurpose.PHOTOGRAPHS, ConsentDecision.REFUSED), site_id=site_id("PAN"))
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("amina"), person(awa), _with_photographs(), asked())
        assert refused.value.field == "photographs"


def test_it_issues_photographs_with_the_persons_consent(app, awa) -> None:
    with app.app_context():
        add_consent(user("amina"), person(awa), ConsentInput(
            ConsentPurpose.PHOTOGRAPHS, ConsentDecision.GIVEN), site_id=site_id("PAN"))
        author = user("amina")
        draft = certificates.create_draft(author, person(awa), _with_photographs(3), asked())
        issued = certificates.issue(author, person(awa), draft, draft.version, BASE_URL)
        assert issued.status is CertificateStatus.ISSUED
        assert PHOTOGRAPHS["fr", 3] in pdf_text(issued.issued_pdf)


def test_it_refuses_to_issue_photographs_once_the_consent_is_withdrawn(app, awa) -> None:
    with app.app_context():
        author = user("amina")
        add_consent(author, person(awa), ConsentInput(
            ConsentPurpose.PHOTOGRAPHS, ConsentDecision.GIVEN), site_id=site_id("PAN"))
        draft = certificates.create_draft(author, person(awa), _with_photographs(2), asked())
        add_consent(author, person(awa), ConsentInput(
            ConsentPurpose.PHOTOGRAPHS, ConsentDecision.WITHDRAWN), site_id=site_id("PAN"))
        with pytest.raises(ServiceError) as refused:
            certificates.issue(author, person(awa), draft, draft.version, BASE_URL)
        assert refused.value.field == "photographs"
        db.session.rollback()
        assert db.session.get(Certificate, draft.id).serial is None
