"""The rendered PDFs hold what a judge, a lawyer or the medical council checks on paper."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from caseflow.certificates import (
    TEMPLATES,
    Handover,
    HandoverMode,
    render_certificate,
    seal,
)
from caseflow.certificates.templates import LAST_CONSULTATION
from tests.certificates.samples import (
    DOCTOR,
    FIELDS,
    FRENCH_TEMPLATES,
    NURSE,
    PERSON,
    SERIAL,
    URL,
    pdf_text,
    sample,
)

CASES = [(key, language) for key in FRENCH_TEMPLATES for language in ("fr", "en")]

MENTIONS = {
    "fr": {
        "identity": "une personne qui dit se nommer « Abdoulaye Ṣọ̀ Diallo-Nguyễn »",
        "birth": "déclare être né(e) le 14 mars 2009",
        "issue_date": "Date de délivrance : 4 novembre 2026",
        "done_at": "Fait à Pantin, le 4 novembre 2026.",
        "closing": "à la demande de l'intéressé(e), dûment averti(e) des risques encourus par "
                   "sa divulgation",
        "in_hand": "en main propre.",
        "signature": "Signature :",
        "serial": f"N° {SERIAL}",
    },
    "en": {
        "identity": "a person who states that their name is “Abdoulaye Ṣọ̀ Diallo-Nguyễn”",
        "birth": "declares being born on 14 March 2009",
        "issue_date": "Date of issue: 4 November 2026",
        "done_at": "Done at Pantin, on 4 November 2026.",
        "closing": "at the request of the person concerned, duly warned of the risks of its "
                   "disclosure",
        "in_hand": "handed over to them in person.",
        "signature": "Signature:",
        "serial": f"No. {SERIAL}",
    },
}


def _exam_date_mention(key: str, language: str) -> str:
    template = TEMPLATES[key]
    label = template.exam_label.get(language)
    return f"{label} : 3 novembre 2026" if language == "fr" else f"{label}: 3 November 2026"


@pytest.mark.parametrize(("key", "language"), CASES)
def test_it_prints_every_mandatory_mention(key: str, language: str) -> None:
    data = sample(key)
    text = pdf_text(render_certificate(data, language))
    for name, mention in MENTIONS[language].items():
        assert mention in text, f"{key}/{language}: missing {name}: {mention!r}"
    assert _exam_date_mention(key, language) in text
    assert TEMPLATES[key].title.get(language) in text
    # The author as a council would identify them: name, profession, register number.
    number = data.author.rpps or data.author.adeli
    assert data.author.name in text and data.author.profession in text
    assert number in text
    # Site letterhead.
    assert "Santé Exil" in text and "12 rue Hoche, 93500 Pantin" in text


@pytest.mark.parametrize(("key", "language"), CASES)
def test_it_puts_serial_qr_and_page_number_on_every_page(key: str, language: str) -> None:
    body = render_certificate(sample(key), language)
    pdf = seal.seal_pdf(body, URL)  # the QR code comes with the seal, after the body is signed
    assert pdf.startswith(body)
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        assert SERIAL in text
        assert f"{number}/{total}" in text
        # The QR code is vector drawing: many filled rectangles on every page.
        content = page.get_contents().get_data()  # type: ignore[union-attr]
        assert content.count(b" re") > 100


def test_it_marks_a_draft_as_not_valid_and_gives_it_no_qr_code() -> None:
    draft = render_certificate(sample("minority_recourse"), "fr", draft=True)
    reader = PdfReader(io.BytesIO(draft))
    for page in reader.pages:
        assert "PROJET — NON VALIDE" in (page.extract_text() or "")
        assert page.get_contents().get_data().count(b" re") < 20  # type: ignore[union-attr]


@pytest.mark.parametrize(("key", "language"), CASES)
def test_it_keeps_personal_data_out_of_the_metadata(key: str, language: str) -> None:
    reader = PdfReader(io.BytesIO(render_certificate(sample(key), language)))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == TEMPLATES[key].title.get(language)
    everything = " ".join(str(v) for v in meta.values())
    for personal in ("Abdoulaye", "Diallo", "2009", DOCTOR.name, "Benali"):
        assert personal not in everything


@pytest.mark.parametrize(("key", "language"), CASES)
def test_it_embeds_every_font(key: str, language: str) -> None:
    reader = PdfReader(io.BytesIO(render_certificate(sample(key), language)))
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]  # type: ignore[index]
        for ref in fonts.values():  # type: ignore[union-attr]
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "fixée à vingt et un (21) jours, sous réserve de complications."),
    ("en", "set at twenty-one (21) days, subject to complications"),
])
def test_it_writes_the_itt_in_words_and_figures(language: str, expected: str) -> None:
    text = pdf_text(render_certificate(sample("violence_findings"), language))
    assert expected in text


def test_it_writes_one_day_of_itt_in_the_singular() -> None:
    data = sample("violence_findings", fields={**FIELDS["violence_findings"], "itt_days": 1})
    assert "fixée à un (1) jour, sous réserve" in pdf_text(render_certificate(data, "fr"))
    assert "set at one (1) day, subject" in pdf_text(render_certificate(data, "en"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_reports_statements_as_the_persons_words(language: str) -> None:
    statement = "On m'a frappé avec une matraque."
    fields = {**FIELDS["violence_findings"], "statements": statement}
    text = pdf_text(render_certificate(sample("violence_findings", fields=fields), language))
    opening, closing = ("« ", " »") if language == "fr" else ("“", "”")
    assert f"{opening}{statement}{closing}" in text
    lead = "L'intéressé(e) déclare" if language == "fr" else "The person states"
    assert lead in text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_names_the_interpreter_and_lists_lesions(language: str) -> None:
    text = pdf_text(render_certificate(sample("violence_findings"), language))
    assert "Fatoumata Keïta" in text and "(peul)" in text
    for column in (("Localisation", "Dimensions", "Aspect") if language == "fr"
                   else ("Location", "Size", "Aspect")):
        assert column in text
    assert "Face externe du bras gauche" in text and "6 × 3 cm" in text


@pytest.mark.parametrize(("language", "grades"), [
    ("fr", ("Très compatible", "Compatible")),
    ("en", ("Highly consistent", "Consistent")),
])
def test_it_grades_each_istanbul_finding(language: str, grades: tuple[str, str]) -> None:
    text = pdf_text(render_certificate(sample("istanbul_report"), language))
    assert "Cicatrices circulaires hypopigmentées des deux poignets" in text
    for grade in grades:
        assert grade in text
    consent = "consentement éclairé" if language == "fr" else "informed consent"
    assert consent in text


def test_it_says_the_minority_certificate_estimates_no_age() -> None:
    text = pdf_text(render_certificate(sample("minority_recourse"), "fr"))
    assert "ne comporte aucune estimation de l'âge" in text


def test_it_gives_the_follow_up_attestation_dates_only() -> None:
    text = pdf_text(render_certificate(sample("follow_up_attestation", author=NURSE), "fr"))
    assert "1er septembre 2026" in text and "6 octobre 2026" in text
    assert LAST_CONSULTATION.get("fr") in text
    assert "aucune information médicale" in text
    assert "RPPS n° 10109876543" in text


@pytest.mark.parametrize(("mode", "recipient", "fr", "en"), [
    (HandoverMode.REQUISITION, "l'officier de police judiciaire de Pantin",
     "établi sur réquisition (autorité requérante : l'officier de police judiciaire de "
     "Pantin ; référence PV 2026/1234, en date du 3 novembre 2026) et remis à l'autorité "
     "requérante.", "reference PV 2026/1234, dated 3 November 2026) and handed over to that "
     "authority."),
    (HandoverMode.LAWYER, "Maître Claire Martin",
     "avec son accord, à son conseil, Maître Claire Martin.",
     "with their consent, to their lawyer, Maître Claire Martin."),
])
def test_it_words_the_handover_by_mode(mode: HandoverMode, recipient: str, fr: str,
                                       en: str) -> None:
    data = sample("violence_findings", handover=Handover(mode, recipient, "PV 2026/1234",
                                                         dt.date(2026, 11, 3)))
    assert fr in pdf_text(render_certificate(data, "fr"))
    assert en in pdf_text(render_certificate(data, "en"))


def test_it_agrees_the_closing_mention_with_an_attestation() -> None:
    text = pdf_text(render_certificate(sample("psychological_attestation"), "fr"))
    assert "Attestation établie à la demande de l'intéressé(e)" in text
    assert "remise en main propre." in text


@pytest.mark.parametrize(("precision", "fr", "en"), [
    ("month", "déclare être né(e) en mars 2009 (mois et année seulement)",
     "declares being born in March 2009 (month and year only)"),
    ("year", "déclare être né(e) en 2009 (année seulement)",
     "declares being born in 2009 (year only)"),
    ("unknown", "déclare ne pas connaître sa date de naissance",
     "declares not knowing their date of birth"),
])
def test_it_prints_the_declared_birth_date_with_its_precision(precision: str, fr: str,
                                                             en: str) -> None:
    person = dataclasses.replace(PERSON, birth_precision=precision,  # type: ignore[arg-type]
                                 birth_date=None if precision == "unknown" else PERSON.birth_date)
    data = sample("minority_recourse", person=person)
    assert fr in pdf_text(render_certificate(data, "fr"))
    assert en in pdf_text(render_certificate(data, "en"))
    assert "14 mars" not in pdf_text(render_certificate(data, "fr"))


def test_it_prints_the_verification_address() -> None:
    pdf = seal.seal_pdf(render_certificate(sample("minority_recourse"), "fr"), URL)
    assert "https://caseflow.example.org/verify/" in pdf_text(pdf)


def test_it_keeps_a_long_certificate_paginated_with_the_signature_after_the_closing() -> None:
    long_text = "Constatation détaillée de l'examen clinique. " * 80
    fields = {**FIELDS["violence_findings"], "examination": long_text}
    reader = PdfReader(io.BytesIO(render_certificate(
        sample("violence_findings", fields=fields, issue_date=dt.date(2026, 11, 5)), "fr")))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    assert len(pages) >= 2
    signed = [i for i, page in enumerate(pages) if "Signature :" in page]
    assert signed == [len(pages) - 1]
    assert "en main propre." in pages[signed[0]]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_it_renders_each_kind_to_png_for_a_look(tmp_path: Path) -> None:
    """One PNG per page; CASEFLOW_CERTIFICATE_PNGS=/tmp/x keeps them to look at after a change."""
    out = Path(os.environ.get("CASEFLOW_CERTIFICATE_PNGS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    for key, language in CASES:
        pdf_bytes = render_certificate(sample(key), language)
        pdf = tmp_path / f"{key}-{language}.pdf"
        pdf.write_bytes(pdf_bytes)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / f"{key}-{language}")],
                       check=True)
        pages = len(PdfReader(io.BytesIO(pdf_bytes)).pages)
        assert len(list(out.glob(f"{key}-{language}-*.png"))) == pages
