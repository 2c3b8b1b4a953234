"""Certificates: draft, review, issue, correct, revoke, download; each with its check and audit.

The order of issuing is the guarantee a judge relies on: the person asked for
this certificate after being warned of the risks of its disclosure (a consent
recorded with each certificate, still in force when it is issued); the author
may sign the template; the text passes the template's checks; a serial is taken
for the site and year; the body is rendered once; its SHA-256 is signed
(Ed25519) into the QR code; the sealed file and its SHA-256 are stored
encrypted with the person's key. What was handed over is what the register
keeps; nothing is rendered again.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Collection

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow import countries
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.certificates import (
    TEMPLATES,
    CertificateError,
    Check,
    Handover,
    HandoverMode,
    Interpreter,
    check_content,
    check_signer,
    render_certificate,
    validate,
)
from caseflow.certificates import seal as sealing
from caseflow.crypto import sign
from caseflow.disciplines import for_role
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.care.consents import INTERPRETED, ConsentInput, add_consent
from caseflow.services.documents import certificate_rules as rules
from caseflow.services.documents.age_proxies import AgeProxy, AgeProxyWarning, age_proxies
from caseflow.services.documents.certificate_confirmation import (
    ISSUE_CONFIRMED,
    Confirmation,
)
from caseflow.services.documents.certificate_content import (
    CertificateInput,
    compose,
    content_of,
    declared_identity,
    input_of,
)
from caseflow.services.documents.certificate_refusals import SHOWN_FIRST, refusal
from caseflow.services.documents.certificate_signer import author_of
from caseflow.services.documents.serials import next_serial
from caseflow.timezones import site_today
from caseflow.vocabulary import ConsentDecision, ConsentPurpose

# --- Checks --------------------------------------------------------------------------------
# The content is checked by caseflow.certificates (check_content, validate), once; here are
# who may sign and where; the message the form shows for each problem it places on a field
# is in certificate_refusals.py.


def _check(actor, person, data: CertificateInput) -> None:
    template = TEMPLATES.get(data.template)
    if template is None:
        raise ServiceError(_l("Choose a kind of certificate."), field="template")
    if not person_access(actor, person).may_issue(template):
        raise ServiceError(_l("Your profession may not sign this kind of certificate."))
    site = db.session.get(Site, data.site_id)
    if site is not None and not template.applies_in(site.country):
        raise ServiceError(_l("This kind of certificate is not issued at a site in this "
                              "country: its law or its practice does not have it."),
                           field="template")
    if (site is not None and data.handover_mode is HandoverMode.REQUISITION
            and not countries.country(site.country).requisition):
        raise ServiceError(_l("A judicial requisition of a doctor is French law: at this "
                              "site, hand the document over to the person or to their "
                              "lawyer."), field="handover_mode")
    problems = check_signer(template, author_of(actor), site.country if site else "FR")
    if problems:
        raise ServiceError(_l("Your account lacks what this certificate must print (profession, "
                              "RPPS or ADELI number): ask an administrator to complete it."))
    name, spoken = data.interpreter_name.strip(), data.interpreter_language.strip()
    problems = [problem for problem in check_content(
        template, language=data.language, exam_date=data.exam_date,
        issue_date=site_today(data.site_id), fields=data.fields,
        handover=Handover(data.handover_mode, data.handover_recipient,
                          data.handover_reference, data.handover_date),
        interpreter=Interpreter(name, spoken) if name or spoken else None,
    ) if problem.check in SHOWN_FIRST]
    unknown = sorted(p.field for p in problems if p.check is Check.UNKNOWN_FIELD)
    if unknown:  # an age estimate, say: a template prints only what it declares
        raise ServiceError(_l("This certificate has no such part: %(names)s",
                              names=", ".join(unknown)))
    if data.fields.get("photographs") and not person_access(actor, person).is_given(
            ConsentPurpose.PHOTOGRAPHS):
        raise ServiceError(_l("The person's consent to photographs is not recorded: record it "
                              "on their page first, or annex no photograph."),
                           field="photographs")
    if data.site_id not in actor.site_ids or data.site_id not in {
            e.site_id for e in person.enrolments if e.active}:
        raise ServiceError(_l("Choose a site of yours that follows the person."), field="site_id")
    if problems:
        raise refusal(problems[0], template, data.language)


def _country(site_id: int) -> str:
    site = db.session.get(Site, site_id)
    return site.country if site is not None else ""


def _incomplete(error: CertificateError) -> ServiceError:
    return ServiceError(_l("The certificate is incomplete: %(problems)s", problems=str(error)))


def _validated(certificate: Certificate, person, data: CertificateInput | None = None) -> None:
    try:
        validate(compose(certificate, person, data=data), certificate.language)
    except CertificateError as error:
        raise _incomplete(error) from None


def _consent(actor, person, data: CertificateInput, consent: ConsentInput | None,
             supersedes: Certificate | None):
    """The id of the consent this certificate rests on.

    Each certificate records its own: the person asks for *this* certificate after
    being warned of the risks of its disclosure (docs/FIELD.md, Certificates), which the closing
    mention certifies. A correction rests on the request of the one it corrects,
    if that consent has not been withdrawn since.
    """
    if consent is None:
        if supersedes is not None and person_access(actor, person).is_given(
                ConsentPurpose.CERTIFICATE):
            return supersedes.consent_id
        raise ServiceError(_l("Record that the person asks for this certificate and was warned "
                              "of the risks of its disclosure."), field="consent_decision")
    template = TEMPLATES[data.template]
    if (template.interpreter_named and consent.interpreter_kind in INTERPRETED
            and not data.interpreter_name.strip()):
        raise ServiceError(_l("An interpreter helped: give their name, this certificate prints "
                              "it."), field="interpreter_name")
    consent.purpose = ConsentPurpose.CERTIFICATE
    row = add_consent(actor, person, consent, site_id=data.site_id, commit=False)
    if consent.decision != ConsentDecision.GIVEN:
        db.session.commit()  # the refusal is part of the record
        raise ServiceError(_l("The person did not agree to a certificate: none is drafted."))
    return row.id


# --- Drafts --------------------------------------------------------------------------------


def create_draft(actor, person, data: CertificateInput, consent: ConsentInput | None = None,
                 supersedes: Certificate | None = None) -> Certificate:
    _check(actor, person, data)
    if supersedes is not None:
        if supersedes.person_id != person.id or not person_access(
                actor, person).may_correct_certificate(supersedes):
            raise ServiceError(_l("Only the author corrects a certificate in force."))
        if supersedes.template != data.template:
            raise ServiceError(_l("A correction keeps the kind of certificate."))
        rules.check_correction(TEMPLATES[data.template], data, supersedes)
    rules.check_duty(TEMPLATES[data.template], declared_identity(person), data,
                     _country(data.site_id))
    consent_id = _consent(actor, person, data, consent, supersedes)
    certificate = Certificate(
        id=uuid.uuid4(), person_id=person.id, site_id=data.site_id, author_id=actor.id,
        template=data.template, language=data.language, status=CertificateStatus.DRAFT,
        discipline=TEMPLATES[data.template].discipline or for_role(actor.role),
        handover_mode=data.handover_mode.value, consent_id=consent_id,
        supersedes_id=supersedes.id if supersedes else None)
    db.session.add(certificate)
    certificate.content = content_of(data)
    certificate.correction_reason = data.correction_reason.strip() or None
    db.session.flush()
    _validated(certificate, person)
    record_event(Action.CREATE, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code,
                 site_id=certificate.site_id,
                 details={"template": data.template, "status": "draft",
                          "supersedes": str(supersedes.id) if supersedes else None})
    db.session.commit()
    return certificate


def _own_draft(actor, person, certificate: Certificate, expected_version: int | None) -> None:
    if certificate.author_id != actor.id:
        raise ServiceError(_l("Only the author changes or issues a draft."))
    if not person_access(actor, person).may_edit_draft(certificate):
        raise ServiceError(_l("This certificate is already issued: a correction issues a new "
                              "one."))
    if expected_version != certificate.version:
        raise ConcurrentEditError(_l("This draft was changed in another window since you "
                                     "opened it: review it again before going on."))


def update_draft(actor, person, certificate: Certificate, data: CertificateInput,
                 expected_version: int | None) -> Certificate:
    _own_draft(actor, person, certificate, expected_version)
    data.template = certificate.template
    _check(actor, person, data)
    template = TEMPLATES[certificate.template]
    if certificate.supersedes is not None:
        rules.check_correction(template, data, certificate.supersedes)
    rules.check_duty(template, declared_identity(person), data, _country(data.site_id))
    certificate.site_id = data.site_id
    certificate.language = data.language
    certificate.handover_mode = data.handover_mode.value
    certificate.content = content_of(data)
    certificate.correction_reason = data.correction_reason.strip() or None
    certificate.updated_at = utcnow()
    certificate.version += 1
    db.session.flush()
    db.session.expire(certificate, ["site"])
    _validated(certificate, person)
    record_event(Action.UPDATE, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code,
                 site_id=certificate.site_id, details={"status": "draft"})
    db.session.commit()
    return certificate


def discard_draft(actor, person, certificate: Certificate, expected_version: int | None) -> None:
    """A draft is not a certificate: its author may throw it away (audited)."""
    _own_draft(actor, person, certificate, expected_version)
    record_event(Action.UPDATE, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code,
                 site_id=certificate.site_id, details={"status": "discarded"})
    db.session.delete(certificate)
    db.session.commit()


def preview(actor, person, certificate: Certificate) -> bytes:
    """The review copy: the pages as they will print, marked "draft, not valid"."""
    if not person_access(actor, person).may_edit_draft(certificate):
        raise ServiceError(_l("Only the author reviews a draft."))
    try:
        pdf = render_certificate(compose(certificate, person), certificate.language, draft=True)
    except CertificateError as error:
        raise _incomplete(error) from None
    record_event(Action.PRINT, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code,
                 site_id=certificate.site_id, details={"status": "draft"})
    db.session.commit()
    return pdf


# --- Issuing -------------------------------------------------------------------------------


def age_proxies_of(certificate: Certificate) -> dict[AgeProxy, list[str]]:
    return age_proxies(input_of(certificate))


def confirm_issue(actor, person, certificate: Certificate, expected_version: int | None,
                  age_proxies_kept: Collection[str]) -> Confirmation:
    """Keep the author's confirmation (and the age proxies she chose to keep) on the server,
    in the audit trail, bound to this draft and its version: after the identity check she
    resumes the issue without confirming again, and a changed draft needs a new one."""
    _own_draft(actor, person, certificate, expected_version)
    kept = tuple(sorted(str(p) for p in age_proxies_kept))
    record_event(ISSUE_CONFIRMED, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code,
                 site_id=certificate.site_id,
                 details={"version": certificate.version, "age_proxies": list(kept)})
    db.session.commit()
    return Confirmation(certificate.version, kept)


def issue(actor, person, certificate: Certificate, expected_version: int | None,
          base_url: str | None, *, age_proxies_kept: Collection[str] | None = None
          ) -> Certificate:
    """Issue a reviewed draft. `base_url` is the public address the QR code points to.

    The pages pass `age_proxies_kept`, the categories of age proxies the author was warned
    about and chose to keep (docs/FIELD.md, Age): any other found refuses with
    AgeProxyWarning, and the issue event records the warning kept (categories, never words).
    """
    _own_draft(actor, person, certificate, expected_version)
    if not base_url:
        raise ServiceError(_l("caseflow's public address (CASEFLOW_PUBLIC_URL) is not set: a "
                              "certificate would carry a wrong verification address. Ask the "
                              "administrator to set it."))
    data = input_of(certificate)
    _check(actor, person, data)
    template = TEMPLATES[certificate.template]
    if certificate.supersedes is not None:  # a draft saved before a rule changed, too
        rules.check_correction(template, data, certificate.supersedes)
    rules.check_duty(template, declared_identity(person), data, certificate.site.country)
    found = sorted(map(str, age_proxies(data))) if age_proxies_kept is not None else []
    if set(found) - {str(p) for p in age_proxies_kept or ()}:
        raise AgeProxyWarning(age_proxies(data))
    if not person_access(actor, person).is_given(ConsentPurpose.CERTIFICATE):
        raise ServiceError(_l("The person's consent to a certificate is no longer in force: "
                              "nothing was issued."))
    old = certificate.supersedes
    if old is not None and not old.in_force:
        raise ServiceError(_l("The certificate this one corrects is no longer in force."))
    site = certificate.site
    today = site_today(site.id)
    serial, number = next_serial(site, today.year)
    certificate.issued_on = today
    identity = declared_identity(person)
    try:
        body = render_certificate(compose(certificate, person, data=data, serial=serial,
                                          base_url=base_url, identity=identity),
                                  certificate.language)
    except CertificateError as error:
        raise _incomplete(error) from None
    statement = sealing.Statement(serial, today, certificate.template, sealing.sha256(body))
    code = sealing.encode_code(statement, sign(statement.message()))
    pdf = sealing.seal_pdf(body, sealing.verification_url(base_url, serial, code))
    certificate.serial, certificate.year, certificate.number = serial, today.year, number
    certificate.issued_at = utcnow()
    certificate.status = CertificateStatus.ISSUED
    certificate.content = content_of(data, identity)
    certificate.issued_pdf = pdf
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.body_sha256 = statement.body_sha256.hex()
    certificate.code = code
    certificate.version += 1
    if old is not None:
        old.status = CertificateStatus.SUPERSEDED
        old.ended_at, old.ended_by_id = certificate.issued_at, actor.id
        old.version += 1
    record_event(Action.ISSUE, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code, site_id=site.id,
                 details={"serial": serial, "template": certificate.template,
                          "handover": certificate.handover_mode, "sha256": certificate.pdf_sha256,
                          "supersedes": old.serial if old else None,
                          **({"correction": data.correction_kind.value} if old else {}),
                          **({"duty_to_report": data.duty_to_report["decision"]}
                             if data.duty_to_report else {}),
                          **({"age_proxy_warning": {"shown": True, "kept": found}}
                             if found else {})})
    commit_or_conflict()
    return certificate


def revoke(actor, person, certificate: Certificate, reason: str,
           expected_version: int | None) -> Certificate:
    if not person_access(actor, person).may_revoke(certificate):
        raise ServiceError(_l("Only the author or the medical coordinator revokes a certificate "
                              "in force."))
    if expected_version != certificate.version:
        raise ConcurrentEditError(_l("This certificate changed since you opened it."))
    if not (reason or "").strip():
        raise ServiceError(_l("Give the reason for the revocation."), field="reason")
    certificate.status = CertificateStatus.REVOKED
    certificate.ended_at, certificate.ended_by_id = utcnow(), actor.id
    certificate.revocation_reason = reason.strip()
    certificate.version += 1
    record_event(Action.REVOKE, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code,
                 site_id=certificate.site_id, details={"serial": certificate.serial})
    commit_or_conflict()
    return certificate


def download(actor, person, certificate: Certificate) -> bytes:
    """The stored file, exactly as issued; refused if its bytes no longer match the register."""
    if certificate.is_draft or certificate.issued_pdf is None:
        raise ServiceError(_l("A draft has no PDF to hand over: issue it first."))
    if not person_access(actor, person).may_read_certificate(certificate):
        raise ServiceError(_l("This certificate's content is reserved to its discipline."))
    pdf = certificate.issued_pdf
    if hashlib.sha256(pdf).hexdigest() != certificate.pdf_sha256:
        raise ServiceError(_l("The stored file does not match the register: report it to the "
                              "medical coordinator."))
    record_event(Action.PRINT, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code,
                 site_id=certificate.site_id, details={"serial": certificate.serial})
    db.session.commit()
    return pdf


def find(certificate_id: uuid.UUID) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.id == certificate_id))
