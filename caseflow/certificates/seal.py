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
QR code (the statement travels in it), or by typing its serial and the short
code printed under the QR code on the public page (`short_code`).

The same update prints, as text, what only the seal knows: the short code under
the QR code and the verification page's address in the footer. The words around
them ("Verification code:", "Check this certificate … at:") are the body's, in
its language (marks.py); the seal adds only ASCII drawn with the body's own
embedded font, so everything it draws follows from the address it carries and
`seal_problems` can demand exactly that drawing.

The signed statement is: format version, serial, issue date, template, issuing
site (the serial's prefix) and the body's SHA-256. It names no person.

Pure: no Flask, no database, no keys. The caller signs (caseflow.crypto).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hashlib
import io
import re
import struct
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject
from reportlab.lib.units import mm

from caseflow import qr_code
from caseflow.certificates.data import SERIAL
from caseflow.certificates.short_code import short_code
from caseflow.pdf import MARGIN, PAGE_SIZE

VERSION = 1
# Stable one-byte codes of the templates inside the signed statement (never renumber).
TEMPLATE_CODES = {
    "minority_recourse": 1,
    "violence_findings": 2,
    "istanbul_report": 3,
    "psychological_attestation": 4,
    "follow_up_attestation": 5,
    "medical_report": 6,
}
TEMPLATE_BY_CODE = {code: key for key, code in TEMPLATE_CODES.items()}
SIGNATURE_BYTES = 64
_PACKED = struct.Struct(">BIB32s")  # version, issue date (proleptic ordinal), template, sha256
CODE_LENGTH = len(base64.urlsafe_b64encode(bytes(_PACKED.size + SIGNATURE_BYTES)).rstrip(b"="))
QR_SIZE = 34 * mm
QR_QUIET = 4  # modules of white around the code, inside QR_SIZE (the standard's 4)
QR_TOP = 8 * mm  # from the top edge: clear of office printers' unprintable margin
# Text lines, as baselines measured from the top edge (under the QR code) or from the
# bottom edge (the footer area, over the page-number line caseflow.pdf draws at 12 mm).
CODE_LABEL_TOP = QR_TOP + QR_SIZE + 2.5 * mm  # "Verification code:" (marks.py), 7 pt
CODE_TOP = CODE_LABEL_TOP + 3.8 * mm  # the short code (the seal), 9 pt bold
NOTE_BOTTOM = 21 * mm  # "Check this certificate … at:" (marks.py), 7 pt, up to two lines
NOTE_LEADING = 3.3 * mm
ADDRESS_BOTTOM = 17.5 * mm  # the verification page's address (the seal), 8 pt
CODE_SIZE, ADDRESS_SIZE = 9, 8
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


def verification_address(url: str) -> str:
    """The public page where a serial and a short code are typed: `https://host/verify/`."""
    match = re.match(r"^(https?://[^?#]*?/verify/)[A-Z0-9-]+\?", url or "")
    if not match:
        raise SealError("not a caseflow verification address")
    return match.group(1)


def parse_verification_url(url: str) -> tuple[str, str]:
    """(serial, code) from an address read off a QR code or a file's document info."""
    match = re.search(r"/verify/([A-Z0-9-]+)\?(?:.*&)?c=([A-Za-z0-9_-]+)", url or "")
    if not match:
        raise SealError("not a caseflow verification address")
    return match.group(1), match.group(2)


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


# --- The PDF -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)  # issuing draws it, then checks the file it drew
def _qr_operators(url: str, encoder: str = qr_code.CURRENT) -> bytes:
    """PDF drawing operators for the QR code in the top right corner of a page.

    Plain filled rectangles (no font, no image), so the update adds nothing that
    could print differently from one reader to another. `encoder`: qr_code.LEGACY
    redraws the seal of a certificate issued before the encoder changed.
    """
    modules = qr_code.modules(url, encoder)
    box = QR_SIZE / (len(modules) + 2 * QR_QUIET)
    width, height = PAGE_SIZE
    left = width - MARGIN - QR_SIZE + QR_QUIET * box  # the quiet zone sits in the margin
    top = height - QR_TOP
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


@dataclass(frozen=True)
class _Font:
    """One of the body's embedded fonts, as a page's resources name it."""

    name: str  # the page's resource name, e.g. F2+0
    first: int
    widths: tuple[float, ...]

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[ord(c) - self.first] for c in text) * size / 1000


