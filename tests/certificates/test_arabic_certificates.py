"""Certificates in Arabic: laid out right to left, Arabic shaped (the glyphs drawn are
HarfBuzz's), the tables mirrored, the QR code's marks in place; an Arabic certificate
issued through the service is sealed and verifies. A French certificate for a person with
an Arabic name stays left to right, the name shaped inside its line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from caseflow.certificates import BirthPrecision, DeclaredIdentity, Lesion, seal
from caseflow.certificates.render import render_certificate
from caseflow.crypto import public_key_bytes, verify_with_public_key
from caseflow.pdf import ARABIC_FONT, ARABIC_FONT_BOLD, MARGIN, PAGE_SIZE
from tests.certificates.samples import FIELDS, pdf_text, sample
from tests.pdf import glyphs
from tests.pdf.glyphs import drawn, save

NAME = "عائشة محمد الورفلي"  # Aisha Mohamed Al-Warfalli
PERSON = DeclaredIdentity(NAME, dt.date(1990, 5, 3), BirthPrecision.DAY)
WIDTH = PAGE_SIZE[0]


def _istanbul_in_arabic() -> bytes:
    """The Istanbul report a Tripoli doctor issues: in Arabic, lesions on the body diagram."""
    fields = dict(FIELDS["istanbul_report"])
    fields["allegations"] = "علّقوني من معصميّ لساعات طويلة."
    return render_certificate(sample("istanbul_report", person=PERSON, fields=fields), "ar")


def test_it_lays_an_arabic_istanbul_report_out_right_to_left():
    pdf = _istanbul_in_arabic()
    save("certificate-istanbul-ar", pdf)
    lines = glyphs.lines(pdf)
    # The person's name, shaped, whole, in the opening sentence.
    assert any(glyphs.has(line, NAME) for line in lines)
    # The person's own words, shaped, in the quote (indented 8 mm on the start side: right).
    quote = next(line for line in lines if glyphs.has(line, "علّقوني من معصميّ"))
    assert max(d.end for d in quote) == pytest.approx(WIDTH - MARGIN - 8 * 72 / 25.4, abs=0.5)
    # Body lines start on the right: the Arabic lines of the body end at the right margin.
    body = [line for line in lines if any(d.font == ARABIC_FONT for d in line)
            and 80 < line[0].y < 650]
    at_margin = [line for line in body if abs(max(d.end for d in line) - (WIDTH - MARGIN)) < 0.5]
    assert len(at_margin) > 0.7 * len(body)
    # The findings' table is mirrored: its number column ("1") is on the right of the finding.
    number = next(line for line in lines if glyphs.chars(line) == "1" and line[0].x > WIDTH / 2)
    finding = next(line for line in lines if "Cicatrices circulaires" in glyphs.chars(line))
    assert number[0].x > max(d.end for d in finding)
    # The serial by the QR code's square, in Western order, right-aligned to the square's left.
    serial = next(line for line in lines
                  if "PAN-2026-00042" in glyphs.chars(line) and line[0].y > 700)
    assert max(d.end for d in serial) < WIDTH - MARGIN - 30 * 72 / 25.4


def test_it_keeps_a_french_certificate_for_an_arabic_name_left_to_right():
    pdf = render_certificate(sample("violence_findings", person=PERSON), "fr")
    save("certificate-fr-arabic-name", pdf)
    lines = glyphs.lines(pdf)
    named = next(line for line in lines if glyphs.has(line, NAME))
    assert "qui dit se nommer" in pdf_text(pdf)
    # The sentence starts at the left margin (French), the name shaped inside it.
    assert min(d.x for d in named) == pytest.approx(MARGIN, abs=0.5) or any(
        min(d.x for d in line) == pytest.approx(MARGIN, abs=0.5) for line in lines
        if line[0].y == named[0].y)
    assert "TRAORÉ" not in pdf_text(pdf)


def test_it_draws_the_body_diagram_captions_shaped_in_arabic():
    lesions = [Lesion("الوجه", "2 سم", "كدمة", region="face"),
               Lesion("الظهر", "6 × 3 سم", "كدمة بنفسجية", region="back_lower")]
    fields = dict(FIELDS["violence_findings"], lesions=lesions)
    pdf = render_certificate(sample("violence_findings", person=PERSON, fields=fields), "ar")
    save("certificate-violence-ar", pdf)
    from caseflow.certificates.body_diagram import CAPTIONS, LEFT, RIGHT
    from caseflow.certificates.body_regions import View

    last = drawn(pdf, len(PdfReader(io.BytesIO(pdf)).pages) - 1)
    for word in (CAPTIONS[View.FRONT], CAPTIONS[View.BACK]):
        assert any(glyphs.has(line, word.get("ar"), ARABIC_FONT_BOLD) for line in last), word
    for word in (RIGHT, LEFT):
        assert any(glyphs.has(line, word.get("ar")) for line in last), word
    # The front view first for a reader of Arabic: on the right.
    front = next(line for line in last if glyphs.has(line, CAPTIONS[View.FRONT].get("ar"),
                                               ARABIC_FONT_BOLD))
    back = next(line for line in last if glyphs.has(line, CAPTIONS[View.BACK].get("ar"),
                                              ARABIC_FONT_BOLD))
    assert front[0].x > back[0].x


def test_it_issues_seals_and_verifies_an_arabic_certificate(app, register):
    from tests.support.certificates import give_certificate_consent, issue

    person_id = register("amina", "PAN", "الورفلي", "عائشة محمد", born=1990)
    with app.app_context():
        give_certificate_consent(person_id)
        issued = issue("amina", person_id, "istanbul_report", language="ar")
        pdf, serial = issued.issued_pdf, issued.serial
        statement, signature, body_hash = seal.read_seal(pdf)
        assert statement.serial == serial and body_hash == statement.body_sha256
        assert verify_with_public_key(public_key_bytes(), statement.message(), signature)
    save("certificate-istanbul-ar-sealed", pdf)
    assert seal.seal_problems(pdf) == []
    lines = glyphs.lines(pdf)
    assert any(glyphs.has(line, "الورفلي") for line in lines)
    # The seal's short code, under the QR code, reads back as text.
    code = seal.short_code(seal.parse_verification_url(
        str(PdfReader(io.BytesIO(pdf)).metadata[seal.INFO_KEY]))[1])
    assert code in pdf_text(pdf)


def test_it_embeds_no_arabic_font_nor_bidi_control_in_a_french_certificate():
    """Nothing Arabic in it, nothing of the Arabic machinery shows: no Noto Naskh subset,
    no bidi control drawn (the ones pdf.isolate puts around data are taken out), the
    serial by the QR code's square in one piece. That every word is where it was before
    Arabic came is tests/pdf/test_golden.py's."""
    pdf = render_certificate(sample("istanbul_report"), "fr")
    save("certificate-istanbul-fr", pdf)
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert not any("Naskh" in font for font in fonts)
    lines = glyphs.lines(pdf)
    assert not any(ch in glyphs.chars(line) for line in lines for ch in "\u2068\u2069\u200f")
    assert any(glyphs.chars(line).endswith("PAN-2026-00042") and line[0].y > 700 for line in lines)
