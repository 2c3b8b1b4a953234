"""caseflow's Paragraph: reportlab's own for French and English text, a bidi layout for Arabic.

`Paragraph(text, style)` is a drop-in for `reportlab.platypus.Paragraph` (same
arguments, a ParagraphStyle). Which one it makes:

- a left-to-right document (the style's `direction`, set by
  `caseflow.pdf.styles(direction)`) and no Arabic in the text: reportlab's Paragraph
  itself (`LatinParagraph`), the bidi controls that `caseflow.pdf.isolate` puts around
  data taken out (they change nothing in such a line). French and English documents
  print exactly as before Arabic came: same line breaks, same first baseline, same
  squeezed spaces (tests/pdf/test_golden.py compares them with files printed by the
  code before);
- a right-to-left document, or Arabic in the text: `BidiParagraph`, for the markup
  caseflow's documents use (text escaped by `caseflow.pdf.escape`, `<b>`, `<i>`,
  `<br/>`; any other tag is refused rather than printed). Lines are broken on the
  logical text (word widths measured shaped) by reportlab's rules (the first baseline
  one font size down, spaces squeezed by up to `style.spaceShrinkage` so that a last
  word still fits), then each line is put in visual order and drawn by
  caseflow.pdf.text. A French letter keeps its lines left to right with an Arabic name
  shaped and ordered inside them; an Arabic document runs right to left with Latin
  names and numbers left to right inside its lines.

Both are instances of `Paragraph`, so `isinstance(flowable, Paragraph)` holds for either.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as ReportlabParagraph

from caseflow.pdf import text as bidi_text

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z]+)\s*(/?)\s*>")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _Block:
    """One hard line (between <br/>s): whitespace collapsed, a bold flag per character."""

    text: str
    bold: tuple[bool, ...]

    def cut(self, start: int, end: int) -> _Block:
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        return _Block(self.text[start:end], self.bold[start:end])


def parse(markup: str) -> list[_Block]:
    """Blocks of the markup caseflow writes (escaped text, <b>, <i>, <br/>)."""
    blocks: list[_Block] = []
    chars: list[tuple[str, bool]] = []
    bold = 0

    def add_text(piece: str) -> None:
        for char in html.unescape(piece):
            if char.isspace():
                if chars and chars[-1][0] != " ":
                    chars.append((" ", bool(bold)))
            else:
                chars.append((char, bool(bold)))

    def end_block() -> None:
        while chars and chars[-1][0] == " ":
            chars.pop()
        blocks.append(_Block("".join(c for c, _ in chars), tuple(b for _, b in chars)))
        chars.clear()

    position = 0
    for match in _TAG.finditer(markup):
        add_text(markup[position:match.start()])
        position = match.end()
        closing, name = match.group(1), match.group(2).lower()
        if name in ("b", "strong"):
            bold += -1 if closing else 1
        elif name == "br":
            end_block()
        elif name != "i":  # italic prints upright: the families register no italic
            raise ValueError(f"caseflow.pdf.Paragraph does not print <{name}>")
    add_text(markup[position:])
    end_block()
    return blocks


@dataclass(frozen=True)
class _Line:
    block: int
    start: int
    end: int
    width: float


def needs_bidi(text: str | None, style: ParagraphStyle | None,
               direction: str | None = None) -> bool:
    """Whether a paragraph needs caseflow's layout: a right-to-left document, or Arabic."""
    direction = direction or getattr(style, "direction", "ltr")
    return direction == "rtl" or bool(text and bidi_text.has_rtl(text))


class Paragraph(Flowable):
    """reportlab's Paragraph or caseflow's bidi one, whichever the text needs (see the
    module's docstring)."""

    def __new__(cls, text: str | None = None, style: ParagraphStyle | None = None,
                *args, direction: str | None = None, **kwargs):
        if cls is Paragraph:
            cls = BidiParagraph if needs_bidi(text, style, direction) else LatinParagraph
        return super().__new__(cls)


class LatinParagraph(Paragraph, ReportlabParagraph):
    """reportlab's Paragraph, unchanged but for the bidi controls taken out of its text
    (a paragraph split over two pages makes its halves through this class too)."""

    def __init__(self, text: str | None, style: ParagraphStyle | None = None, *args,
                 **kwargs) -> None:
        kwargs.pop("direction", None)
        ReportlabParagraph.__init__(self, bidi_text.without_controls(text) if text else text,
                                    style, *args, **kwargs)


