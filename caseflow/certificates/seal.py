"""The seal of an issued certificate: a signed statement in a QR code, added after rendering.

Why an incremental update: the signature covers the SHA-256 of the PDF, and
the QR code that carries the signature is printed on that PDF. A file cannot
contain a signature over its own bytes, so issuing works as PDF signatures
do: the certificate is rendered once (the *body*, every word, the serial on
every page), its SHA-256 is signed, and the QR code is appended to each page
as a PDF incremental update (new content streams after the body's ``%%EOF``).
The body's bytes stay a byte-for-byte prefix of the issued file, so anyone
holding the file can recompute the body's hash and check the signature with
the published public key, offline; a printed copy is checked by scanning the
QR code (the statement travels in it).

The signed statement is: format version, serial, issue date, template, issuing
site (the serial's prefix) and the body's SHA-256. It names no person.

Pure: no Flask, no database, no keys. The caller signs (caseflow.crypto).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import re
import struct
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm

from caseflow.certificates.data import SERIAL
from caseflow.pdf import MARGIN, PAGE_SIZE

VERSION = 1
# Stable one-byte codes of the templates inside the signed statement (never renumber).
TEMPLATE_CODES = {
    "minority_recourse": 1,
    "violence_findings": 2,
    "istanbul_report": 3,
    "psychological_attestation": 4,
    "follow_up_attestation": 5,
}
TEMPLATE_BY_CODE = {code: key for key, code in TEMPLATE_CODES.items()}
SIGNATURE_BYTES = 64
_PACKED = struct.Struct(">BIB32s")  # version, issue date (proleptic ordinal), template, sha256
CODE_LENGTH = len(base64.urlsafe_b64encode(bytes(_PACKED.size + SIGNATURE_BYTES)).rstrip(b"="))
QR_SIZE = 30 * mm
QR_QUIET = 2  # modules of white around the code, inside QR_SIZE
INFO_KEY = "/CaseflowVerification"  # the verification address, in the update's document info
_EOF = re.compile(rb"%%EOF(\r\n|\r|\n)?")


class SealError(ValueError):
    """A code or a file that does not hold a well-formed caseflow seal."""


@dataclass(frozen=True)
class Statement:
    """What the issuing site signs about a certificate: nothing about the person."""

    serial: str
    issue_date: dt.date
    template: str
    body_sha256: bytes

    @property
    def site_code(self) -> str:
        return self.serial.split("-", 1)[0]

    def message(self) -> bytes:
        """The exact bytes signed with Ed25519 (documented in docs/SECURITY.md)."""
        return "\n".join([
            f"caseflow-certificate-v{VERSION}", self.serial, self.issue_date.isoformat(),
            self.template, self.site_code, self.body_sha256.hex(),
        ]).encode()


def encode_code(statement: Statement, signature: bytes) -> str:
    """The `c` parameter of the verification address: statement and signature, base64url."""
    if len(signature) != SIGNATURE_BYTES:
        raise SealError("an Ed25519 signature is 64 bytes")
    packed = _PACKED.pack(VERSION, statement.issue_date.toordinal(),
                          TEMPLATE_CODES[statement.template], statement.body_sha256)
    return base64.urlsafe_b64encode(packed + signature).rstrip(b"=").decode()


def decode_code(serial: str, code: str) -> tuple[Statement, bytes]:
    """The statement and signature a code carries, or SealError; checks form, not signature."""
    if not SERIAL.match(serial or "") or not code or len(code) != CODE_LENGTH:
        raise SealError("not a caseflow certificate code")
    try:
        raw = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        version, ordinal, template, digest = _PACKED.unpack(raw[:_PACKED.size])
        issued = dt.date.fromordinal(ordinal)
    except (binascii.Error, ValueError, struct.error, OverflowError):
        raise SealError("not a caseflow certificate code") from None
    if version != VERSION or template not in TEMPLATE_BY_CODE:
        raise SealError("not a caseflow certificate code")
    return Statement(serial, issued, TEMPLATE_BY_CODE[template], digest), raw[_PACKED.size:]


def verification_url(base_url: str, serial: str, code: str | None = None) -> str:
    url = f"{base_url.rstrip('/')}/verify/{serial}"
    return f"{url}?c={code}" if code else url


def parse_verification_url(url: str) -> tuple[str, str]:
    """(serial, code) from an address read off a QR code or a file's document info."""
    match = re.search(r"/verify/([A-Z0-9-]+)\?(?:.*&)?c=([A-Za-z0-9_-]+)", url or "")
    if not match:
        raise SealError("not a caseflow verification address")
    return match.group(1), match.group(2)


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


