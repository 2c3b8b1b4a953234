"""Issuing: consent first, the right signer, one serial per site and year, the file kept as issued.

Read as sentences: "Amina issues Awa's minority-recourse certificate: PAN-2026-00001";
"Hugo, a nurse, cannot issue a medical certificate"; "the PDF downloaded twice is the
same file, and the database holds it encrypted".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import pytest
from sqlalchemy import func, select, text

from caseflow.certificates import TEMPLATES, seal
from caseflow.crypto import public_key_bytes, verify_with_public_key
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.user import SiteMembership
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care.consents import ConsentInput
from caseflow.services.documents import certificates
from caseflow.timezones import site_today
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.certificates.samples import FRENCH_TEMPLATES, pdf_text
from tests.support.certificates import BASE_URL, asked, draft_input, give_certificate_consent, issue
from tests.support.records import person, site_id, user

AUTHOR = {"psychological_attestation": "yasmine"}


@pytest.mark.parametrize("template", FRENCH_TEMPLATES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_issues_each_template_with_a_serial_and_a_sealed_pdf(app, awa, template, language):
    with app.app_context():
        issued = issue(AUTHOR.get(template, "amina"), awa, template, language=language)
        year = site_today(site_id("PAN")).year
        assert issued.serial == f"PAN-{year}-00001"
        assert issued.status is CertificateStatus.ISSUED
        pdf = issued.issued_pdf
        assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
        words = pdf_text(pdf)
        assert issued.serial in words
        assert ("qui dit se nommer" if language == "fr" else "states that their name is") in words
        assert "TRAORÉ Awa" in words
        author = user(AUTHOR.get(template, "amina"))
        assert (author.rpps or author.adeli) in words
        statement, signature, body_hash = seal.read_seal(pdf)
        assert statement.serial == issued.serial and statement.template == template
        assert body_hash == statement.body_sha256
        assert verify_with_public_key(public_key_bytes(), statement.message(), signature)


def test_it_numbers_serials_per_site_and_year_without_gaps(app, awa, register):
    with app.app_context():
        first = issue("amina", awa, "minority_recourse")
        second = issue("amina", awa, "follow_up_attestation")
        calais = register("hugo", "CAL", "Diallo", "Mamadou", born=2008)
        give_certificate_consent(calais)
        # Amina also works at the Calais mobile clinic: Calais has its own numbering.
        db.session.add(SiteMembership(user_id=user("amina").id, site_id=site_id("CAL")))
        db.session.commit()
        third = issue("amina", calais, "minority_recourse", site_id=site_id("CAL"))
        year = site_today(site_id("PAN")).year
        assert [first.serial, second.serial, third.serial] == [
            f"PAN-{year}-00001", f"PAN-{year}-00002", f"CAL-{year}-00001"]


def test_it_refuses_to_draft_without_the_persons_request_for_this_certificate(app, awa):
    """Awa agreed to a certificate last month: a new one needs her request again."""
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("amina"), person(awa), draft_input("minority_recourse"))
        assert refused.value.field == "consent_decision"
        assert db.session.scalar(select(Certificate.id)) is None


def test_it_needs_the_interpreters_name_on_a_violence_certificate(app, awa):
    from caseflow.vocabulary import InterpreterKind

    with app.app_context():
        consent = asked()
        consent.interpreter_kind, consent.interpreter_language = (
            InterpreterKind.PROFESSIONAL_PHONE, "ps")
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("amina"), person(awa),
                                      draft_input("violence_findings"), consent)
        assert refused.value.field == "interpreter_name"
        draft = certificates.create_draft(
            user("amina"), person(awa),
            draft_input("violence_findings", interpreter_name="Wahid Karimi",
                        interpreter_language="pachto"), consent)
        issued = certificates.issue(user("amina"), person(awa), draft, draft.version, BASE_URL)
        assert "Wahid Karimi" in pdf_text(issued.issued_pdf)


def test_it_lets_only_the_author_correct_a_certificate(app, awa):
    with app.app_context():
        first = issue("amina", awa, "follow_up_attestation")
        data = draft_input("follow_up_attestation", correction_reason="Dates complétées.")
        with pytest.raises(ServiceError):
            certificates.create_draft(user("yasmine"), person(awa), data, asked(),
                                      supersedes=first)
        assert first.in_force
        assert db.session.scalar(select(func.count(Certificate.id))) == 1


def test_it_records_the_consent_given_with_the_form(app, register):
    with app.app_context():
        pid = register("amina", "PAN", "Koné", "Ibrahim", born=2008)
        consent = ConsentInput(ConsentPurpose.CERTIFICATE, ConsentDecision.GIVEN)
        draft = certificates.create_draft(user("amina"), person(pid),
                                          draft_input("minority_recourse"), consent)
        assert draft.consent_id is not None


def test_it_keeps_a_refusal_and_drafts_nothing(app, register):
    with app.app_context():
        pid = register("amina", "PAN", "Koné", "Ibrahim", born=2008)
        consent = ConsentInput(ConsentPurpose.CERTIFICATE, ConsentDecision.REFUSED)
        with pytest.raises(ServiceError):
            certificates.create_draft(user("amina"), person(pid),
                                      draft_input("minority_recourse"), consent)
        assert db.session.scalar(select(Certificate.id)) is None
        from caseflow.consent_state import current
        assert current(uuid.UUID(pid))[(ConsentPurpose.CERTIFICATE, "")].decision == (
            ConsentDecision.REFUSED)


def test_it_refuses_to_issue_once_consent_is_withdrawn(app, awa):
    with app.app_context():
        draft = certificates.create_draft(user("amina"), person(awa),
                                          draft_input("minority_recourse"), asked())
        give_certificate_consent(awa, ConsentDecision.WITHDRAWN)
        with pytest.raises(ServiceError):
            certificates.issue(user("amina"), person(awa), draft, draft.version, BASE_URL)
        assert db.session.get(Certificate, draft.id).serial is None


@pytest.mark.parametrize(("login", "template"), [
    ("hugo", "minority_recourse"),  # a nurse: no medical certificate
    ("yasmine", "violence_findings"),  # a psychologist: no medical certificate
    ("amina", "psychological_attestation"),  # a doctor: not a psychologist's attestation
    ("sara", "follow_up_attestation"),  # a social worker: nothing at all
    ("lea", "follow_up_attestation"),  # a legal worker: nothing at all
])
def test_it_refuses_a_signer_the_template_does_not_allow(app, register, login, template):
    with app.app_context():
        site = "CAL" if login == "hugo" else "PAN"
        pid = register(login, site, "Diallo", "Mamadou", born=2008)
        give_certificate_consent(pid)
        with pytest.raises(ServiceError):
            certificates.create_draft(user(login), person(pid), draft_input(template, site=site),
                                      asked())
        assert db.session.scalar(select(Certificate.id)) is None


def test_it_stores_the_pdf_encrypted_and_returns_the_same_bytes_each_time(app, awa):
    with app.app_context():
        issued = issue("amina", awa, "violence_findings")
        first = certificates.download(user("amina"), person(awa), issued)
        db.session.expire_all()
        again = certificates.download(user("amina"), person(awa),
                                      db.session.get(Certificate, issued.id))
        assert first == again and first.startswith(b"%PDF")
        raw = db.session.execute(text("SELECT issued_pdf, content FROM certificate")).one()
        stored = bytes(raw[0])
        assert b"%PDF" not in stored and b"Traor" not in stored
        assert "Traor" not in str(raw[1]) and "matraque" not in str(raw[1])
        prints = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "print", AuditEvent.object_type == "certificate")).all()
        assert len(prints) == 2


def test_it_never_edits_an_issued_certificate(app, awa):
    with app.app_context():
        issued = issue("amina", awa, "minority_recourse")
        with pytest.raises(ServiceError):
            certificates.update_draft(user("amina"), person(awa), issued,
                                      draft_input("minority_recourse"), issued.version)
        with pytest.raises(ServiceError):
            certificates.issue(user("amina"), person(awa), issued, issued.version, BASE_URL)


def test_it_detects_a_draft_changed_in_another_window(app, awa):
    with app.app_context():
        draft = certificates.create_draft(user("amina"), person(awa),
                                          draft_input("minority_recourse"), asked())
        seen = draft.version
        certificates.update_draft(user("amina"), person(awa), draft,
                                  draft_input("minority_recourse"), seen)
        with pytest.raises(ConcurrentEditError):
            certificates.issue(user("amina"), person(awa), draft, seen, BASE_URL)
        assert db.session.get(Certificate, draft.id).serial is None


def test_it_supersedes_with_a_correction_and_keeps_both(app, awa):
    with app.app_context():
        first = issue("amina", awa, "minority_recourse")
        data = draft_input("minority_recourse", correction_reason="Traitement en cours précisé.")
        data.exam_date += dt.timedelta(days=1)  # the findings change after a new examination
        data.fields["care_and_follow_up"] = "Suivi médical mensuel ; kinésithérapie."
        draft = certificates.create_draft(user("amina"), person(awa), data, supersedes=first)
        second = certificates.issue(user("amina"), person(awa), draft, draft.version, BASE_URL)
        db.session.expire_all()
        first = db.session.get(Certificate, first.id)
        assert first.status is CertificateStatus.SUPERSEDED
        assert second.supersedes_id == first.id and second.serial != first.serial
        assert first.issued_pdf != second.issued_pdf


def test_it_needs_a_reason_to_revoke(app, awa):
    with app.app_context():
        issued = issue("amina", awa, "minority_recourse")
        with pytest.raises(ServiceError):
            certificates.revoke(user("amina"), person(awa), issued, "  ", issued.version)
        certificates.revoke(user("amina"), person(awa), issued, "Erreur de personne.",
                            issued.version)
        assert issued.status is CertificateStatus.REVOKED
        events = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.object_type == "certificate")).all()
        assert "issue" in events and "revoke" in events


def test_it_refuses_an_exam_in_the_future(app, awa):
    import datetime as dt
    with app.app_context():
        data = draft_input("minority_recourse")
        data.exam_date = site_today(site_id("PAN")) + dt.timedelta(days=1)
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("amina"), person(awa), data, asked())
        assert refused.value.field == "exam_date"


def test_it_has_no_age_estimate_field_anywhere(app, awa):
    with app.app_context():
        for template in TEMPLATES.values():
            assert not [k for k in template.field_keys if "age" in k.split("_")]
        data = draft_input("minority_recourse")
        data.fields["age_estimate"] = "16 ans environ"
        with pytest.raises(ServiceError):
            certificates.create_draft(user("amina"), person(awa), data, asked())
