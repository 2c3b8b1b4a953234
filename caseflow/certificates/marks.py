"""What every page of a certificate carries beside its text: the serial by the QR code's
square, the draft mark, and how to check the certificate.

Apart from the text's layout (render.py) because it concerns the seal (seal.py adds
the QR code into the square kept here, the short code under it and the address in the
footer, after the words drawn here) and the public verification page, not the wording.

How to check the certificate is in the margins of every page, not in the body: a
sentence after the signature could fall alone on a page of its own, and a page
separated from the others must still say how to check it.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from caseflow import languages
from caseflow.certificates.data import CertificateData
from caseflow.certificates.seal import (
    CODE_LABEL_TOP,
    NOTE_BOTTOM,
    NOTE_LEADING,
    QR_QUIET,
    QR_SIZE,
    QR_TOP,
)
from caseflow.certificates.wording import Wording
from caseflow.pdf import FONT, FONT_BOLD, MARGIN, PAGE_SIZE, draw_line, isolate, split_lines

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)

SERIAL = _l("No. %(serial)s")
# Over the short code the seal prints under the QR code, and over the address it prints in
# the footer area: the seal adds only ASCII, the words are the body's, in its language.
CODE_LABEL = _l("Verification code:")
CHECK = _l("Check this certificate, with its number and the code under the QR code, at:")
# Across every page of a draft, and in place of its serial.
DRAFT = _l("DRAFT — NOT VALID")
DRAFT_SERIAL = _l("DRAFT")
NOTE_SIZE = 7


def page_marks(serial: str, language: str, draft: bool) -> Callable[[Canvas], None]:
    """The serial on every page beside the square the QR code will fill (seal.py), and the
    words the seal's code and address complete: "Verification code:" under the square,
    "Check this certificate … at:" in the footer area, over the page-number line.

    A draft gets no QR code, no code and no address, so neither of those words, and a
    diagonal "draft, not valid" across each page: a printed preview can never pass for
    the issued certificate.
    """
    label = SERIAL.get(language) % {"serial": serial}
    code_label = CODE_LABEL.get(language)
    width = PAGE_SIZE[0]
    direction = languages.get(language).direction
    if direction == "rtl":
        return _rtl_marks(label, code_label, serial, language, draft)
    # At most two lines, rising from NOTE_BOTTOM: the body's frame ends above them.
    note = simpleSplit(CHECK.get(language), FONT, NOTE_SIZE, width - 2 * MARGIN)[:2]

    def draw(canvas: Canvas) -> None:
        width, height = PAGE_SIZE
        # The QR code (added by the seal) fills the square from QR_TOP down, its quiet
        # zone in the right margin; the serial sits to its left, under the letterhead rule.
        qr_left = width - MARGIN - QR_SIZE * (1 - QR_QUIET / 45)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawRightString(qr_left - 2 * mm, height - QR_TOP - QR_SIZE + 4 * mm, label)
        if not draft:
            canvas.setFont(FONT, NOTE_SIZE)
            canvas.drawRightString(width - MARGIN, height - CODE_LABEL_TOP, code_label)
            for i, line in enumerate(note):
                canvas.drawString(MARGIN, NOTE_BOTTOM + (len(note) - 1 - i) * NOTE_LEADING,
                                  line)
        if draft:
            canvas.saveState()
            canvas.setFont(FONT_BOLD, 40)
            canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.4))
            canvas.translate(width / 2, height / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, DRAFT.get(language))
            canvas.restoreState()

    return draw


def _rtl_marks(label: str, code_label: str, serial: str, language: str,
               draft: bool) -> Callable[[Canvas], None]:
    """The same marks on an Arabic certificate, shaped and right to left (draw_line).

    The QR code stays in the top right corner (the seal draws it there and checks it
    there, whatever the language), so the serial is still at its left and "Verification
    code:" under it. The sentence announcing the address is right to left but set against
    the left margin: the seal prints the address (ASCII, left to right) at the left margin
    under it, and the sentence's end, its colon, comes over the address it announces."""
    label = SERIAL.get(language) % {"serial": isolate(serial)}
    width = PAGE_SIZE[0]
    note = split_lines(CHECK.get(language), FONT, NOTE_SIZE, width - 2 * MARGIN)[:2]

    def draw(canvas: Canvas) -> None:
        width, height = PAGE_SIZE
        qr_left = width - MARGIN - QR_SIZE * (1 - QR_QUIET / 45)
        canvas.setFillColor(colors.HexColor("#444444"))
        draw_line(canvas, qr_left - 2 * mm, height - QR_TOP - QR_SIZE + 4 * mm, label,
                  size=8, direction="rtl", align="right")
        if not draft:
            draw_line(canvas, width - MARGIN, height - CODE_LABEL_TOP, code_label,
                      size=NOTE_SIZE, direction="rtl", align="right")
            for i, line in enumerate(note):
                draw_line(canvas, MARGIN, NOTE_BOTTOM + (len(note) - 1 - i) * NOTE_LEADING,
                          line, size=NOTE_SIZE, direction="rtl", align="left")
        if draft:
            canvas.saveState()
            canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.4))
            canvas.translate(width / 2, height / 2)
            canvas.rotate(45)
            draw_line(canvas, 0, 0, DRAFT.get(language), font_name=FONT_BOLD, size=40,
                      direction="rtl", align="centre")
            canvas.restoreState()

    return draw


def verification_notes(data: CertificateData, language: str) -> list[str]:
    """Nothing any more: how to check the certificate is in every page's margins
    (page_marks and the seal), where it can never fall alone on a last page. Kept for
    render.py, which prints what this returns after the signature."""
    del data, language
    return []
