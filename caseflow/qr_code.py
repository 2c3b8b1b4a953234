"""QR code modules (the dark and light squares) for the certificates' seal and the
two-factor enrolment page.

segno encodes, at error correction level M as before (never raised to a higher level,
so the code's size does not depend on the data's length by chance). Why segno rather
than reportlab's encoder: the same standard code in about half the time (8 against
15 ms for a certificate's verification address; the QR code was 22 of the 48 ms of an
issue, issue 22). Callers draw the modules themselves (PDF rectangles, an SVG path).
"""

from __future__ import annotations

import segno


def modules(data: str) -> tuple[bytearray, ...]:
    """The code's rows, top to bottom; a truthy cell is dark. No quiet zone included."""
    return segno.make_qr(data, error="m", boost_error=False).matrix
