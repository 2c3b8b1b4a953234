"""Checking an issued file: `flask --app caseflow verify-certificate FILE.pdf [--public-key KEY]`.

Read as sentences: "the file Amina issued is genuine and valid"; "one byte changed in
its body, or in the code of its seal, and it is not"; "a superseded or revoked
certificate says so"; "with the published key alone, offline, the seal still holds,
and fails with any other key"; "a file that is not a certificate gets a plain answer".
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from caseflow.certificates import CorrectionKind, seal
from caseflow.crypto import public_key_bytes, verify_with_public_key
from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.services.documents import certificates
from tests.support.certificates import BASE_URL, draft_input, issue
from tests.support.records import person, user

NAMES = ("Traoré", "Traore", "Awa")


def issued_file(app, tmp_path, person_id, template="minority_recourse", name="issued.pdf"):
    """(path, serial) of a certificate issued to `person_id`, written as the person gets it."""
    with app.app_context():
        issued = issue("amina", person_id, template)
        path = tmp_path / name
        path.write_bytes(issued.issued_pdf)
        return path, issued.serial


def published_key(runner) -> dict[str, str]:
    result = runner.invoke(args=["certificate-public-key"])
    assert result.exit_code == 0, result.output
    return dict(re.findall(r"^(hex|base64):\s+(\S+)$", result.output, re.MULTILINE))


def flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]


def assert_no_name(output: str) -> None:
    assert not [name for name in NAMES if name in output]


def test_it_verifies_a_genuine_file_without_printing_the_person(app, awa, runner, tmp_path):
    path, serial = issued_file(app, tmp_path, awa)
    result = runner.invoke(args=["verify-certificate", str(path)])
    assert result.exit_code == 0, result.output
    assert "Status: valid" in result.output
    assert f"Serial: {serial}" in result.output
    assert ("minority_recourse (Certificat médical / Medical certificate / شهادة طبية)"
            in result.output)
    assert "Issuing site: " in result.output and "(PAN)" in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() in result.output
    assert "Problem" not in result.output
    assert_no_name(result.output)


def test_it_fails_a_file_with_one_byte_changed_in_its_body(app, awa, runner, tmp_path):
    path, _ = issued_file(app, tmp_path, awa)
    pdf = path.read_bytes()
    body = seal.body_of(pdf)
    inside = body.index(b"stream", len(body) // 2) + len(b"stream") + 10  # in a content stream
    assert inside < len(body)
    path.write_bytes(flip(pdf, inside))
    result = runner.invoke(args=["verify-certificate", str(path)])
    assert result.exit_code == 1
    assert "NOT GENUINE" in result.output
    assert "changed after issue" in result.output
    assert "differs from the one the register keeps" in result.output
    assert "Status: valid" not in result.output
    assert_no_name(result.output)


def test_it_fails_a_file_with_one_character_changed_in_the_code_of_its_seal(
        app, awa, runner, tmp_path):
    path, serial = issued_file(app, tmp_path, awa)
    pdf = path.read_bytes()
    # The address is a PDF string in the update's document info, `-` and `_` written as
    # octal escapes: change one letter among the last ones, which carry the signature.
    end = pdf.index(b")", pdf.index(seal.INFO_KEY.encode()))
    at = next(i for i in range(end - 20, 0, -1) if chr(pdf[i]).isalpha())
    swapped = b"A" if pdf[at:at + 1] != b"A" else b"B"
    path.write_bytes(pdf[:at] + swapped + pdf[at + 1:])
    result = runner.invoke(args=["verify-certificate", str(path)])
    assert result.exit_code == 1
    assert "signature does not verify" in result.output
    assert "register does not know this serial with this code" in result.output
    assert f"Serial: {serial}" in result.output  # what the seal claims, said to be unverified
    assert_no_name(result.output)


def test_it_reports_a_superseded_certificate(app, awa, runner, tmp_path):
    path, serial = issued_file(app, tmp_path, awa)
    with app.app_context():
        old = db.session.scalar(select(Certificate).where(Certificate.serial == serial))
        data = draft_input("minority_recourse", correction_reason="Traitement en cours précisé.",
                           correction_kind=CorrectionKind.CLERICAL)
        draft = certificates.create_draft(user("amina"), person(awa), data, supersedes=old)
        new = certificates.issue(user("amina"), person(awa), draft, draft.version, BASE_URL)
        new_serial = new.serial
    result = runner.invoke(args=["verify-certificate", str(path)])
    assert result.exit_code == 3, result.output  # genuine, but no longer in force
    assert "Status: superseded" in result.output
    assert f"replaced by {new_serial}" in result.output
    assert_no_name(result.output)


def test_it_reports_a_revoked_certificate(app, awa, runner, tmp_path):
    with app.app_context():
        issued = issue("amina", awa, "violence_findings")
        path = tmp_path / "revoked.pdf"
        path.write_bytes(issued.issued_pdf)
        certificates.revoke(user("amina"), person(awa), issued, "Erreur de personne.",
                            issued.version)
    result = runner.invoke(args=["verify-certificate", str(path)])
    assert result.exit_code == 3, result.output  # genuine, but no longer in force
    assert "Status: revoked on " in result.output
    assert "violence_findings" in result.output
    assert_no_name(result.output)


@pytest.mark.parametrize("form", ["hex", "base64", "file"])
def test_it_verifies_offline_with_the_published_key(app, awa, runner, tmp_path, form):
    path, serial = issued_file(app, tmp_path, awa)
    published = published_key(runner)
    with app.app_context():
        assert bytes.fromhex(published["hex"]) == public_key_bytes()
        assert base64.b64decode(published["base64"]) == public_key_bytes()
    key = published["base64" if form == "base64" else "hex"]
    if form == "file":
        key_file = tmp_path / "caseflow-certificates.pub"
        key_file.write_text(published["hex"] + "\n")
        key = str(key_file)
    result = runner.invoke(args=["verify-certificate", str(path), "--public-key", key])
    assert result.exit_code == 0, result.output
    assert "offline" in result.output and "register was not consulted" in result.output
    assert f"Serial: {serial}" in result.output
    assert "Status:" not in result.output  # the register's answer is not known offline
    assert_no_name(result.output)


def test_it_fails_offline_with_another_key(app, awa, runner, tmp_path):
    path, _ = issued_file(app, tmp_path, awa)
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    result = runner.invoke(args=["verify-certificate", str(path), "--public-key", other.hex()])
    assert result.exit_code == 1
    assert "signature does not verify" in result.output


def test_it_fails_offline_a_changed_body(app, awa, runner, tmp_path):
    path, _ = issued_file(app, tmp_path, awa)
    pdf = path.read_bytes()
    body = seal.body_of(pdf)
    path.write_bytes(flip(pdf, body.index(b"stream", len(body) // 2) + 16))
    key = published_key(runner)["hex"]
    result = runner.invoke(args=["verify-certificate", str(path), "--public-key", key])
    assert result.exit_code == 1
    assert "changed after issue" in result.output


def test_it_refuses_a_public_key_that_is_not_one(app, awa, runner, tmp_path):
    path, _ = issued_file(app, tmp_path, awa)
    result = runner.invoke(args=["verify-certificate", str(path), "--public-key", "abcd"])
    assert result.exit_code != 0
    assert "32-byte Ed25519 public key" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(("content", "message"), [
    (b"Nothing to see here.\n", "notes.pdf is not a PDF file"),
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "notes.pdf holds no caseflow certificate seal"),
])
def test_it_gives_a_clean_error_for_a_file_that_is_not_a_pdf(runner, tmp_path, content, message):
    path = tmp_path / "notes.pdf"
    path.write_bytes(content)
    result = runner.invoke(args=["verify-certificate", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_it_gives_a_clean_error_for_a_pdf_without_a_seal(app, awa, runner, tmp_path):
    path, _ = issued_file(app, tmp_path, awa)
    path.write_bytes(seal.body_of(path.read_bytes()))  # the body as rendered, before the seal
    result = runner.invoke(args=["verify-certificate", str(path)])
    assert result.exit_code == 1
    assert "holds no caseflow certificate seal" in result.output
    assert isinstance(result.exception, SystemExit)


def test_it_signs_a_message_that_one_changed_byte_breaks(app, awa):
    with app.app_context():
        issued = issue("amina", awa, "minority_recourse")
        statement, signature, _ = seal.read_seal(issued.issued_pdf)
        message = statement.message()
        assert message == "\n".join([
            "caseflow-certificate-v1", issued.serial, statement.issue_date.isoformat(),
            "minority_recourse", "PAN", statement.body_sha256.hex()]).encode()
        key = public_key_bytes()
        assert verify_with_public_key(key, message, signature)
        for index in (0, len(message) // 2, len(message) - 1):
            assert not verify_with_public_key(key, flip(message, index), signature)
        assert not verify_with_public_key(key, message, flip(signature, 0))


def test_it_fails_a_file_painted_over_after_its_seal(app, awa, runner, tmp_path):
    """A further incremental update can cover the signed text while the body stays intact:
    the seal must be the last thing in the file."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    path, _ = issued_file(app, tmp_path, awa)
    writer = PdfWriter(io.BytesIO(path.read_bytes()), incremental=True)
    page = writer.pages[0]
    cover = DecodedStreamObject()
    cover.set_data(b"q 1 g 50 300 500 300 re f Q")  # a white box over the findings
    contents = page["/Contents"].get_object()
    page[NameObject("/Contents")] = ArrayObject([*contents, writer._add_object(cover)])
    out = io.BytesIO()
    writer.write(out)
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(out.getvalue())
    assert seal.body_of(out.getvalue()) == seal.body_of(path.read_bytes())  # body intact
    key = published_key(runner)["hex"]
    offline = runner.invoke(args=["verify-certificate", str(forged), "--public-key", key])
    assert offline.exit_code == 1 and "changed after its seal" in offline.output
    online = runner.invoke(args=["verify-certificate", str(forged)])
    assert online.exit_code == 1


@pytest.mark.parametrize("tail", [
    b"\n% a note added after the seal\n",
    b"\x00" * 4,
    b"\n",
])
def test_it_fails_offline_and_online_a_file_with_bytes_after_its_seal(
        app, awa, runner, tmp_path, tail):
    """The file handed out is byte for byte the one issued: the register refuses any
    difference, and the offline check, which has no register, refuses it too."""
    path, _ = issued_file(app, tmp_path, awa)
    path.write_bytes(path.read_bytes() + tail)
    key = published_key(runner)["hex"]
    offline = runner.invoke(args=["verify-certificate", str(path), "--public-key", key])
    assert offline.exit_code == 1, offline.output
    assert "NOT GENUINE" in offline.output
    assert "after its seal" in offline.output
    online = runner.invoke(args=["verify-certificate", str(path)])
    assert online.exit_code == 1, online.output
    assert "after its seal" in online.output
    assert_no_name(offline.output + online.output)
