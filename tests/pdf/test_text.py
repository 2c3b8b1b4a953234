"""caseflow.pdf.text on its own: the bidi levels read from python-bidi, the shaping memo
that lives only while a document is built, long words cut by halving."""

from __future__ import annotations

import gc
import secrets

import pytest

from caseflow.pdf import Letterhead, Paragraph, build_pdf, escape, styles, text
from caseflow.pdf.paragraph import BidiParagraph
from tests.pdf.glyphs import arabic, expected, lines, words


def _render(story, direction: str = "rtl") -> bytes:
    return build_pdf(story, letterhead=Letterhead(organisation="", site_name=""), title="t",
                     direction=direction)


def test_it_reads_known_levels_from_python_bidi():
    """Fails loudly if python-bidi's debug text changes (the levels are read from it):
    Latin 0, Arabic 1, the space after the Arabic word 1, a number after Arabic 2 (an
    Arabic number, rule W2); in an Arabic paragraph Latin and its number 2."""
    assert text.levels("abc عرب 12", "ltr") == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]
    assert text.levels("عرب abc 12", "rtl") == [1, 1, 1, 1, 2, 2, 2, 2, 2, 2]
    # A character of several UTF-8 bytes takes one level (ـً: Arabic letter and a mark).
    assert text.levels("aـًb", "ltr") == [0, 1, 1, 0]


@pytest.mark.parametrize("note", [
    "levels: high; paragraphs: two",
    "Hb levels: low … paragraphs: 3",
    "Level(2, Level(3 paragraphs: levels:",
])
def test_it_reads_the_levels_of_text_holding_python_bidis_own_words(note):
    assert text.levels(note, "ltr") == [0] * len(note)
    arabic_note = f"ملاحظة: {note}"
    found = text.levels(arabic_note, "rtl")
    assert len(found) == len(arabic_note) and found[:6] == [1] * 6


def test_it_prints_such_words_in_an_arabic_paragraph_and_in_a_french_one():
    note = "Hb levels: low … paragraphs: 3"
    rtl = _render([Paragraph(escape(f"تحليل الدم {note}"), styles("rtl")["body"])])
    assert any(arabic(line) == expected("الدم") + expected("تحليل") for line in lines(rtl))
    # A French paragraph with an Arabic name goes through the same levels.
    ltr = _render([Paragraph(escape(f"Note de محمد : {note}"), styles("ltr")["body"])], "ltr")
    assert any(note in "".join(d.char for d in line) for line in lines(ltr))


def _unique_arabic_word() -> str:
    """An Arabic word no other test prints (made at run time, so no constant holds it)."""
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    return "".join(letters[b % len(letters)] for b in secrets.token_bytes(12))


def _holds(container, word: str) -> bool:
    items = container.items() if isinstance(container, dict) else [container]
    for item in items:
        values = item if isinstance(item, tuple) else (item,)
        for value in values:
            if isinstance(value, str) and word in value:
                return True
            if isinstance(value, tuple) and any(isinstance(v, str) and word in v
                                                for v in value):
                return True
    return False


def test_it_forgets_the_shaped_text_once_the_document_is_built():
    """A name shaped for a PDF is not kept by the process after it (docs/SECURITY.md:
    nothing derived from a name outlives the request): no memo is open, and no dict,
    list or tuple anywhere holds the word."""
    word = _unique_arabic_word()
    pdf = _render([Paragraph(escape(f"{word} {word}"), styles("rtl")["body"])])
    assert any(arabic(line) for line in lines(pdf))
    assert text._memo.get() is None
    assert not hasattr(text._shaped_str, "cache_info")  # no functools cache
    gc.collect()
    holders = [type(o).__name__ for o in gc.get_objects()
               if isinstance(o, (dict, list, tuple, set)) and _holds(
                   o if not isinstance(o, (list, set)) else tuple(o), word)]
    assert holders == []


def test_it_memoises_shaping_within_one_document_only():
    with text.document_memo():
        first = text._shaped_str("محمد", "NotoNaskhArabic", True)
        assert text._shaped_str("محمد", "NotoNaskhArabic", True) is first
        assert len(text._memo.get()) == 1
    assert text._memo.get() is None


class _Counting(BidiParagraph):
    """caseflow's paragraph, counting how often it measures a piece of text."""

    measured = 0

    def _measure(self, block, start, end):
        type(self).measured += 1
        return super()._measure(block, start, end)


def test_it_cuts_a_very_long_word_by_halving_not_once_per_character():
    word = "a1b2c3d4e5" * 2000  # a pasted hash or address: 20,000 characters
    paragraph = _Counting(word, styles("rtl")["body"])
    paragraph.wrap(170 * 72 / 25.4, 800)
    pieces = paragraph.lines
    assert "".join(paragraph.blocks[0].text[p.start:p.end] for p in pieces) == word
    room = paragraph._room(170 * 72 / 25.4)
    # Each piece as long as fits: one more character would not.
    for piece in pieces[:-1]:
        assert piece.width <= room < paragraph._measure(0, piece.start, piece.end + 1)
    # About log2(20,000) = 15 measures a line, not one per character (20,000).
    assert _Counting.measured < len(pieces) * 20 + 50


def test_it_gives_reportlabs_own_paragraph_to_french_text_with_no_arabic():
    from reportlab.platypus import Paragraph as ReportlabParagraph

    french = Paragraph(escape(f"Né le {text.isolate('14 mars 2009')}"), styles("ltr")["body"])
    assert isinstance(french, ReportlabParagraph) and isinstance(french, Paragraph)
    assert "\u2068" not in french.getPlainText()  # the isolate's controls taken out
    for bidi in (Paragraph(escape("Né à طرابلس"), styles("ltr")["body"]),
                 Paragraph(escape("Pantin"), styles("rtl")["body"])):
        assert isinstance(bidi, BidiParagraph) and isinstance(bidi, Paragraph)
        assert not isinstance(bidi, ReportlabParagraph)


def test_it_splits_a_long_french_paragraph_over_pages_as_reportlab_does():
    sentence = "Le patient décrit des douleurs persistantes depuis trois semaines. "
    pdf = _render([Paragraph(escape(sentence * 300), styles("ltr")["body"])], "ltr")
    printed = [word for *_place, word in words(pdf)]
    assert printed.count("persistantes") == 300 and len({page for page, *_ in words(pdf)}) > 1
