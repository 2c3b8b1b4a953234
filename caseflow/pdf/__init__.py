"""Printable documents: fonts, A4 pages with the site's letterhead and page numbers, styles.

No Flask here: callers hand in text already translated and data already
checked against the person's consent; this package only lays it out. The
bundled DejaVu Sans (fonts/, with its licence) prints every accent and any
Latin-script name; the fonts are embedded in each PDF.

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

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
PAGE_SIZE = A4
MARGIN = 20 * mm
LETTERHEAD_HEIGHT = 30 * mm
FOOTER_HEIGHT = 14 * mm


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold) once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of caseflow's documents."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5,
                          spaceAfter=6, alignment=TA_LEFT)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#444444")),
        "label": ParagraphStyle("label", parent=body, fontName=FONT_BOLD, spaceAfter=2),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=14,
                                leading=18, spaceBefore=6, spaceAfter=10),
        "heading": ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=11,
                                  leading=15, spaceBefore=8, spaceAfter=4),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "line": ParagraphStyle("line", parent=body, spaceAfter=0),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=8 * mm,
                                borderPadding=(2, 0, 2, 4), textColor=colors.black),
    }


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


def _draw_letterhead(canvas, letterhead: Letterhead, rule_end: float | None = None) -> None:
    width, height = PAGE_SIZE
    top = height - MARGIN + 4 * mm
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawString(MARGIN, top, letterhead.organisation or letterhead.site_name)
    canvas.setFont(FONT, 9)
    lines = [letterhead.site_name if letterhead.organisation else "", letterhead.address,
             " · ".join(p for p in (letterhead.phone, letterhead.email) if p)]
    y = top - 13
    for line in (line for line in lines if line):
        canvas.drawString(MARGIN, y, line)
        y -= 11
    canvas.setStrokeColor(colors.HexColor("#888888"))
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y + 4, rule_end or width - MARGIN, y + 4)


class _NumberedCanvas(pdf_canvas.Canvas):
    """Writes "page/total" on each page once the total is known (two passes over the pages)."""

    footer_text = ""

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
        if self.footer_text:
            # A footer longer than the line wraps onto a second line below, instead of
            # running under the page number and off the page.
            room = width - 2 * MARGIN - self.stringWidth(number, FONT, 8) - 4 * mm
            lines = simpleSplit(self.footer_text, FONT, 8, room)
            for i, line in enumerate(lines[:2]):
                self.drawString(MARGIN, y - i * 3.5 * mm, line)
        self.drawRightString(width - MARGIN, y, number)


def build_pdf(story: Sequence[Flowable], *, letterhead: Letterhead, title: str,
              author: str = "", footer: str = "", language: str = "fr",
              on_page: Callable[[pdf_canvas.Canvas], None] | None = None,
              rule_end: float | None = None) -> bytes:
    """An A4 PDF: letterhead on every page, the footer text and "1/2" page numbers.

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
        _draw_letterhead(canvas, letterhead, rule_end)
        canvas.restoreState()
        if on_page is not None:
            canvas.saveState()
            on_page(canvas)
            canvas.restoreState()

    # No frame padding: the text lines up with the letterhead.
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=draw_page)])
    canvas_class = type("FooterCanvas", (_NumberedCanvas,), {"footer_text": footer})
    doc.build(list(story), canvasmaker=canvas_class)
    return out.getvalue()
