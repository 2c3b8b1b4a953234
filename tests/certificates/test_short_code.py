"""The short code: what a reader with a paper copy and no camera types to check it.

Read as sentences: "every page of an issued certificate prints, under its QR code, a
ten-character code, and in its footer where to type it"; "a draft prints neither";
"typed in lower case, with spaces, or with O for 0, it answers valid"; "a wrong code
answers as an unknown serial does"; "a revoked certificate's code says revoked"; "the
body is still a prefix of the issued file, which still verifies"; "a seal whose printed
code was changed is refused".
"""

from __future__ import annotations

import io
import re
import zlib

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.certificates import render_certificate, seal
from caseflow.certificates.short_code import short_code, typed_short_code
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.certificate import Certificate
from caseflow.pdf import MARGIN, PAGE_SIZE
from caseflow.services.documents import certificates
from caseflow.services.documents.certificate_register import verify_file
from tests.certificates.samples import sample
from tests.support.certificates import issue
from tests.support.records import person, user
from tests.support.web import csrf_token_from

WIDTH, HEIGHT = PAGE_SIZE
FRAME_BOTTOM = 28 * 2.834645669  # the body's text ends above it (caseflow.pdf.build_pdf)
PAGE_NUMBER_LINE = 12 * 2.834645669  # the footer line build_pdf draws
CHECK_EN = "Check this certificate, with its number and the code under the QR code, at:"
ADDRESS = "https://caseflow.example.org/verify/"
SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")


def _issued(app, person_id, template="violence_findings", language="en"):
    with app.app_context():
        found = issue("amina", person_id, template, language=language)
        return found.serial, found.code, found.issued_pdf


def _placed(page) -> list[tuple[str, float, float]]:
    """(text, x, y) of every piece of text drawn on a page, in page coordinates."""
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return found


def _at(page, wanted: str) -> tuple[float, float]:
    places = [(x, y) for text, x, y in _placed(page) if wanted in text]
    assert places, f"{wanted!r} is not on the page"
    return places[0]


def _typed(client, serial, code, **headers):
    form = client.get("/verify/", headers=headers)
    return client.post("/verify/", headers=headers, data={
        "csrf_token": csrf_token_from(form.text), "serial": serial, "code": code})


# --- The code itself ------------------------------------------------------------------------


def test_it_derives_ten_crockford_characters_from_the_signed_code() -> None:
    codes = {short_code(f"{'A' * 130}{i:06d}") for i in range(200)}
    assert len(codes) == 200 and all(SHAPE.match(code) for code in codes)
    assert short_code("x" * 136) == short_code("x" * 136)  # no salt, no clock


@pytest.mark.parametrize(("typed", "read"), [
    ("K7Q2M-4X9PA", "K7Q2M-4X9PA"),
    ("k7q2m4x9pa", "K7Q2M-4X9PA"),
    (" K7Q2 M4X9 PA ", "K7Q2M-4X9PA"),
    ("K7Q2M–4X9PA", "K7Q2M-4X9PA"),  # an en dash, as word processors type it
    ("OOIL1-00000", "00111-00000"),  # Crockford: O is 0, I and L are 1
])
def test_it_reads_a_short_code_as_typed(typed: str, read: str) -> None:
    assert typed_short_code(typed) == read


@pytest.mark.parametrize("typed", ["", "K7Q2M-4X9P", "K7Q2M-4X9PAA", "K7Q2U-4X9PA", "K7Q2M*4X9PA"])
def test_it_refuses_what_cannot_be_a_short_code(typed: str) -> None:
    assert typed_short_code(typed) is None


# --- On paper -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_prints_the_short_code_under_the_qr_code_on_every_page(app, awa, language):
    _, code, pdf = _issued(app, awa, language=language)
    short = short_code(code)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2  # the findings certificate runs onto a second page
    for page in reader.pages:
        assert short in (page.extract_text() or "")
        x, y = _at(page, short)
        assert y < HEIGHT - seal.QR_TOP - seal.QR_SIZE  # under the QR code's square...
        assert x > WIDTH - MARGIN - seal.QR_SIZE  # ...within its width
        if language == "en":
            _, label_y = _at(page, "Verification code:")
            assert y < label_y < HEIGHT - seal.QR_TOP - seal.QR_SIZE


def test_it_prints_the_french_label_over_the_code(app, awa):
    """Needs the French catalogue with /work/i18n/verify.po merged."""
    _, _, pdf = _issued(app, awa, language="fr")
    for page in PdfReader(io.BytesIO(pdf)).pages:
        text = (page.extract_text() or "").replace("\u00a0", " ")
        assert "Code de vérification :" in text
        assert "Vérifiez ce certificat" in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_says_how_to_check_it_in_the_footer_of_every_page_not_after_the_signature(
        app, awa, language):
    _, _, pdf = _issued(app, awa, language=language)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        _, y = _at(page, ADDRESS)
        assert PAGE_NUMBER_LINE + 8 < y < FRAME_BOTTOM  # over the page-number line
        if language == "en":
            _, note_y = _at(page, CHECK_EN)
            assert y < note_y < FRAME_BOTTOM
    # The body no longer ends with it: the last page's signature is the last of its text.
    body_text = " ".join((p.extract_text() or "") for p in PdfReader(
        io.BytesIO(seal.body_of(pdf))).pages)
    assert "Authenticity can be checked" not in body_text and ADDRESS not in body_text