class BidiParagraph(Paragraph):
    """A paragraph of caseflow's markup, laid out in its style's direction."""

    def __init__(self, text: str, style: ParagraphStyle, direction: str | None = None,
                 *, _blocks: list[_Block] | None = None) -> None:
        Flowable.__init__(self)
        self.style = style
        self.direction = direction or getattr(style, "direction", "ltr")
        self.text = text
        self.blocks = _blocks if _blocks is not None else parse(text)
        family, is_bold, is_italic = ps2tt(style.fontName)
        self._fonts = (tt2ps(family, is_bold, is_italic), tt2ps(family, 1, is_italic))
        self._levels = [bidi_text.levels(b.text, self.direction) for b in self.blocks]
        self._char_fonts = [[bidi_text.font_for(c, self._fonts[bold])
                             for c, bold in zip(b.text, b.bold, strict=True)]
                            for b in self.blocks]
        self.lines: list[_Line] = []
        self._wrapped_for: float | None = None

    def __repr__(self) -> str:
        return f"<caseflow BidiParagraph {self.direction} {len(self.text)} chars>"

    def getPlainText(self) -> str:  # reportlab's name (a table of contents, a bookmark)
        return " ".join(block.text for block in self.blocks)

    # -- measuring and breaking ------------------------------------------------------
    def _measure(self, block: int, start: int, end: int) -> float:
        return bidi_text.measure(self.blocks[block].text[start:end],
                                 self._char_fonts[block][start:end], self.style.fontSize)

    def _break(self, room: float) -> list[_Line]:
        """Lines as reportlab breaks them: a word goes on the line if it fits once the
        line's spaces are squeezed by `spaceShrinkage` (5 %) of their width."""
        shrinkage = getattr(self.style, "spaceShrinkage", 0.0) or 0.0
        lines: list[_Line] = []
        for index, block in enumerate(self.blocks):
            start, end, used, spaces = None, None, 0.0, 0.0
            for match in _WORD.finditer(block.text):
                pieces = self._pieces(index, match.start(), match.end(), room)
                for piece_start, piece_end, piece_width in pieces:
                    if start is None:
                        start, end, used, spaces = piece_start, piece_end, piece_width, 0.0
                        continue
                    gap = self._measure(index, end, piece_start)  # the space(s) between
                    if end == piece_start:  # the next piece of a word cut in pieces
                        lines.append(_Line(index, start, end, used))
                        start, end, used, spaces = piece_start, piece_end, piece_width, 0.0
                    elif used + gap + piece_width <= room + shrinkage * (spaces + gap) + 1e-6:
                        end, used, spaces = piece_end, used + gap + piece_width, spaces + gap
                    else:
                        lines.append(_Line(index, start, end, used))
                        start, end, used, spaces = piece_start, piece_end, piece_width, 0.0
            if start is None:
                lines.append(_Line(index, 0, 0, 0.0))  # an empty line (<br/><br/>)
            else:
                lines.append(_Line(index, start, end, used))
        if self.blocks and all(not b.text for b in self.blocks) and len(self.blocks) == 1:
            return []
        return lines

    def _pieces(self, block: int, start: int, end: int, room: float):
        """A word, or the pieces of a word longer than the line (cut between characters,
        as reportlab's splitLongWords does). Each cut is found by halving (a pasted hash
        or address of 20,000 characters is measured some 15 times a line, not once per
        character), each piece as long as fits, at least one character."""
        whole = self._measure(block, start, end)
        if whole <= room or end - start < 2:
            return [(start, end, whole)]
        pieces, piece_start = [], start
        while piece_start < end:
            low, high = piece_start + 1, end  # low always fits (at least one character)
            while low < high:
                middle = (low + high + 1) // 2
                if self._measure(block, piece_start, middle) <= room:
                    low = middle
                else:
                    high = middle - 1
            pieces.append((piece_start, low, self._measure(block, piece_start, low)))
            piece_start = low
        return pieces

    def _room(self, width: float) -> float:
        return width - self.style.leftIndent - self.style.rightIndent

    def wrap(self, availWidth, availHeight):  # reportlab's names
        if self._wrapped_for != availWidth:
            self.lines = self._break(self._room(availWidth))
            self._wrapped_for = availWidth
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return availWidth, self.height

    def minWidth(self):  # reportlab's name: a table column's least width
        widest = max((self._measure(i, m.start(), m.end()) for i, b in enumerate(self.blocks)
                      for m in _WORD.finditer(b.text)), default=0.0)
        return widest + self.style.leftIndent + self.style.rightIndent

    def split(self, availWidth, availHeight):  # reportlab's names
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= len(self.lines):
            return [self]
        if fit <= 0 or (fit == 1 and not self.style.allowOrphans and len(self.lines) > 1):
            return []
        if len(self.lines) - fit == 1 and not self.style.allowWidows:
            fit -= 1
            if fit <= 0:
                return []
        return [self._part(self.lines[:fit]), self._part(self.lines[fit:])]

    def _part(self, lines: list[_Line]) -> BidiParagraph:
        """A paragraph of these lines' words (a page's share of this one)."""
        blocks = []
        for index in dict.fromkeys(line.block for line in lines):
            mine = [line for line in lines if line.block == index]
            blocks.append(self.blocks[index].cut(mine[0].start, mine[-1].end))
        return BidiParagraph(self.text, self.style, self.direction, _blocks=blocks)

    # -- drawing ---------------------------------------------------------------------
    def _x(self, line: _Line) -> float:
        style = self.style
        alignment = style.alignment
        if alignment == TA_JUSTIFY:  # not justified: aligned on the start side
            alignment = TA_RIGHT if self.direction == "rtl" else TA_LEFT
        room = self._room(self.width)
        width = min(line.width, room)  # a squeezed line fills the room exactly
        if alignment == TA_RIGHT:
            return style.leftIndent + room - width
        if alignment == TA_CENTER:
            return style.leftIndent + (room - width) / 2
        return style.leftIndent

    def _squeeze(self, line: _Line, text: str) -> float:
        """What each space of a line wider than the room gives up (0 for the others)."""
        spaces = text.count(" ")
        over = line.width - self._room(self.width)
        return -over / spaces if over > 1e-6 and spaces else 0.0

    def draw(self):  # reportlab's name
        style = self.style
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        y = self.height - style.fontSize  # reportlab's first baseline
        for line in self.lines:
            block = self.blocks[line.block]
            text = block.text[line.start:line.end]
            runs = bidi_text.layout(text, self._char_fonts[line.block][line.start:line.end],
                                    style.fontSize, self._levels[line.block][line.start:line.end])
            bidi_text.draw_runs(canvas, runs, self._x(line), y, style.fontSize,
                                self._squeeze(line, text))
            y -= style.leading
        canvas.restoreState()
