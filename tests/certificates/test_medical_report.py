"""The Libya medical report (تقرير طبي), and a site's country deciding what it offers.

Read as a Tripoli doctor would: "I am offered the medical report and the Istanbul report,
not the French minority-recourse certificate; the form starts in Arabic and offers
English; nobody asks me for an RPPS number or offers a French police requisition; the
report prints my Libyan licence, the hospital it is for, my findings, diagnoses,
treatment and recommendations, and no French law; it is sealed and the verification
page answers for it". And as a Pantin doctor: "the Libya report is not offered to me".
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from caseflow.certificates import (
    TEMPLATES,
    CertificateError,
    HandoverMode,
    render_certificate,
    seal,
)
from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.pdf import ARABIC_FONT_BOLD
from caseflow.services import ServiceError
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.documents import certificates
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.certificates.samples import FIELDS, pdf_text, sample
from tests.pdf import glyphs
from tests.pdf.glyphs import save
from tests.support.certificates import BASE_URL, asked, draft_input
from tests.support.records import person, site_id, user

REPORT = TEMPLATES["medical_report"]
FRENCH_LAW = ("RPPS", "ADELI", "procédure pénale", "code pénal", "226-14", "Code civil",
              "Civil Code", "juge des enfants", "traduction", "translation")


def _tripoli_person(register) -> str:
    return register("charlie", "TRI", "Haroun", "Idriss", born=1994)


def _consent(person_id) -> None:
    add_consent(user("charlie"), person(person_id),
                ConsentInput(ConsentPurpose.CERTIFICATE, ConsentDecision.GIVEN),
                site_id=site_id("TRI"))


def _issue(person_id, language: str) -> Certificate:
    data = draft_input("medical_report", site="TRI", language=language)
    draft = certificates.create_draft(user("charlie"), person(person_id), data, asked())
    return certificates.issue(user("charlie"), person(person_id), draft, draft.version,
                              BASE_URL)


def test_it_offers_the_medical_report_at_a_libya_site_only(register, as_user):
    tripoli = _tripoli_person(register)
    chooser = as_user("charlie").get(f"/people/{tripoli}/certificates/new")
    assert chooser.status_code == 200
    assert "template=medical_report" in chooser.text
    assert "template=minority_recourse" not in chooser.text
    pantin = register("amina", "PAN", "Keita", "Moussa", born=1994)
    offered = as_user("amina").get(f"/people/{pantin}/certificates/new")
    assert "template=medical_report" not in offered.text
    # Not even by its address.
    assert as_user("amina").get(
        f"/people/{pantin}/certificates/new?template=medical_report").status_code == 403


def test_it_starts_the_form_in_arabic_without_french_law(register, as_user):
    tripoli = _tripoli_person(register)
    page = as_user("charlie").get(f"/people/{tripoli}/certificates/new?template=medical_report")
    assert page.status_code == 200
    language = re.search(r'<select[^>]*name="language".*?</select>', page.text, re.S).group(0)
    options = re.findall(r'<option[^>]*value="(\w+)"', language)
    assert options == ["ar", "en"]
    assert re.search(r'<option[^>]*selected[^>]*value="ar"|<option[^>]*value="ar"[^>]*selected',
                     language)
    assert 'value="requisition"' not in page.text and "RPPS" not in page.text
    assert "procédure pénale" not in page.text and "code of criminal procedure" not in page.text
    # The Istanbul report at Tripoli: Arabic first as well, then English, French last.
    istanbul = as_user("charlie").get(
        f"/people/{tripoli}/certificates/new?template=istanbul_report").text
    select = re.search(r'<select[^>]*name="language".*?</select>', istanbul, re.S).group(0)
    assert re.findall(r'<option[^>]*value="(\w+)"', select) == ["ar", "en", "fr"]


def test_it_prints_the_report_in_english_with_the_libyan_licence_and_no_french_law():
    text = pdf_text(render_certificate(sample("medical_report"), "en"))
    assert "Medical report" in text
    assert "Licence no. LMS-2019-04417" in text
    for value in ("Tripoli Central Hospital, internal medicine", "crackles at the right apex",
                  "Presumptive pulmonary tuberculosis (A16.2)", "sputum sent for Xpert MTB/RIF",
                  "isolation until the result", "Done at Tripoli"):
        assert value in text, value
    assert "Cough for six weeks" in text  # the history, as the person gives it
    for words in FRENCH_LAW:
        assert words not in text, words
    # In order: addressee, history, findings, diagnoses, treatment, recommendations.
    positions = [text.index(FIELDS["medical_report"][key] if key != "history" else
                            "Cough for six weeks")
                 for key in ("addressed_to", "history", "findings", "diagnoses", "treatment",
                             "recommendations")]
    assert positions == sorted(positions)


def test_it_prints_the_report_in_arabic_right_to_left():
    pdf = render_certificate(sample("medical_report"), "ar")
    save("medical-report-ar", pdf)
    lines = glyphs.lines(pdf)
    assert REPORT.title.get("ar") == "تقرير طبي"
    assert any(glyphs.has(line, "تقرير طبي", ARABIC_FONT_BOLD) for line in lines)
    for key in ("findings", "diagnoses", "treatment"):
        heading = next(spec.heading for spec in REPORT.fields if spec.key == key)
        assert any(glyphs.has(line, heading.get("ar"), ARABIC_FONT_BOLD) for line in lines), key
    # The doctor's English text and the licence keep their Latin letters.
    text = "".join(glyphs.chars(line) for line in lines)
    assert "LMS-2019-04417" in text and "A16.2" in text


def test_it_refuses_french_or_a_requisition_for_the_report():
    with pytest.raises(CertificateError, match="language must be one of ar, en"):
        render_certificate(sample("medical_report"), "fr")


def test_it_issues_seals_and_verifies_the_report(app, register, client):
    tripoli = _tripoli_person(register)
    with app.app_context():
        _consent(tripoli)
        issued = _issue(tripoli, "en")
        pdf, serial = issued.issued_pdf, issued.serial
        assert serial.startswith("TRI-")
    assert seal.seal_problems(pdf) == []
    text = pdf_text(pdf)
    assert "Medical report" in text and "Licence no. LMS-2019-04417" in text
    url = str(PdfReader(io.BytesIO(pdf)).metadata[seal.INFO_KEY])
    assert url.startswith(BASE_URL)
    page = client.get(url.removeprefix(BASE_URL), headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert 'data-verification="valid"' in page.text
    assert "Medical report — hospital, partner agency or evacuation file" in page.text
    assert re.sub(r"\W", "", seal.short_code(seal.parse_verification_url(url)[1])) in (
        re.sub(r"\W", "", pdf_text(pdf)))
    assert "Haroun" not in page.text and "Idriss" not in page.text


def test_it_refuses_a_requisition_and_a_french_report_at_tripoli(app, register):
    tripoli = _tripoli_person(register)
    with app.app_context():
        _consent(tripoli)
        data = draft_input("istanbul_report", site="TRI", language="ar",
                           handover_mode=HandoverMode.REQUISITION,
                           handover_recipient="Prosecutor", handover_reference="PV 1")
        data.duty_to_report = None
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("charlie"), person(tripoli), data, asked())
        assert refused.value.field == "handover_mode"
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("charlie"), person(tripoli),
                                      draft_input("medical_report", site="TRI", language="fr"),
                                      asked())
        assert refused.value.field == "language"
        assert db.session.query(Certificate).count() == 0

