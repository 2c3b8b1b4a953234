"""Certificates: draft, review, issue, correct, revoke, download; each with its check and audit.

The order of issuing is the guarantee a judge relies on: the person's consent
to a certificate is in force; the author may sign the template; the text
passes the template's checks; a serial is taken for the site and year; the
body is rendered once; its SHA-256 is signed (Ed25519) into the QR code; the
sealed file and its SHA-256 are stored encrypted with the person's key. What
was handed over is what the register keeps; nothing is rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from caseflow.access.certificates import may_issue, may_read_content, may_revoke
from caseflow.audit import Action, record_event
from caseflow.certificates import (
    TEMPLATES,
    Author,
    BirthPrecision,
    CertificateData,
    CertificateError,
    DeclaredIdentity,
    FieldKind,
    Finding,
    Handover,
    HandoverMode,
    Interpreter,
    Lesion,
    check_signer,
    render_certificate,
    validate,
)
from caseflow.certificates import seal as sealing
from caseflow.certificates.templates import Consistency
from caseflow.crypto import sign
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.certificate import Certificate, CertificateCounter, CertificateStatus
from caseflow.pdf import Letterhead
from caseflow.roles import ROLE_DISCIPLINE, Discipline
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.consents import ConsentInput, add_consent, is_given
from caseflow.timezones import site_today
from caseflow.vocabulary import BirthDatePrecision, ConsentDecision, ConsentPurpose

# The discipline whose members read a template's content (follow-up: the author's).
TEMPLATE_DISCIPLINE = {
    "minority_recourse": Discipline.MEDICAL,
    "violence_findings": Discipline.MEDICAL,
    "istanbul_report": Discipline.MEDICAL,
    "psychological_attestation": Discipline.MENTAL_HEALTH,
}
PRECISION = {
    BirthDatePrecision.FULL: BirthPrecision.DAY,
    BirthDatePrecision.MONTH: BirthPrecision.MONTH,
    BirthDatePrecision.YEAR: BirthPrecision.YEAR,
    BirthDatePrecision.UNKNOWN: BirthPrecision.UNKNOWN,
}


@dataclass
class CertificateInput:
    """What the author fills in; `fields` holds the template's values as Python objects."""

    template: str
    site_id: int
    language: str
    exam_date: dt.date
    fields: dict[str, Any] = field(default_factory=dict)
    handover_mode: HandoverMode = HandoverMode.IN_HAND
    handover_recipient: str = ""
    interpreter_name: str = ""
    interpreter_language: str = ""
    correction_reason: str = ""


# --- Content: stored as JSON inside the encrypted column -----------------------------------


def _to_json(kind: FieldKind, value: Any) -> Any:
    if kind is FieldKind.DATES:
        return [d.isoformat() for d in value]
    if kind is FieldKind.LESIONS:
        return [asdict(lesion) for lesion in value]
    if kind is FieldKind.FINDINGS:
        return [{"description": f.description, "consistency": f.consistency.value}
                for f in value]
    return value


def _from_json(kind: FieldKind, value: Any) -> Any:
    if kind is FieldKind.DATES:
        return [dt.date.fromisoformat(d) for d in value]
    if kind is FieldKind.LESIONS:
        return [Lesion(**item) for item in value]
    if kind is FieldKind.FINDINGS:
        return [Finding(item["description"], Consistency(item["consistency"])) for item in value]
    return value


def input_of(certificate: Certificate) -> CertificateInput:
    """The draft's (or an issued certificate's) words back as a CertificateInput."""
    content = certificate.content or {}
    specs = {spec.key: spec.kind for spec in TEMPLATES[certificate.template].fields}
    interpreter = content.get("interpreter") or {}
    return CertificateInput(
        template=certificate.template, site_id=certificate.site_id,
        language=certificate.language, exam_date=dt.date.fromisoformat(content["exam_date"]),
        fields={k: _from_json(specs[k], v) for k, v in content.get("fields", {}).items()
                if k in specs},
        handover_mode=HandoverMode(certificate.handover_mode),
        handover_recipient=content.get("handover_recipient", ""),
        interpreter_name=interpreter.get("name", ""),
        interpreter_language=interpreter.get("language", ""),
        correction_reason=certificate.correction_reason or "",
    )