def _entry(dictionary, key: str):
    """A PDF dictionary's entry, indirect or not, or None (pypdf's `get` does not resolve)."""
    value = dictionary.get(key)
    return value.get_object() if value is not None else None


def _fonts(page) -> tuple[_Font, _Font]:
    """(regular, bold) DejaVu Sans of a body page: the subsets reportlab numbers +0 hold
    every printable ASCII character at its own code (rl_config.ttfAsciiReadable), so
    the seal can print a code and an address with the body's embedded fonts and
    bring no font of its own."""
    found: dict[str, _Font] = {}
    resources = _entry(page, "/Resources") or {}
    for name, ref in (_entry(resources, "/Font") or {}).items():
        font = ref.get_object()
        family = str(_entry(font, "/BaseFont") or "").split("+")[-1]
        first, widths = int(_entry(font, "/FirstChar") or 1), list(_entry(font, "/Widths") or [])
        if (name.endswith("+0") and family in ("DejaVuSans", "DejaVuSans-Bold")
                and first <= 32 and first + len(widths) > 126):
            found.setdefault(family, _Font(name.lstrip("/"), first, tuple(map(float, widths))))
    if "DejaVuSans" not in found:
        raise SealError("the certificate's body has no embedded font to print its code with")
    return found["DejaVuSans"], found.get("DejaVuSans-Bold", found["DejaVuSans"])


def _pdf_text(font: _Font, size: float, x: float, y: float, text: str) -> str:
    if any(not 32 <= ord(c) < 127 for c in text):
        raise SealError("a verification address is printable ASCII (an IDN host in punycode)")
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT /{font.name} {size:g} Tf {x:.2f} {y:.2f} Td ({escaped}) Tj ET"


@functools.lru_cache(maxsize=64)
def _seal_operators(url: str, regular: _Font, bold: _Font,
                    encoder: str = qr_code.CURRENT) -> bytes:
    """What the seal draws on a page: the QR code; under it, the short code (right
    aligned on the QR code's right edge, which is the text's); in the footer area, the
    address where it is typed, under the body's sentence that announces it."""
    width, height = PAGE_SIZE
    code = short_code(parse_verification_url(url)[1])
    address = verification_address(url)
    size = min(ADDRESS_SIZE, ADDRESS_SIZE * (width - 2 * MARGIN) / regular.width(address,
                                                                                 ADDRESS_SIZE))
    lines = [
        "q 0 g", _pdf_text(bold, CODE_SIZE, width - MARGIN - bold.width(code, CODE_SIZE),
                           height - CODE_TOP, code),
        "0.267 g", _pdf_text(regular, size, MARGIN, ADDRESS_BOTTOM, address), "Q",
    ]
    return _qr_operators(url, encoder) + b"\n" + "\n".join(lines).encode()


def _sealed_as_drawn(drawn: bytes, url: str, page) -> bool:
    """The page's seal is the one caseflow draws for this address, with today's QR encoder
    or the one certificates were sealed with before (qr_code.LEGACY), tried in that order
    so that a new certificate costs one drawing."""
    fonts = _fonts(page)
    return any(drawn == b"Q\n" + _seal_operators(url, *fonts, encoder)
               for encoder in qr_code.ENCODERS)


def seal_pdf(body: bytes, url: str) -> bytes:
    """The issued file: `body` unchanged, then an update drawing, on every page, the QR
    code, the short code under it and the verification address in the footer."""
    writer = PdfWriter(io.BytesIO(body), incremental=True)
    for page in writer.pages:
        operators = _seal_operators(url, *_fonts(page))
        contents = page.raw_get("/Contents")
        existing = contents.get_object()
        existing = list(existing) if isinstance(existing, list) else [contents]
        # The body is wrapped in q ... Q so its graphics state cannot leak into the seal.
        before, after = DecodedStreamObject(), DecodedStreamObject()
        before.set_data(b"q")
        after.set_data(b"Q\n" + operators)
        page[NameObject("/Contents")] = ArrayObject(
            [writer._add_object(before), *existing, writer._add_object(after.flate_encode())])
    writer.add_metadata({INFO_KEY: url})
    out = io.BytesIO()
    writer.write(out)
    sealed = out.getvalue()
    # The promises verification rests on, checked before anything is handed over; and
    # that the code reads back as text (the fonts' subsets are what _fonts expects).
    if body_of(sealed) != body or seal_problems(sealed):
        raise SealError("the sealed file is not its body plus the seal alone")
    last = PdfReader(io.BytesIO(sealed)).pages[-1].extract_text() or ""
    if short_code(parse_verification_url(url)[1]) not in last:
        raise SealError("the short code does not read back from the sealed file")
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
    body_of(pdf)
    statement, signature = decode_code(serial, code)
    return statement, signature, sha256(body_of(pdf))


