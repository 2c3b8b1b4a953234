"""QR code modules (the dark and light squares) for the certificates' seal and the
two-factor enrolment page.

segno encodes, at error correction level M as before (never raised to a higher level,
so the code's size does not depend on the data's length by chance). Why segno rather
than reportlab's encoder: the same standard code in about half the time (8 against
15 ms for a certificate's verification address; the QR code was 22 of the 48 ms of an
issue, issue 22). Callers draw the modules themselves (PDF rectangles, an SVG path).

The two encoders choose different masks for the same address, so the same address
draws differently. A certificate's seal is checked by drawing it again
(certificates/seal.py), and certificates sealed before this change (or by a clinic box
still running the earlier version) carry reportlab's drawing: ``LEGACY`` draws it, for
that check only.
"""

from __future__ import annotations

import segno

CURRENT, LEGACY = "segno", "reportlab"
ENCODERS = (CURRENT, LEGACY)  # the current one first: what new seals are checked against


def modules(data: str, encoder: str = CURRENT) -> list[list[bool]]:
    """The code's rows, top to bottom (True: dark), without the quiet zone."""
    if encoder == LEGACY:
        from reportlab.graphics.barcode.qr import QrCodeWidget

        widget = QrCodeWidget(data, barLevel="M")
        widget.qr.make()
        return [[bool(cell) for cell in row] for row in widget.qr.modules]
    if encoder != CURRENT:
        raise ValueError(f"unknown QR encoder {encoder!r}")
    return [[bool(cell) for cell in row]
            for row in segno.make_qr(data, error="m", boost_error=False).matrix]
