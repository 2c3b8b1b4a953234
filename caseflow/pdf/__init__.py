"""Printable documents: fonts, A4 pages with the site's letterhead and page numbers, styles.

No Flask here: callers hand in text already translated and data already
checked against the person's consent; this package only lays it out. The
bundled DejaVu Sans (fonts/, with its licence) prints every accent and any
Latin-script name, Noto Naskh Arabic (SIL OFL, fonts/) the Arabic ones; the
fonts are embedded in each PDF.

Arabic is shaped and put in right-to-left order by caseflow.pdf.text (python-bidi
and HarfBuzz); use this package's `Paragraph` (not reportlab's) and `draw_line`
(not canvas.drawString) for any text that may hold Arabic. Both hand a left-to-right
line with no Arabic to reportlab as before, so French and English documents print
as they did. A document's direction
is its language's (`languages.get(code).direction`): `styles(direction)` and
`build_pdf(direction=...)` lay an Arabic document out right to left.

Document metadata never carries personal data: the title is generic
("Referral letter"), the author is the organisation.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from caseflow.pdf import text
from caseflow.pdf.paragraph import Paragraph

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
ARABIC_FONT = "NotoNaskhArabic"
ARABIC_FONT_BOLD = "NotoNaskhArabic-Bold"
PAGE_SIZE = A4
MARGIN = 20 * mm
LETTERHEAD_HEIGHT = 30 * mm
FOOTER_HEIGHT = 14 * mm


def register_fonts() -> None:
    """Register DejaVu Sans and Noto Naskh Arabic (regular, bold) once per process;
    Arabic characters written in DejaVu Sans print in Noto Naskh Arabic."""
    if ARABIC_FONT_BOLD in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"),
                       (ARABIC_FONT, "NotoNaskhArabic-Regular.ttf"),
                       (ARABIC_FONT_BOLD, "NotoNaskhArabic-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / file)))
    for regular, bold in ((FONT, FONT_BOLD), (ARABIC_FONT, ARABIC_FONT_BOLD)):
        pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular,
                                      boldItalic=bold)
    text.ARABIC_OF.update({FONT: ARABIC_FONT, FONT_BOLD: ARABIC_FONT_BOLD,
                           ARABIC_FONT: ARABIC_FONT, ARABIC_FONT_BOLD: ARABIC_FONT_BOLD})


def start_and_end(direction: str) -> tuple[int, int]:
    """(start, end) alignments of a document's direction: a line's start is its left in
    French, its right in Arabic."""
    return (TA_RIGHT, TA_LEFT) if direction == "rtl" else (TA_LEFT, TA_RIGHT)


def styles(direction: str = "ltr") -> dict[str, ParagraphStyle]:
    """The paragraph styles of caseflow's documents, for a document of `direction`
    ("ltr" or "rtl", its language's): "right" is the end side (a letter's place and
    date), "quote" is indented on the start side."""
    register_fonts()
    start, end = start_and_end(direction)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5,
                          spaceAfter=6, alignment=start, direction=direction)
    indent = {"rightIndent" if direction == "rtl" else "leftIndent": 8 * mm}
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#444444")),
        "label": ParagraphStyle("label", parent=body, fontName=FONT_BOLD, spaceAfter=2),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=14,
                                leading=18, spaceBefore=6, spaceAfter=10),
        "heading": ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=11,
                                  leading=15, spaceBefore=8, spaceAfter=4),
        "right": ParagraphStyle("right", parent=body, alignment=end),
        "line": ParagraphStyle("line", parent=body, spaceAfter=0),
        "quote": ParagraphStyle("quote", parent=body, borderPadding=(2, 0, 2, 4),
                                textColor=colors.black, **indent),
    }


isolate = text.isolate


def escape(text: str | None) -> str:
    """Text for a Paragraph (which reads a little markup): names and free text stay text."""
    from xml.sax.saxutils import escape as xml_escape

    return xml_escape(text or "").replace("\n", "<br/>")


@dataclass(frozen=True)
class Letterhead:
    organisation: str
    site_name: str
    address: str = ""
    phone: str = ""
    email: str = ""


def draw_line(canvas, x: float, y: float, line: str, *, font_name: str = FONT,
              size: float = 10, direction: str = "ltr", align: str = "start") -> None:
    """One line of text on a canvas, Arabic shaped and in order (canvas.drawString's
    replacement): `align` is "start" (x is the line's left in LTR, its right in RTL),
    "end", "left", "right" or "centre"."""
    register_fonts()
    text.draw_line(canvas, x, y, line, font_name=font_name, size=size, direction=direction,
                   align=align)


def _draw_letterhead(canvas, letterhead: Letterhead, rule_end: float | None = None,
                     direction: str = "ltr") -> None:
    width, height = PAGE_SIZE
    top = height - MARGIN + 4 * mm
    # The start side: the left margin in LTR, the right one in RTL (short of the marks
    # drawn on the right, a certificate's QR code, when rule_end keeps room for them).
    x = (rule_end or width - MARGIN) if direction == "rtl" else MARGIN
    draw_line(canvas, x, top, letterhead.organisation or letterhead.site_name,
              font_name=FONT_BOLD, size=11, direction=direction)
    lines = [letterhead.site_name if letterhead.organisation else "", letterhead.address,
             " · ".join(p for p in (letterhead.phone, letterhead.email) if p)]
    y = top - 13
    for line in (line for line in lines if line):
        draw_line(canvas, x, y, line, size=9, direction=direction)
        y -= 11
    canvas.setStrokeColor(colors.HexColor("#888888"))
    canvas.setLineWidth(0.5)
    # rule_end leaves room for marks drawn on the right (a certificate's QR code).
    canvas.line(MARGIN, y + 4, rule_end or width - MARGIN, y + 4)


class _NumberedCanvas(pdf_canvas.Canvas):
    """Writes "page/total" on each page once the total is known (two passes over the pages)."""

    footer_text = ""
    direction = "ltr"

    def __init__(self, *args, **kwargs):
        # Every font of the page is the embedded one (no unembedded Helvetica default).
        # BaseDocTemplate passes initialFontName=None explicitly, so setdefault is not enough.
        if not kwargs.get("initialFontName"):
            kwargs["initialFontName"] = FONT
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _height = PAGE_SIZE
        self.setFont(FONT, 8)
        self.setFillColor(colors.HexColor("#444444"))
        y = MARGIN - 8 * mm
        number = f"{self._pageNumber}/{total}"
        rtl = self.direction == "rtl"
        if self.footer_text:
            # A footer longer than the line wraps onto a second line below, instead of
            # running under the page number and off the page.
            room = width - 2 * MARGIN - self.stringWidth(number, FONT, 8) - 4 * mm
            lines = split_lines(self.footer_text, FONT, 8, room)
            for i, line in enumerate(lines[:2]):
                draw_line(self, width - MARGIN if rtl else MARGIN, y - i * 3.5 * mm, line,
                          size=8, direction=self.direction)
        # The page number on the end side.
        if rtl:
            self.drawString(MARGIN, y, number)
        else:
            self.drawRightString(width - MARGIN, y, number)


def split_lines(line: str, font_name: str, size: float, room: float) -> list[str]:
    """`line` cut at spaces into lines that fit `room` points (simpleSplit measuring
    Arabic shaped)."""
    register_fonts()
    if not text.has_rtl(line):
        return simpleSplit(line, font_name, size, room)
    lines: list[str] = []
    for word in line.split():
        if lines and text.width(f"{lines[-1]} {word}", font_name, size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def build_pdf(story: Sequence[Flowable], *, letterhead: Letterhead, title: str,
              author: str = "", footer: str = "", language: str = "fr",
              direction: str = "ltr",
              on_page: Callable[[pdf_canvas.Canvas], None] | None = None,
              rule_end: float | None = None) -> bytes:
    """An A4 PDF: letterhead on every page, the footer text and "1/2" page numbers.

    `direction` is the document's language's (`languages.get(language).direction`): in
    "rtl" the letterhead and footer start on the right and the page number is on the
    left (the story's paragraphs follow their styles: `styles(direction)`).

    `title` and `author` go into the PDF metadata: keep them free of personal data.
    `on_page(canvas)` draws extra marks on every page (a certificate's serial and
    QR code, which must survive a page being separated from the others); `rule_end`
    stops the letterhead's rule short of them.
    """
    register_fonts()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + LETTERHEAD_HEIGHT, bottomMargin=MARGIN + FOOTER_HEIGHT - 6 * mm,
        title=title, author=author, subject="", creator="caseflow", keywords="",
        lang=language,
    )

    def draw_page(canvas, _doc):
        canvas.saveState()
        _draw_letterhead(canvas, letterhead, rule_end, direction)
        canvas.restoreState()
        if on_page is not None:
            canvas.saveState()
            on_page(canvas)
            canvas.restoreState()

    # No frame padding: the text lines up with the letterhead.
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=draw_page)])
    canvas_class = type("FooterCanvas", (_NumberedCanvas,),
                        {"footer_text": footer, "direction": direction})
    with text.document_memo():  # shaped names and notes forgotten once the PDF is made
        doc.build(list(story), canvasmaker=canvas_class)
    return out.getvalue()


__all__ = ["ARABIC_FONT", "ARABIC_FONT_BOLD", "FONT", "FONT_BOLD", "MARGIN", "PAGE_SIZE",
           "Letterhead", "Paragraph", "build_pdf", "draw_line", "escape", "isolate",
           "register_fonts", "split_lines", "start_and_end", "styles"]