def test_it_prints_no_code_and_no_address_on_a_draft() -> None:
    for language in ("en", "fr"):
        draft = render_certificate(sample("violence_findings"), language, draft=True)
        for page in PdfReader(io.BytesIO(draft)).pages:
            text = page.extract_text() or ""
            assert "Verification code" not in text and CHECK_EN not in text
            assert "/verify/" not in text
            assert not re.search(r"[0-9A-Z]{5}-[0-9A-Z]{5}", text)


def test_it_keeps_the_body_a_prefix_and_the_file_verifies(app, awa):
    serial, _, pdf = _issued(app, awa)
    with app.app_context():
        stored = db.session.scalar(select(Certificate).where(Certificate.serial == serial))
        body = seal.body_of(pdf)
        assert pdf.startswith(body) and seal.sha256(body).hex() == stored.body_sha256
        answer, problems = verify_file(pdf)
        assert problems == [] and answer.status == "valid"


def test_it_refuses_a_seal_whose_printed_code_was_changed(app, awa):
    """The seal draws only what its address implies: another code printed under the QR
    code (to send a reader to a forged page's answer) is an altered seal."""
    _, code, pdf = _issued(app, awa)
    short = short_code(code).encode()
    sealed = PdfReader(io.BytesIO(pdf)).pages[0]["/Contents"][-1].get_object()
    raw = sealed._data  # the flate-compressed stream as stored
    other = zlib.compress(zlib.decompress(raw).replace(short, b"00000-00000"))
    forged = pdf.replace(raw, other)
    assert forged != pdf
    assert seal.seal_problems(forged)


# --- On the verification page ---------------------------------------------------------------


@pytest.mark.parametrize("shape", [
    lambda c: c,  # as printed
    lambda c: c.lower(),
    lambda c: " ".join(c.replace("-", "")),  # spaces between every character
    lambda c: c.replace("0", "O").replace("1", "l"),  # O for 0, l for 1
])
def test_it_answers_valid_for_the_typed_code(app, awa, client, shape):
    serial, code, _ = _issued(app, awa)
    page = _typed(client, serial.lower(), shape(short_code(code)))
    assert page.status_code == 200 and 'data-verification="valid"' in page.text
    for personal in ("Traoré", "Awa", "Benali"):
        assert personal not in page.text
    # The same answer as the QR code's.
    qr = client.get(f"/verify/{serial}?c={code}")
    assert 'data-verification="valid"' in qr.text and "Pantin" in page.text


def test_it_answers_a_wrong_code_as_an_unknown_serial(app, awa, client):
    serial, code, _ = _issued(app, awa)
    short = short_code(code)
    wrong = ("1" if short[0] != "1" else "2") + short[1:]
    unknown_serial = serial[:-5] + "09999"
    for typed_serial, typed in ((serial, wrong), (unknown_serial, short), (serial, "K7Q2M"),
                                (serial, code[:11])):
        page = _typed(client, typed_serial, typed)
        assert page.status_code == 404 and 'data-verification="unknown"' in page.text
        assert "Pantin" not in page.text and 'id="typed-code"' in page.text


def test_it_asks_for_both_fields(app, awa, client):
    serial, _, _ = _issued(app, awa)
    page = _typed(client, serial, "  ")
    assert page.status_code == 200 and 'role="alert"' in page.text
    assert 'data-verification="no-code"' in page.text


def test_it_takes_the_short_code_in_a_form_only_never_in_an_address(app, awa, client):
    serial, code, _ = _issued(app, awa)
    page = client.get(f"/verify/{serial}?c={short_code(code)}")
    assert 'data-verification="no-code"' in page.text and "Pantin" not in page.text
    assert 'id="typed-code"' in page.text


def test_it_answers_revoked_for_a_revoked_certificate(app, awa, client):
    with app.app_context():
        issued = issue("amina", awa, "violence_findings")
        certificates.revoke(user("amina"), person(awa), issued, "Erreur de personne.",
                            issued.version)
        serial, code = issued.serial, issued.code
    page = _typed(client, serial, short_code(code))
    assert 'data-verification="revoked"' in page.text and "Erreur" not in page.text


def test_it_checks_the_printed_name_after_a_typed_code(app, awa, client):
    serial, code, _ = _issued(app, awa)
    answer = _typed(client, serial, short_code(code).lower())
    assert 'name="c" value="' + short_code(code) + '"' in answer.text
    assert code not in answer.text  # the signed code is not given for a typed one
    page = client.post(f"/verify/{serial}", data={
        "csrf_token": csrf_token_from(answer.text), "c": short_code(code),
        "family_name": "Traoré", "given_names": "Awa"})
    assert 'data-name-check="match"' in page.text


def test_it_records_a_typed_verification_like_a_scanned_one(app, awa, client):
    serial, code, _ = _issued(app, awa)
    _typed(client, serial, short_code(code))
    client.get(f"/verify/{serial}?c={code}")
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "verify").order_by(AuditEvent.seq)).all()
        assert [(e.details["serial"], e.details["status"], e.details["code"])
                for e in events] == [(serial, "issued", "typed"), (serial, "issued", "qr")]


def test_it_counts_typed_codes_against_the_verification_limit(app, awa, client):
    serial, code, _ = _issued(app, awa)
    app.config["VERIFY_RATE_LIMIT"] = "3 per minute"
    form = client.get("/verify/")  # 1
    data = {"csrf_token": csrf_token_from(form.text), "serial": serial, "code": "00000-00000"}
    assert client.post("/verify/", data=data).status_code == 404  # 2
    assert client.post("/verify/", data=data).status_code == 404  # 3
    assert client.post("/verify/", data=data).status_code == 429
    assert client.get(f"/verify/{serial}?c={code}").status_code == 429