# --- The PDF -------------------------------------------------------------------------------


def _qr_operators(url: str) -> bytes:
    """PDF drawing operators for the QR code in the top right corner of a page.

    Plain filled rectangles (no font, no image), so the update adds nothing that
    could print differently from one reader to another.
    """
    widget = QrCodeWidget(url, barLevel="M")
    widget.qr.make()
    modules = widget.qr.modules
    box = QR_SIZE / (len(modules) + 2 * QR_QUIET)
    width, height = PAGE_SIZE
    left = width - MARGIN - QR_SIZE + QR_QUIET * box  # the quiet zone sits in the margin
    top = height - 4 * mm
    ops = ["q", "0 g"]
    for r, row in enumerate(modules):
        c = 0
        while c < len(row):  # one rectangle per run of dark modules
            if not row[c]:
                c += 1
                continue
            run = c
            while run < len(row) and row[run]:
                run += 1
            x = left + (c + QR_QUIET) * box
            y = top - (r + QR_QUIET + 1) * box
            ops.append(f"{x:.2f} {y:.2f} {(run - c) * box:.2f} {box:.2f} re")
            c = run
    ops += ["f", "Q"]
    return "\n".join(ops).encode()


def seal_pdf(body: bytes, url: str) -> bytes:
    """The issued file: `body` unchanged, then an update drawing the QR code on every page."""
    writer = PdfWriter(io.BytesIO(body), incremental=True)
    operators = _qr_operators(url)
    for page in writer.pages:
        contents = page.get("/Contents")
        existing = contents.get_object()
        existing = list(existing) if isinstance(existing, list) else [contents]
        # The body is wrapped in q ... Q so its graphics state cannot leak into the code.
        before, after = DecodedStreamObject(), DecodedStreamObject()
        before.set_data(b"q")
        after.set_data(b"Q\n" + operators)
        page[NameObject("/Contents")] = ArrayObject(
            [writer._add_object(before), *existing, writer._add_object(after.flate_encode())])
    writer.add_metadata({INFO_KEY: url})
    out = io.BytesIO()
    writer.write(out)
    sealed = out.getvalue()
    if body_of(sealed) != body:  # the promise offline verification rests on
        raise SealError("the sealed file does not start with the rendered body")
    return sealed


def body_of(pdf: bytes) -> bytes:
    """The first revision of a PDF: its bytes up to and including the first end-of-file mark."""
    match = _EOF.search(pdf)
    if match is None:
        raise SealError("not a PDF file")
    return pdf[:match.end()]


def _seal_url(pdf: bytes) -> str:
    try:
        info = PdfReader(io.BytesIO(pdf)).metadata or {}
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise SealError("the file cannot be read as a PDF") from error
    return str(info.get(INFO_KEY) or "")


def read_seal(pdf: bytes) -> tuple[Statement, bytes, bytes]:
    """(statement, signature, SHA-256 of the file's body) of an issued file, or SealError."""
    serial, code = parse_verification_url(_seal_url(pdf))
    statement, signature = decode_code(serial, code)
    return statement, signature, sha256(body_of(pdf))


def is_exactly_sealed(pdf: bytes) -> bool:
    """True when nothing follows the seal: the file is its body plus the seal, byte for byte.

    Why: a PDF reader shows the last revision. Someone could append a further
    update that paints over the signed text while the body (and so the signature)
    stays intact; sealing is deterministic, so sealing the body again with the same
    address must give back exactly this file.
    """
    try:
        return seal_pdf(body_of(pdf), _seal_url(pdf)) == pdf
    except (SealError, ValueError):
        return False
