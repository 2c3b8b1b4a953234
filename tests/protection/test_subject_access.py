"""Subject access: the PDF (French or English, read back with pypdf) and the JSON hold the
person's record, leave out private notes and third parties, and are the coordinator's."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from babel.dates import format_date
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.audit import Action
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from tests.clock import FIXED_NOW
from tests.protection.conftest import (
    ADULT,
    ALIAS,
    APPOINTMENT_TEXT,
    DISCIPLINE_TEXT,
    FAMILY,
    GIVEN,
    PARTNER,
    PRIVATE_TEXT,
    REFERRAL_REASON,
    TEAM_TEXT,
    full_record,  # noqa: F401 (fixture)
)
from tests.support.certificates import give_certificate_consent, issue
from tests.support.records import person

TOP_KEYS = {"format", "generated_at", "language", "site", "identity", "flags", "enrolments",
            "consents", "notes", "appointments", "referrals", "certificates", "left_out",
            "disclosed"}


EARLIER_TEXT = "Première version de la consultation"


@pytest.fixture
def record(app, full_record):  # noqa: F811
    with app.app_context():
        _earlier_version(full_record)
        give_certificate_consent(full_record)
        serial = issue("amina", full_record, "follow_up_attestation").serial
        code = person(full_record).code
    return full_record, code, serial


def _earlier_version(person_id) -> None:
    """The team note was corrected once: its first text is kept as a revision."""
    from caseflow.models.note import Note, NoteRevision
    from caseflow.vocabulary import Confidentiality

    note = next(n for n in db.session.scalars(select(Note).where(
        Note.person_id == uuid.UUID(person_id), Note.confidentiality == Confidentiality.TEAM)))
    revision = NoteRevision(note_id=note.id, person_id=note.person_id, version=1,
                            occurred_at=note.occurred_at, confidentiality=note.confidentiality,
                            codes={}, interpreter_kind=note.interpreter_kind,
                            saved_by_id=note.author_id, saved_at=note.created_at)
    db.session.add(revision)
    revision.text = EARLIER_TEXT
    note.version = 2
    db.session.commit()


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_it_exports_the_record_as_an_english_pdf(app, record, as_user):
    pid, code, serial = record
    response = as_user("claire").get(f"/people/{pid}/subject-access.pdf?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=subject-access-en.pdf"
    assert "no-store" in response.headers["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.data))
    assert FAMILY not in (reader.metadata.title or "") and "Subject access" in reader.metadata.title
    text = flat(pdf_text(response.data))
    for present in (FAMILY, GIVEN, ALIAS, code, TEAM_TEXT, DISCIPLINE_TEXT, APPOINTMENT_TEXT,
                    REFERRAL_REASON, PARTNER, serial, "Amina Diallo", "Sara Benali",
                    "Pantin", "Unaccompanied minor", "Guinea", EARLIER_TEXT):
        assert flat(present) in text, present
    assert PRIVATE_TEXT not in text and ADULT not in text
    assert "Private working notes are left out" in text
    assert "adult of your choice accompanied you (name left out)" in text
    assert f"1/{len(reader.pages)}" in text


@pytest.mark.time_machine(FIXED_NOW)  # the export is dated: a fixed day, noon at every site
def test_it_exports_the_pdf_in_french(app, record, as_user):
    pid, _code, _serial = record
    response = as_user("claire").get(f"/people/{pid}/subject-access.pdf?lang=fr")
    assert response.status_code == 200
    text = flat(pdf_text(response.data))
    assert "Guinée" in text  # country names and dates in French (CLDR)
    today = format_date(FIXED_NOW.date(), "long", locale="fr")
    assert flat(today) in text
    assert PRIVATE_TEXT not in text and ADULT not in text


def test_it_exports_stable_utf8_json(app, record, as_user):
    pid, code, serial = record
    response = as_user("claire").get(f"/people/{pid}/subject-access.json?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=subject-access-en.json"
    assert GIVEN.encode("utf-8") in response.data  # UTF-8, not \u escapes
    data = json.loads(response.data.decode("utf-8"))
    assert set(data) == TOP_KEYS and data["format"] == "caseflow-subject-access-v1"
    identity = data["identity"]
    assert (identity["code"], identity["family_name"], identity["aliases"]) == (
        code, FAMILY, [ALIAS])
    texts = [n["text"] for n in data["notes"]]
    assert TEAM_TEXT in texts and DISCIPLINE_TEXT in texts and PRIVATE_TEXT not in texts
    team_note = next(n for n in data["notes"] if n["text"] == TEAM_TEXT)
    assert [v["text"] for v in team_note["earlier_versions"]] == [EARLIER_TEXT]
    assert {n["confidentiality"] for n in data["notes"]} == {"team", "discipline"}
    assert data["notes"][0]["author"]["name"] == "Dr Amina Diallo"
    assert ADULT not in response.data.decode("utf-8")
    assert any(c["accompanying_adult_named"] for c in data["consents"])
    assert [c["serial"] for c in data["certificates"]] == [serial]
    assert data["referrals"][0]["partner_name"] == PARTNER
    assert {item["what"] for item in data["left_out"]} == {
        "private_notes", "accompanying_adults", "certificate_texts", "access_log"}
    assert data["flags"][0]["flag"] == "unaccompanied_minor"
    # Stable: the keys are sorted, so two exports differ only by their time.
    again = json.loads(as_user("claire").get(
        f"/people/{pid}/subject-access.json?lang=en").data)
    assert {k: v for k, v in again.items() if k != "generated_at"} == {
        k: v for k, v in data.items() if k != "generated_at"}


def test_it_audits_each_export_with_its_format_and_language(app, record, as_user):
    pid, code, _serial = record
    client = as_user("claire")
    client.get(f"/people/{pid}/subject-access.pdf?lang=fr")
    client.get(f"/people/{pid}/subject-access.json?lang=en")
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == Action.EXPORT.value).order_by(AuditEvent.seq)))
    assert [(e.person_code, e.object_type, e.details) for e in events] == [
        (code, "subject_access", {"format": "pdf", "language": "fr"}),
        (code, "subject_access", {"format": "json", "language": "en"})]


def test_it_shows_the_export_page_and_links_it_from_the_person_page(app, record, as_user):
    pid, _code, _serial = record
    client = as_user("claire")
    page = client.get(f"/people/{pid}/subject-access")
    assert page.status_code == 200 and "subject-access.pdf?lang=fr" in page.text
    person_page = client.get(f"/people/{pid}")
    assert f"/people/{pid}/subject-access" in person_page.text
    assert f"/people/{pid}/erase" in person_page.text
    amina_page = as_user("amina").get(f"/people/{pid}")
    assert "data-records-link" not in amina_page.text


@pytest.mark.parametrize("login", ["amina", "sara", "lea", "charlie", "omar", "admin"])
def test_it_refuses_the_export_to_everyone_but_the_coordinator(app, record, as_user, login):
    pid, _code, _serial = record
    client = as_user(login)
    for url in (f"/people/{pid}/subject-access", f"/people/{pid}/subject-access.pdf?lang=en",
                f"/people/{pid}/subject-access.json"):
        assert client.get(url).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == Action.EXPORT.value)) is None


def test_it_answers_a_bad_language_or_id_clearly(app, record, as_user):
    pid, _code, _serial = record
    client = as_user("claire")
    assert client.get(f"/people/{pid}/subject-access.pdf?lang=de").status_code == 400
    assert client.get("/people/not-a-uuid/subject-access.pdf?lang=en").status_code == 404
    anonymous = app.test_client().get(f"/people/{pid}/subject-access.pdf?lang=en")
    assert anonymous.status_code == 302
