"""One line of text as it is printed: bidi order (python-bidi), Arabic shaped (HarfBuzz).

reportlab draws a string one character after the other, left to right, each
character's default glyph: Arabic comes out with its letters unjoined and in
reverse order. Its own right-to-left support (`wordWrap="RTL"`) needs rlbidi,
and in reportlab 5.1 it is unfinished (paragraphs of several fragments are never
reordered, the shaped path names an undefined variable), so caseflow does the two
steps itself and keeps reportlab for what it does well (embedding, subsetting,
drawing glyphs at given positions):

1. Bidi levels of the logical text (Unicode's algorithm, from python-bidi's
   unicode-bidi, brackets included), the paragraph's direction given by the
   document's language, not guessed.
2. The line is cut into runs of one level and one font: Arabic-script characters
   in Noto Naskh Arabic (DejaVu's Arabic is a sans with few ligatures), anything
   else in the document's font. (Text with no Arabic in a left-to-right document
   does not come here at all: caseflow.pdf.Paragraph and `draw_line` hand it to
   reportlab as before, so a French certificate prints what it always printed.)
3. Each Arabic run is shaped by HarfBuzz (joining forms, lam-alef, marks placed,
   kerning) in its direction; the glyphs come back in visual order with their
   advances and offsets, which reportlab's ShapedStr draws as positioned glyphs
   (a glyph with no character of its own gets a private-use code in the subset,
   reportlab's mechanism for HarfBuzz output).
4. Runs are put in visual order (rule L2: reverse every sequence at level >= k,
   from the highest level down to the lowest odd one); a run of the Latin font at an
   odd level (brackets, punctuation inside Arabic) is reversed and mirrored here.

Shaped text is memoised for one document only (`document_memo`, opened by
caseflow.pdf.build_pdf): the text is a person's name, a referral's reason, an
allegation, and nothing derived from a name outlives the request (docs/SECURITY.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

import uharfbuzz as hb
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

# Arabic, Arabic Supplement, Arabic Extended-A, presentation forms A and B.
_ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
           (0xFE70, 0xFEFF))
_JOINERS = "\u200c\u200d"  # zero-width (non-)joiner: belongs to the Arabic word around it
# Bidi controls (isolates, embeddings, marks): they order the text and print nothing.
CONTROLS = frozenset("\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\u200e\u200f"
                     "\u061c")
FSI, PDI = "\u2068", "\u2069"
RLM = "\u200f"  # a line of Latin and figures that must still run right to left starts with it
_NO_CONTROLS = {ord(c): None for c in CONTROLS}
_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))
_LEVEL = re.compile(r"Level\(\s*(\d+)")

# The Arabic companion of each Latin font (set by caseflow.pdf.register_fonts).
ARABIC_OF: dict[str, str] = {}
# Arabic prints this much larger than the size asked for: Noto Naskh's letters are small
# for their em (the body of ه or م is 0.35-0.41 em; DejaVu's x-height is 0.55 em), so at
# the same size an Arabic word looks a size smaller than the Latin beside it. 1.15 brings
# the bodies close without the ascenders and descenders of Naskh (alef, final ي) reaching
# the next line at caseflow's leadings (1.3-1.4 times the size).
ARABIC_SCALE = 1.15


def is_arabic(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _ARABIC)


def has_rtl(text: str) -> bool:
    return any(is_arabic(c) for c in text)


def without_controls(text: str) -> str:
    """`text` less its bidi controls: in a left-to-right line with no Arabic they change
    nothing, and reportlab would print each one as a glyph of DejaVu Sans."""
    return text.translate(_NO_CONTROLS)


def isolate(value: str) -> str:
    """A piece of data (a name, a phone number, a code, an address) set apart from the
    sentence around it: its own direction from its first letter (left to right when it has
    none, as a phone number), and nothing of the sentence's direction inside it. Without
    this "+218 91 234 5678" in an Arabic line prints its groups right to left."""
    return f"{FSI}{value}{PDI}" if value else value


def levels(text: str, direction: str) -> list[int]:
    """The bidi embedding level of each character of one paragraph (no line break in it).

    A paragraph with no Arabic letter in an Arabic document (a Latin address, a phone
    number, a doctor's name on its own line) is laid out left to right, as a browser lays
    out data with `dir="auto"`: "12 rue Hoche" keeps its number first. Its alignment is
    still the document's. A line that must run right to left all the same (a chart's
    legend, its figures in the order of the months drawn right to left) starts with RLM.

    python-bidi's documented `debug=True` returns unicode-bidi's BidiInfo as its Rust
    `Debug` text, whose levels are per UTF-8 byte; each character takes its first byte's
    level. That text starts with `text: "<the text>"`, so the levels are read after the
    *last* "levels:" (nothing after them holds text): a note reading "Hb levels: low,
    paragraphs: 3" cannot cut them short. A change of that format fails loudly here
    (and in tests/pdf/test_text.py), never prints a line in a wrong order.
    """
    if not text:
        return []
    rtl = direction == "rtl" and (has_rtl(text) or RLM in text)
    info = get_display(text, base_dir="R" if rtl else "L", debug=True)
    section = str(info).rsplit("levels:", 1)[-1].split("paragraphs:", 1)[0]
    per_byte = [int(level) for level in _LEVEL.findall(section)]
    if len(per_byte) != len(text.encode()):
        raise RuntimeError("python-bidi's levels do not match the text (version change?)")
    out, offset = [], 0
    for char in text:
        out.append(per_byte[offset])
        offset += len(char.encode())
    return out


@cache
def _hb_font(font_name: str) -> hb.Font:
    face = pdfmetrics.getFont(font_name).face
    return hb.Font(hb.Face(hb.Blob(face._ttf_data)))


def shape(text: str, font_name: str, rtl: bool) -> list[tuple[int, int, int, int, int]]:
    """HarfBuzz's glyphs for `text` in `font_name`, in visual order:
    (glyph id, x advance, y advance, x offset, y offset) in font units."""
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.script = "Arab"
    buf.language = "ar"
    hb.shape(_hb_font(font_name), buf)
    return [(info.codepoint, pos.x_advance, pos.y_advance, pos.x_offset, pos.y_offset)
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)]


_memo: ContextVar[dict | None] = ContextVar("caseflow_pdf_shaped", default=None)


@contextmanager
def document_memo() -> Iterator[None]:
    """Shaped text memoised while one document is built (a word is measured for each
    line it might end, then drawn), and forgotten when it is built, error or not."""
    memo: dict = {}
    token = _memo.set(memo)
    try:
        yield
    finally:
        memo.clear()
        _memo.reset(token)


def _shaped_str(text: str, font_name: str, rtl: bool) -> tuple[ShapedStr, float]:
    """`text` shaped, as a reportlab ShapedStr (one code per glyph, positions in
    1/1000 em), and its advance in 1/1000 em; memoised in the document being built."""
    memo = _memo.get()
    key = (text, font_name, rtl)
    if memo is not None and key in memo:
        return memo[key]
    shaped = _shape_str(text, font_name, rtl)
    if memo is not None:
        memo[key] = shaped
    return shaped


def _shape_str(text: str, font_name: str, rtl: bool) -> tuple[ShapedStr, float]:
    font = pdfmetrics.getFont(font_name)
    if not hasattr(font, "hbAddPrivate"):
        font.hbFont(10)  # reportlab's hook: makes font.hbAddPrivate available
    face = font.face
    codes, data, advance = [], [], 0.0
    for cluster, (gid, x_adv, y_adv, x_off, y_off) in enumerate(shape(text, font_name, rtl)):
        chars = face.glyphToChar.get(gid)
        x_adv, y_adv = font.pdfScale(x_adv), font.pdfScale(y_adv)
        code = chars[0] if chars else font.hbAddPrivate(f"gid{gid}", gid, x_adv)
        data.append(ShapeData(cluster, x_adv, y_adv, font.pdfScale(x_off), font.pdfScale(y_off),
                              face.charWidths[code]))
        codes.append(chr(code))
        advance += x_adv
    return ShapedStr("".join(codes), shapeData=data), advance


@dataclass(frozen=True)
class Run:
    """A piece of a line in visual order: what to draw, in which font, how wide."""

    text: str  # a str, or a ShapedStr for shaped Arabic
    font_name: str
    width: float  # points, at the line's size
    scale: float = 1.0  # of the line's size (ARABIC_SCALE for Arabic)


def font_for(char: str, font_name: str) -> str:
    arabic = ARABIC_OF.get(font_name)
    if arabic and is_arabic(char):
        return arabic
    return font_name


def _logical_runs(text: str, fonts: list[str], line_levels: list[int]):
    """(text, font, level) pieces of one font and level, in logical order."""
    runs: list[list] = []
    for i, char in enumerate(text):
        if char in CONTROLS:
            continue
        font = fonts[i]
        if char in _JOINERS and runs:
            font = runs[-1][1]
        if runs and runs[-1][1] == font and runs[-1][2] == line_levels[i]:
            runs[-1][0] += char
        else:
            runs.append([char, font, line_levels[i]])
    return runs


def _visual(runs: list) -> list:
    """Rule L2 on whole runs (each of one level)."""
    if not runs:
        return runs
    highest = max(run[2] for run in runs)
    lowest_odd = min((run[2] for run in runs if run[2] % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if runs[i][2] >= level:
                j = i
                while j < len(runs) and runs[j][2] >= level:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
            else:
                i += 1
    return runs


def layout(text: str, fonts: list[str], size: float, line_levels: list[int]) -> list[Run]:
    """One line (logical order, one font per character, levels) as runs in visual order."""
    out = []
    for piece, font_name, level in _visual(_logical_runs(text, fonts, line_levels)):
        rtl = bool(level % 2)
        if font_name in ARABIC_OF.values():
            shaped, advance = _shaped_str(piece, font_name, rtl)
            out.append(Run(shaped, font_name, advance * size * ARABIC_SCALE / 1000,
                           ARABIC_SCALE))
            continue
        if rtl:  # neutrals inside Arabic: reversed, brackets mirrored
            piece = "".join(_MIRRORED.get(c, c) for c in reversed(piece))
        out.append(Run(piece, font_name, pdfmetrics.stringWidth(piece, font_name, size)))
    return out


def measure(text: str, fonts: list[str], size: float) -> float:
    """The printed width of `text` (one font per character, Arabic pieces shaped)."""
    total = 0.0
    for piece, font, _level in _logical_runs(text, fonts, [0] * len(text)):
        if font in ARABIC_OF.values():
            total += _shaped_str(piece, font, True)[1] * size * ARABIC_SCALE / 1000
        else:
            total += pdfmetrics.stringWidth(piece, font, size)
    return total


def width(text: str, font_name: str, size: float) -> float:
    """The printed width of one line of `text` in `font_name` (and its Arabic companion)."""
    return measure(text, [font_for(c, font_name) for c in text], size)


def draw_runs(canvas, runs: list[Run], x: float, y: float, size: float,
              word_space: float = 0.0) -> None:
    """Draw runs (visual order) from x on the baseline y; `word_space` (points, negative
    to squeeze) is added to each space, as reportlab squeezes a line's spaces a little
    so that its last word still fits."""
    text = canvas.beginText()
    if word_space:
        text.setWordSpace(word_space)
    for run in runs:
        text.setFont(run.font_name, size * run.scale)
        text.setTextOrigin(x, y)
        text.textOut(run.text)
        x += run.width
        if word_space and not isinstance(run.text, ShapedStr):
            x += word_space * run.text.count(" ")
    if word_space:
        text.setWordSpace(0)
    canvas.drawText(text)


def line(text: str, font_name: str, size: float, direction: str) -> list[Run]:
    """A single line of plain text laid out in a document of `direction`."""
    return layout(text, [font_for(c, font_name) for c in text], size, levels(text, direction))


def draw_line(canvas, x: float, y: float, text: str, *, font_name: str, size: float,
              direction: str = "ltr", align: str = "start") -> None:
    """Draw one line (a letterhead's, a footer's, a mark's) at x: `align` "start" puts
    the line's start at x (its left in LTR, its right in RTL), "end" the other way,
    "left" / "right" / "centre" as said.

    A left-to-right line with no Arabic is drawn by reportlab's drawString (its font set
    only when it changes), so a French letterhead or footer prints as it always did."""
    if direction != "rtl" and not has_rtl(text):
        text = without_controls(text)
        if (getattr(canvas, "_fontname", None), getattr(canvas, "_fontsize", None)) != (
                font_name, size):
            canvas.setFont(font_name, size)
        if align == "end":
            align = "right"
        draw = {"right": canvas.drawRightString,
                "centre": canvas.drawCentredString}.get(align, canvas.drawString)
        draw(x, y, text)
        return
    runs = line(text, font_name, size, direction)
    total = sum(run.width for run in runs)
    if align == "start":
        align = "right" if direction == "rtl" else "left"
    elif align == "end":
        align = "left" if direction == "rtl" else "right"
    left = {"left": x, "right": x - total, "centre": x - total / 2}[align]
    draw_runs(canvas, runs, left, y, size)