def _objects(reader: PdfReader) -> set[int]:
    """The object numbers a reader knows (direct and inside object streams)."""
    numbers: set[int] = set()
    for table in reader.xref.values():
        numbers |= set(table)
    return numbers | set(reader.xref_objStm)


def _serialised(obj) -> bytes:
    obj = obj.get_object()
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def _stream_data(ref) -> bytes | None:
    obj = ref.get_object()
    return obj.get_data() if hasattr(obj, "get_data") else None


def seal_problems(pdf: bytes) -> list[str]:
    """What, besides the seal, differs between the file and its signed body ([] if nothing).

    Why: a PDF reader shows a file's last revision, so one could keep the signed
    body and add a further update that paints over its text. The seal may only
    wrap each page's own content between "q" and "Q + its drawing" (the QR code, the
    short code and the address, all computed from the address it carries) and add the
    verification address to the document info, in one update that ends the
    file; any other object added or changed after the body, and any byte after
    the seal's end-of-file mark, is refused. The check reads the structure, not the
    bytes, so a file sealed by another version of pypdf still passes.
    """
    try:
        url = _seal_url(pdf)
        body = PdfReader(io.BytesIO(body_of(pdf)))
        whole = PdfReader(io.BytesIO(pdf))
        if len(whole.pages) != len(body.pages) or (
                whole.trailer.raw_get("/Root").idnum != body.trailer.raw_get("/Root").idnum):
            return ["the file's pages or catalogue were changed after its seal"]
        allowed: set[int] = {whole.trailer.raw_get("/Info").idnum}
        for before, after in zip(body.pages, whole.pages, strict=True):
            allowed.add(after.indirect_reference.idnum)
            contents = before.raw_get("/Contents")
            own = list(contents.get_object()) if isinstance(contents.get_object(), list) else [
                contents]
            wrapped = list(after.raw_get("/Contents").get_object())
            if (len(wrapped) != len(own) + 2 or [r.idnum for r in wrapped[1:-1]] != [
                    r.idnum for r in own] or _stream_data(wrapped[0]) != b"q"
                    or not _sealed_as_drawn(_stream_data(wrapped[-1]), url, before)):
                return ["a page's content was changed after its seal"]
            allowed |= {wrapped[0].idnum, wrapped[-1].idnum}
            if {k: _serialised(v) for k, v in before.items() if k != "/Contents"} != {
                    k: _serialised(v) for k, v in after.items() if k != "/Contents"}:
                return ["a page was changed after its seal"]
        old_info, new_info = body.trailer["/Info"].get_object(), whole.trailer["/Info"].get_object()
        if set(new_info) - set(old_info) != {INFO_KEY} or any(
                _serialised(old_info[k]) != _serialised(new_info[k]) for k in old_info):
            return ["the document information was changed after its seal"]
        for number in _objects(whole):
            if number in allowed:
                continue
            if number not in _objects(body):
                obj = whole.get_object(number)
                if isinstance(obj, dict) and obj.get("/Type") == "/XRef":
                    continue  # the update's own cross-reference stream
                return ["an object was added to the file after its seal"]
            if _serialised(whole.get_object(number)) != _serialised(body.get_object(number)):
                return ["an object of the file was changed after its seal"]
        marks = list(_EOF.finditer(pdf, len(body_of(pdf))))
        if len(marks) != 1 or marks[0].end() != len(pdf):
            # A reader ignores bytes after the last end-of-file mark, so they could carry
            # anything; the file handed out is the issued one byte for byte, nothing after.
            return ["bytes were added to the file after its seal"]
    except SealError as error:
        return [str(error)]
    except Exception:  # pypdf raises many kinds on a damaged file
        return ["the file's structure cannot be read"]
    return []