def _content(data: CertificateInput, identity: DeclaredIdentity | None = None) -> dict:
    specs = {spec.key: spec.kind for spec in TEMPLATES[data.template].fields}
    content: dict[str, Any] = {
        "exam_date": data.exam_date.isoformat(),
        "fields": {k: _to_json(specs[k], v) for k, v in data.fields.items() if k in specs},
        "handover_recipient": data.handover_recipient.strip(),
        "interpreter": ({"name": data.interpreter_name.strip(),
                         "language": data.interpreter_language.strip()}
                        if data.interpreter_name.strip() else None),
    }
    if identity is not None:  # frozen at issue: the identity as declared that day
        content["identity"] = {
            "names": identity.names, "precision": identity.birth_precision.value,
            "birth_date": identity.birth_date.isoformat() if identity.birth_date else None}
    return content


def declared_identity(person) -> DeclaredIdentity:
    names = " ".join(p for p in (person.family_name, person.given_names) if p)
    precision = PRECISION[BirthDatePrecision(person.birth_date_precision)]
    born = person.birth_date if precision is not BirthPrecision.UNKNOWN else None
    return DeclaredIdentity(names, born, precision if born else BirthPrecision.UNKNOWN)


def _identity_of(content: dict, person) -> DeclaredIdentity:
    frozen = content.get("identity")
    if not frozen:
        return declared_identity(person)
    born = frozen.get("birth_date")
    return DeclaredIdentity(frozen["names"], dt.date.fromisoformat(born) if born else None,
                            BirthPrecision(frozen["precision"]))


def author_of(user) -> Author:
    return Author(name=user.display_name, role=str(user.role), profession=user.profession or "",
                  rpps=user.rpps or None, adeli=user.adeli or None)


def letterhead_of(site) -> Letterhead:
    return Letterhead(organisation=site.organisation, site_name=site.name, address=site.address,
                      phone=site.phone, email=site.email)


def compose(certificate: Certificate, person, *, data: CertificateInput | None = None,
            serial: str | None = None, base_url: str = "https://caseflow.invalid",
            identity: DeclaredIdentity | None = None) -> CertificateData:
    """The CertificateData of a certificate (its draft words unless `data` is given)."""
    data = data or input_of(certificate)
    site = certificate.site
    year = site_today(site.id).year
    serial = serial or certificate.serial or f"{site.code}-{year}-00000"
    interpreter = (Interpreter(data.interpreter_name.strip(), data.interpreter_language.strip())
                   if data.interpreter_name.strip() else None)
    return CertificateData(
        template=data.template, letterhead=letterhead_of(site), place=_place(site),
        author=author_of(certificate.author), person=identity or _identity_of(
            certificate.content or {}, person),
        exam_date=data.exam_date, issue_date=certificate.issued_on or site_today(site.id),
        serial=serial, verification_url=sealing.verification_url(base_url, serial),
        fields=data.fields, handover=Handover(data.handover_mode, data.handover_recipient.strip()),
        interpreter=interpreter,
    )


def _place(site) -> str:
    """"Fait à Pantin": the town of the site's address (its last line), else the site name."""
    lines = [line.strip() for line in (site.address or "").replace(",", "\n").splitlines()
             if line.strip()]
    if lines:
        town = lines[-1].split(" ", 1)
        return town[1] if len(town) == 2 and town[0].isdigit() else lines[-1]
    return site.name


# --- Checks --------------------------------------------------------------------------------


