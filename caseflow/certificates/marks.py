"""What every page of a certificate carries beside its text: the serial by the QR code's
square, the draft mark, and how to check the certificate.

Apart from the text's layout (render.py) because it concerns the seal (seal.py adds
the QR code into the square kept here) and the public verification page, not the wording.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from caseflow.certificates.data import CertificateData
from caseflow.certificates.seal import QR_QUIET, QR_SIZE, QR_TOP
from caseflow.certificates.wording import Wording
from caseflow.pdf import FONT, FONT_BOLD, MARGIN, PAGE_SIZE

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)

SERIAL = _l("No. %(serial)s")
VERIFY = _l("Authenticity can be checked by scanning the QR code on every page, or at %(url)s "
            "with the code it holds.")
# Across every page of a draft, and in place of its serial.
DRAFT = _l("DRAFT — NOT VALID")
DRAFT_SERIAL = _l("DRAFT")


def page_marks(serial: str, language: str, draft: bool) -> Callable[[Canvas], None]:
    """The serial on every page beside the square the QR code will fill (seal.py).

    A draft gets no QR code and a diagonal "draft, not valid" across each page, so a
    printed preview can never pass for the issued certificate.
    """
    label = SERIAL.get(language) % {"serial": serial}

    def draw(canvas: Canvas) -> None:
        width, height = PAGE_SIZE
        # The QR code (added by the seal) fills the square from QR_TOP down, its quiet
        # zone in the right margin; the serial sits to its left, under the letterhead rule.
        qr_left = width - MARGIN - QR_SIZE * (1 - QR_QUIET / 45)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawRightString(qr_left - 2 * mm, height - QR_TOP - QR_SIZE + 4 * mm, label)
        if draft:
            canvas.saveState()
            canvas.setFont(FONT_BOLD, 40)
            canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.4))
            canvas.translate(width / 2, height / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, DRAFT.get(language))
            canvas.restoreState()

    return draw


def verification_notes(data: CertificateData, language: str) -> list[str]:
    """The small print under the signature that says how to check the certificate."""
    return [VERIFY.get(language) % {"url": data.verification_url}]
