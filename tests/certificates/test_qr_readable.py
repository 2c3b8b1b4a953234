"""The QR code printed on a certificate is read by a camera's decoder as the address it
was meant to carry: the page rendered to an image as a phone sees a sheet of paper,
then decoded by ZXing (zxing-cpp), not by the encoder that drew it.

Why: caseflow draws the code's modules itself (caseflow/qr_code.py, then PDF
rectangles in the seal); a mistake in the drawing (a row shifted, a run cut short, the
quiet zone eaten) would still give a valid-looking PDF. The enrolment QR code of
two-factor sign-in, drawn as SVG from the same modules, is checked the same way.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from PIL import Image

from caseflow import qr_code
from caseflow.certificates import seal
from caseflow.services.documents.certificate_register import verify_file
from tests.support.certificates import BASE_URL, issue

zxingcpp = pytest.importorskip("zxingcpp")

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                reason="poppler-utils not installed")


def _page_codes(tmp_path, pdf: bytes) -> list[str]:
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(tmp_path / "page")], check=True, capture_output=True)
    return _codes_in((tmp_path / "page.png").read_bytes())


def _codes_in(png: bytes) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
            if code.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_it_prints_a_qr_code_a_phone_reads_as_the_verification_address(
        app, awa, tmp_path, language):
    with app.app_context():
        issued = issue("amina", awa, "minority_recourse", language=language)
        pdf, serial = issued.issued_pdf, issued.serial
    codes = _page_codes(tmp_path, pdf)
    assert len(codes) == 1, codes
    assert codes[0].startswith(f"{BASE_URL.rstrip('/')}/verify/{serial}?")
    assert seal.parse_verification_url(codes[0])[0] == serial


def test_it_still_verifies_a_certificate_sealed_with_the_earlier_qr_encoder(
        app, awa, tmp_path, monkeypatch):
    """Certificates issued before the encoder changed (reportlab's, another mask for the
    same address) are in people's hands: their seal must still hold."""
    drawn = seal._qr_operators
    monkeypatch.setattr(seal, "_qr_operators",
                        lambda url, encoder=qr_code.CURRENT: drawn(url, qr_code.LEGACY))
    seal._seal_operators.cache_clear()
    with app.app_context():
        issued = issue("amina", awa, "minority_recourse")
        pdf, serial = issued.issued_pdf, issued.serial
    monkeypatch.undo()
    seal._seal_operators.cache_clear()
    url = _page_codes(tmp_path, pdf)[0]  # a phone reads it as before
    assert seal.parse_verification_url(url)[0] == serial
    with app.app_context():
        verification, problems = verify_file(pdf)
    assert problems == []
    assert verification.status == "valid"
    # It holds through the earlier drawing: checked against today's encoder alone, the
    # same file would be refused.
    monkeypatch.setattr(qr_code, "ENCODERS", (qr_code.CURRENT,))
    assert seal.seal_problems(pdf) == ["a page's content was changed after its seal"]


def test_it_draws_the_enrolment_qr_code_a_phone_reads():
    """The SVG's path, painted module by module as a browser fills it, decodes to the
    enrolment address."""
    from caseflow.blueprints.auth.qr import qr_svg

    secret = "otpauth://totp/caseflow:amina?secret=JBSWY3DPEHPK3PXP&issuer=caseflow"
    svg = str(qr_svg(secret, "QR"))
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    pixels = image.load()
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        for column in range(int(x), int(x) + int(run)):
            for dx in range(scale):
                for dy in range(scale):
                    pixels[column * scale + dx, int(y) * scale + dy] = 0
    out = io.BytesIO()
    image.save(out, format="PNG")
    assert _codes_in(out.getvalue()) == [secret]