def _check(actor, person, data: CertificateInput) -> None:
    template = TEMPLATES.get(data.template)
    if template is None:
        raise ServiceError(_l("Choose a kind of certificate."), field="template")
    if not may_issue(actor, person, template):
        raise ServiceError(_l("Your profession may not sign this kind of certificate."))
    problems = check_signer(template, author_of(actor))
    if problems:
        raise ServiceError(_l("Your account lacks what this certificate must print (profession, "
                              "RPPS or ADELI number): ask an administrator to complete it."))
    unknown = set(data.fields) - set(template.field_keys)
    if unknown:  # an age estimate, say: a template prints only what it declares
        raise ServiceError(_l("This certificate has no such part: %(names)s",
                              names=", ".join(sorted(unknown))))
    if data.site_id not in actor.site_ids or data.site_id not in {
            e.site_id for e in person.enrolments if e.active}:
        raise ServiceError(_l("Choose a site of yours that follows the person."), field="site_id")
    if data.language not in ("fr", "en"):
        raise ServiceError(_l("Choose French or English."), field="language")
    if data.exam_date > site_today(data.site_id):
        raise ServiceError(_l("The examination cannot be in the future."), field="exam_date")
    if data.handover_mode is not HandoverMode.IN_HAND and not data.handover_recipient.strip():
        raise ServiceError(_l("Name the lawyer or the requisitioning authority."),
                           field="handover_recipient")
    if data.interpreter_language.strip() and not data.interpreter_name.strip():
        raise ServiceError(_l("Give the interpreter's name."), field="interpreter_name")


def _validated(certificate: Certificate, person, data: CertificateInput | None = None) -> None:
    try:
        validate(compose(certificate, person, data=data), certificate.language)
    except CertificateError as error:
        raise ServiceError(_l("The certificate is incomplete: %(problems)s",
                              problems="; ".join(error.problems))) from None


def _consent(actor, person, data: CertificateInput, consent: ConsentInput | None):
    """The certificate consent in force, recording the one given with the form if any."""
    if consent is not None:
        consent.purpose = ConsentPurpose.CERTIFICATE
        row = add_consent(actor, person, consent, site_id=data.site_id, commit=False)
        if consent.decision != ConsentDecision.GIVEN:
            db.session.commit()  # the refusal is part of the record
            raise ServiceError(_l("The person did not agree to a certificate: none is drafted."))
        return row
    if not is_given(person.id, ConsentPurpose.CERTIFICATE):
        raise ServiceError(_l("Record the person's consent to a certificate first (after "
                              "warning them of the risks of its disclosure)."),
                           field="consent_decision")
    return None


# --- Drafts --------------------------------------------------------------------------------


def create_draft(actor, person, data: CertificateInput, consent: ConsentInput | None = None,
                 supersedes: Certificate | None = None) -> Certificate:
    _check(actor, person, data)
    if supersedes is not None:
        if supersedes.person_id != person.id or not supersedes.in_force:
            raise ServiceError(_l("Only a certificate in force can be corrected."))
        if supersedes.template != data.template:
            raise ServiceError(_l("A correction keeps the kind of certificate."))
        if not data.correction_reason.strip():
            raise ServiceError(_l("Say what the correction changes."), field="correction_reason")
    row = _consent(actor, person, data, consent)
    certificate = Certificate(
        id=uuid.uuid4(), person_id=person.id, site_id=data.site_id, author_id=actor.id,
        template=data.template, language=data.language, status=CertificateStatus.DRAFT,
        discipline=TEMPLATE_DISCIPLINE.get(data.template) or ROLE_DISCIPLINE[actor.role],
        handover_mode=data.handover_mode.value, consent_id=row.id if row else None,
        supersedes_id=supersedes.id if supersedes else None)
    db.session.add(certificate)
    certificate.content = _content(data)
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


def _own_draft(actor, certificate: Certificate, expected_version: int | None) -> None:
    if certificate.author_id != actor.id:
        raise ServiceError(_l("Only the author changes or issues a draft."))
    if not certificate.is_draft:
        raise ServiceError(_l("This certificate is already issued: a correction issues a new "
                              "one."))
    if expected_version is not None and expected_version != certificate.version:
        raise ConcurrentEditError(_l("This draft was changed in another window since you "
                                     "opened it: review it again before going on."))


