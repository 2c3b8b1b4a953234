"""A linked contact in the person's rights: "Adam's copy of his record holds what was seen on
the quay (the day, the place, the triage, the vital signs, the treatment, the referral)";
"erasing Adam empties the contact's encrypted columns, keeps its coded ones for the
session's counts, and leaves the other people of the session untouched"."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.outreach import LinkStatus, OutreachContact, OutreachLink
from caseflow.services.outreach import links, sessions
from caseflow.services.safeguards import subject_access
from caseflow.services.safeguards.erasure import erase_person
from tests.outreach.conftest import make_contact
from tests.support.records import person, user

pytestmark = pytest.mark.time_machine(datetime(2026, 12, 10, 9, 0, tzinfo=UTC))

TREATMENT = "paracetamol 1 g given on the quay"
CONCERN = "says his brother is held in Bani Walid"


@pytest.fixture
def linked(app, register, quay):
    """Adam, followed at Tripoli, with contact #7 of the quay linked (proposed by Charlie,
    confirmed by Claire), and #8 of someone else in the same session."""
    _, session_id = quay
    person_id = register("charlie", "TRI", "Ibrahim", "Adam", born=1998, nationality="SD")
    with app.app_context():
        contact = make_contact(session_id, 7, declared_name="Adam Ibrahim", treatment=TREATMENT,
                               protection_concern=CONCERN, triage="yellow", referral="shelter",
                               temperature="38.2", spo2=95)
        other = make_contact(session_id, 8, declared_name="Musa Bello", treatment="ORS given")
        session = sessions.session_for(user("charlie"), session_id)
        link = links.propose(user("charlie"), contact, session, person(person_id))
        links.confirm(user("claire"), link)
        ids = person_id, str(contact.id), str(other.id), session_id
        db.session.remove()
    return ids


def _export(app, person_id: str, fmt: str, language: str) -> bytes:
    with app.test_request_context():
        return subject_access.export(user("claire"), person(person_id), fmt, language)


def test_it_puts_the_linked_contact_in_the_json_copy(app, linked):
    person_id, *_ = linked
    data = json.loads(_export(app, person_id, "json", "en"))
    (contact,) = data["outreach_contacts"]
    assert (contact["held_on"], contact["place"], contact["place_kind"]) == (
        "2026-12-01", "Tripoli port, quay 3", "disembarkation_point")
    assert (contact["number"], contact["declared_name"], contact["triage"],
            contact["referral"], contact["complaint_code"]) == (
        7, "Adam Ibrahim", "yellow", "shelter", "scabies")
    assert contact["vitals"] == {"temperature_dc": 382, "spo2": 95}
    assert (contact["treatment"], contact["protection_concern"]) == (TREATMENT, CONCERN)
    assert contact["recorded_by"]["name"] == "Charlie Okafor"


def test_it_prints_the_linked_contact_in_the_pdf_copy(app, linked):
    person_id, *_ = linked
    body = _export(app, person_id, "pdf", "en")
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
                    .split())
    for words in ("Outreach contacts", "Tripoli port, quay 3", TREATMENT, "38.2 °C",
                  "Yellow: urgent", "Scabies"):
        assert words in text, words


def test_it_leaves_the_section_out_for_someone_never_linked(app, register, quay):
    person_id = register("charlie", "TRI", "Haile", "Semhar", born=1990)
    assert "outreach_contacts" not in json.loads(_export(app, person_id, "json", "en"))


def test_it_erases_the_linked_contact_and_keeps_the_session_counts(app, linked):
    person_id, contact_id, other_id, session_id = linked
    with app.app_context():
        someone = person(person_id)
        erase_person(user("claire"), someone, reason="person_request", typed_code=someone.code)
        db.session.remove()
    with app.app_context():
        raw = db.session.execute(select(OutreachContact.__table__).where(
            OutreachContact.id == uuid.UUID(contact_id))).one()._mapping
        for name in ("declared_name", "vitals", "complaint", "treatment", "protection_concern"):
            assert raw[name] is None, name
        assert (raw["number"], raw["triage"], raw["referral"]) == (7, "yellow", "shelter")
        sessions.session_for(user("charlie"), session_id)
        other = db.session.get(OutreachContact, uuid.UUID(other_id))
        assert (other.declared_name, other.treatment) == ("Musa Bello", "ORS given")
        assert db.session.scalar(select(OutreachLink.status)) is LinkStatus.CONFIRMED
