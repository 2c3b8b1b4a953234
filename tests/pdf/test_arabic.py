"""Arabic in caseflow's PDFs: the glyphs drawn are HarfBuzz's shaping, in visual order."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from caseflow import languages
from caseflow.pdf import (
    ARABIC_FONT,
    ARABIC_FONT_BOLD,
    FONT,
    MARGIN,
    PAGE_SIZE,
    Letterhead,
    Paragraph,
    build_pdf,
    escape,
    styles,
)
from caseflow.pdf.letter import Letter, Section, render_letter
from tests.pdf import glyphs
from tests.pdf.glyphs import drawn, harfbuzz, save

NAME = "محمد عبد الله"  # Mohamed Abdallah
SENTENCE = "لا إله إلا الله، مُحَمَّدٌ"  # lam-alef ligatures, harakat on shadda


def _letter(direction: str, name: str, **words) -> Letter:
    return Letter(
        letterhead=Letterhead(organisation=words.get("org", "Association"),
                              site_name=words.get("site", "Pantin")),
        place_and_date=words.get("date", "Pantin, le 12 mars 2025"),
        addressee=[words.get("to", "À : Centre de santé")],
        subject=words.get("subject", "Lettre d'orientation"),
        opening=words.get("opening", "Chère consœur, cher confrère,"),
        sections=[Section(None, words.get("identity", f"Nous vous adressons {name}, né en 1990."))],
        closing=words.get("closing", "Bien confraternellement."),
        signature=["Dr Martin"], title="Referral letter", footer=words.get("footer", ""),
        language=words.get("language", "fr"), direction=direction)


def _render(story, direction: str, **kwargs) -> bytes:
    return build_pdf(story, letterhead=Letterhead(organisation="", site_name=""), title="t",
                     direction=direction, **kwargs)


def test_it_draws_harfbuzz_glyphs_in_visual_order_in_an_rtl_paragraph():
    pdf = _render([Paragraph(escape(SENTENCE), styles("rtl")["body"])], "rtl")
    lines = [line for line in drawn(pdf) if glyphs.arabic(line)]
    assert len(lines) == 1
    assert glyphs.arabic(lines[0]) == glyphs.expected(SENTENCE)


def test_it_shapes_letters_into_their_joining_forms_not_the_isolated_ones():
    pdf = _render([Paragraph(escape(NAME), styles("rtl")["body"])], "rtl")
    line = next(line for line in drawn(pdf) if glyphs.arabic(line))
    from reportlab.pdfbase import pdfmetrics

    nominal = {pdfmetrics.getFont(ARABIC_FONT).face.charToGlyph[ord(c)] for c in NAME if c != " "}
    assert set(glyphs.arabic(line)) - nominal  # initial / medial / final forms or ligatures
    # The first word logically (محمد) is drawn rightmost: its glyphs come last.
    assert glyphs.arabic(line)[-len(harfbuzz("محمد", "NotoNaskhArabic-Regular.ttf")):] == harfbuzz(
        "محمد", "NotoNaskhArabic-Regular.ttf")


def test_it_keeps_an_arabic_name_shaped_and_in_its_place_in_a_french_referral_letter():
    pdf = render_letter(_letter("ltr", f"{NAME} (Mohamed Abdallah)"))
    line = next(line for line in drawn(pdf) if glyphs.arabic(line))
    assert glyphs.arabic(line) == glyphs.expected(NAME)
    latin = "".join(d.char for d in line if d.font != ARABIC_FONT)
    # French order around the name: the text before it, then the name, then the rest.
    assert latin.startswith("Nous vous adressons ")
    assert latin.index("(Mohamed Abdallah), né en 1990.") > 0
    first_arabic = next(i for i, d in enumerate(line) if d.font == ARABIC_FONT)
    assert "".join(d.char for d in line[:first_arabic]) == "Nous vous adressons "
    assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text().count("Mohamed Abdallah") == 1


def test_it_orders_latin_and_numbers_left_to_right_inside_an_arabic_line():
    text = "الاسم: Dupont رقم 12345"
    pdf = _render([Paragraph(escape(text), styles("rtl")["body"])], "rtl")
    line = next(line for line in drawn(pdf) if glyphs.arabic(line))
    latin = "".join(d.char for d in line if d.font == FONT)
    # Visual left to right: the number (last logically) leftmost, then "Dupont".
    assert latin.strip().startswith("12345")
    assert "Dupont" in latin and latin.index("12345") < latin.index("Dupont")
    assert glyphs.arabic(line) == glyphs.expected("رقم") + glyphs.expected("الاسم")


def test_it_lays_an_arabic_document_out_right_to_left():
    rtl = render_letter(_letter("rtl", NAME, subject="رسالة إحالة", language="ar",
                                date="طرابلس، ١٢ مارس ٢٠٢٥", org="منظمة", site="طرابلس"))
    ltr = render_letter(_letter("ltr", NAME))
    width, _height = PAGE_SIZE

    def start_x(pdf: bytes, predicate) -> float:
        return min(d.x for line in drawn(pdf) for d in line if predicate(line))

    # The subject (short) is aligned on the right in Arabic, on the left in French.
    subject = start_x(rtl, lambda line: glyphs.arabic(line, ARABIC_FONT_BOLD) == glyphs.expected(
        "رسالة إحالة", "NotoNaskhArabic-Bold.ttf"))
    assert subject > width / 2
    # The letterhead starts on the right: the organisation ends at the right margin.
    organisation = [line for line in drawn(rtl) if glyphs.arabic(line, ARABIC_FONT_BOLD)
                    and line[0].y > 780]
    assert organisation and min(d.x for d in organisation[0]) > width / 2
    # The place and date go to the other side: left in Arabic.
    dated = start_x(rtl, lambda line: "١" in "".join(d.char for d in line) or
                    glyphs.arabic(line)[:1] == glyphs.expected("٢٠٢٥")[:1])
    assert dated < width / 2
    french_subject = start_x(ltr, lambda line: "Lettre" in "".join(d.char for d in line))
    assert french_subject == pytest.approx(MARGIN, abs=1)


def test_it_takes_the_direction_from_the_language_registry():
    assert languages.get("ar").direction == "rtl"
    assert styles(languages.get("ar").direction)["body"].alignment == 2  # TA_RIGHT


def test_it_splits_a_long_arabic_paragraph_across_pages_keeping_every_word():
    words = (SENTENCE + " ") * 400
    pdf = _render([Paragraph(escape(words), styles("rtl")["body"])], "rtl")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    printed = sum(len(glyphs.arabic(line)) for i in range(len(reader.pages))
                  for line in drawn(pdf, i))
    assert printed == 400 * len(glyphs.expected(SENTENCE))


def test_it_prints_every_arabic_word_of_a_whole_letter_shaped():
    """Each Arabic piece of a letter (letterhead, date, addressee, body, closing, footer)
    is drawn in Noto Naskh as HarfBuzz shapes it, none in DejaVu's unjoined letters; the
    record's number and the Latin name keep their own order. With CASEFLOW_ARTIFACTS=1
    the letter is also written out as PNG for a person to look at."""
    identity = (f"نحيل إليكم شخصًا يذكر أن اسمه {NAME} (Mohamed Abdallah)، "
                "تاريخ الميلاد المصرح به: ٣ مايو ١٩٩٠. رقم الملف 12345.")
    pdf = render_letter(_letter(
        "rtl", NAME, subject="رسالة إحالة", language="ar", date="طرابلس، ١٢ مارس ٢٠٢٥",
        org="منظمة الرعاية الطبية", site="طرابلس", to="إلى: مركز صحي (Centre Alpha)",
        opening="زميلي العزيز،", identity=identity, closing=SENTENCE,
        footer="سري: يُشارك بموافقة الشخص"))
    save("letter-ar", pdf)
    printed = glyphs.lines(pdf)
    for line in printed:
        assert not any(d.font == FONT and "\u0600" <= d.char <= "\u06ff" for d in line)
    for words in ("منظمة الرعاية الطبية", "زميلي العزيز", "مركز صحي", "سري", "يذكر أن اسمه",
                  "لا إله إلا الله"):
        assert any(glyphs.has(line, words) or glyphs.has(line, words, ARABIC_FONT_BOLD)
                   for line in printed), words
    chars = ["".join(d.char for d in line) for line in printed]
    assert any("12345" in line for line in chars)
    assert any("(Mohamed Abdallah)" in line for line in chars)
    save("letter-fr-arabic-name", render_letter(_letter("ltr", f"{NAME} (Mohamed Abdallah)")))