def update_draft(actor, person, certificate: Certificate, data: CertificateInput,
                 expected_version: int | None) -> Certificate:
    _own_draft(actor, certificate, expected_version)
    data.template = certificate.template
    _check(actor, person, data)
    if certificate.supersedes_id and not data.correction_reason.strip():
        raise ServiceError(_l("Say what the correction changes."), field="correction_reason")
    certificate.site_id = data.site_id
    certificate.language = data.language
    certificate.handover_mode = data.handover_mode.value
    certificate.content = _content(data)
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
    _own_draft(actor, certificate, expected_version)
    record_event(Action.UPDATE, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code,
                 site_id=certificate.site_id, details={"status": "discarded"})
    db.session.delete(certificate)
    db.session.commit()


def preview(actor, person, certificate: Certificate) -> bytes:
    """The review copy: the pages as they will print, marked "draft, not valid"."""
    if certificate.author_id != actor.id or not certificate.is_draft:
        raise ServiceError(_l("Only the author reviews a draft."))
    try:
        pdf = render_certificate(compose(certificate, person), certificate.language, draft=True)
    except CertificateError as error:
        raise ServiceError(_l("The certificate is incomplete: %(problems)s",
                              problems="; ".join(error.problems))) from None
    record_event(Action.PRINT, actor_id=actor.id, object_type="certificate",
                 object_id=str(certificate.id), person_code=person.code,
                 site_id=certificate.site_id, details={"status": "draft"})
    db.session.commit()
    return pdf


# --- Issuing -------------------------------------------------------------------------------


def next_serial(site, year: int) -> tuple[str, int]:
    """The next serial of a site for a year (PAN-2026-00042), in the caller's transaction."""
    dialect = db.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(CertificateCounter).values(site_id=site.id, year=year,
                                                         last_number=0)
                       .on_conflict_do_nothing())
    number = db.session.execute(
        update(CertificateCounter)
        .where(CertificateCounter.site_id == site.id, CertificateCounter.year == year)
        .values(last_number=CertificateCounter.last_number + 1)
        .returning(CertificateCounter.last_number)).scalar_one()
    return f"{site.code}-{year}-{number:05d}", number


def issue(actor, person, certificate: Certificate, expected_version: int | None,
          base_url: str) -> Certificate:
    _own_draft(actor, certificate, expected_version)
    data = input_of(certificate)
    _check(actor, person, data)
    if not is_given(person.id, ConsentPurpose.CERTIFICATE):
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
        raise ServiceError(_l("The certificate is incomplete: %(problems)s",
                              problems="; ".join(error.problems))) from None
    statement = sealing.Statement(serial, today, certificate.template, sealing.sha256(body))
    code = sealing.encode_code(statement, sign(statement.message()))
    pdf = sealing.seal_pdf(body, sealing.verification_url(base_url, serial, code))
    certificate.serial, certificate.year, certificate.number = serial, today.year, number
    certificate.issued_at = utcnow()
    certificate.status = CertificateStatus.ISSUED
    certificate.content = _content(data, identity)
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
                          "supersedes": old.serial if old else None})
    db.session.commit()
    return certificate


def revoke(actor, person, certificate: Certificate, reason: str,
           expected_version: int | None) -> Certificate:
    if not may_revoke(actor, person, certificate):
        raise ServiceError(_l("Only the author or the medical coordinator revokes a certificate "
                              "in force."))
    if expected_version is not None and expected_version != certificate.version:
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
    db.session.commit()
    return certificate


def download(actor, person, certificate: Certificate, shared_disciplines: set) -> bytes:
    """The stored file, exactly as issued; refused if its bytes no longer match the register."""
    if certificate.is_draft or certificate.issued_pdf is None:
        raise ServiceError(_l("A draft has no PDF to hand over: issue it first."))
    if not may_read_content(actor, person, certificate, shared_disciplines):
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
