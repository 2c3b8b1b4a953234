"""Reading certificates: a person's list, the register, and the public verification answer.

The register and the verification page read clear columns only (serial,
template, dates, site, author, status, hashes): listing a thousand lines
decrypts nothing, and the public page cannot disclose what it never reads.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from sqlalchemy import func, select

from caseflow.access.certificates import register_clause
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.certificates import seal as sealing
from caseflow.certificates.data import SERIAL
from caseflow.certificates.short_code import short_code, typed_short_code
from caseflow.database import commit_keeping_loaded
from caseflow.extensions import db
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.person import Person
from caseflow.services.documents.signing_keys import key_of, signer
from caseflow.timezones import to_local

PAGE_SIZE = 50


def for_person(viewer, person) -> list[Certificate]:
    """The person's certificates this viewer may see (own drafts included), newest first."""
    return list(db.session.scalars(
        select(Certificate).where(person_access(viewer, person).certificate_clause())
        .order_by(Certificate.created_at.desc())))


def superseded_by(certificate: Certificate) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(
        Certificate.supersedes_id == certificate.id,
        Certificate.status != CertificateStatus.DRAFT))


@dataclass(frozen=True)
class RegisterFilter:
    site_id: int | None = None
    template: str | None = None
    status: CertificateStatus | None = None
    year: int | None = None


@dataclass(frozen=True)
class RegisterLine:
    certificate: Certificate
    person_code: str


def register(viewer, filters: RegisterFilter, page: int = 1
             ) -> tuple[list[RegisterLine], int, int]:
    """(lines of the page, total, page shown): issued, superseded and revoked certificates in
    scope; a page past the end shows the last one."""
    clause = [register_clause(viewer)]
    if filters.site_id:
        clause.append(Certificate.site_id == filters.site_id)
    if filters.template:
        clause.append(Certificate.template == filters.template)
    if filters.status:
        clause.append(Certificate.status == filters.status)
    if filters.year:
        clause.append(Certificate.year == filters.year)
    total = db.session.scalar(select(func.count()).select_from(Certificate).where(*clause)) or 0
    page = min(max(page, 1), max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1))
    rows = db.session.execute(
        select(Certificate, Person.code).join(Person, Person.id == Certificate.person_id)
        .where(*clause)
        .order_by(Certificate.issued_at.desc(), Certificate.serial.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    lines = [RegisterLine(cert, code) for cert, code in rows]
    # Which kind of certificate a person received is about their health: the page read is
    # recorded, with the codes shown, like a search.
    record_event(Action.VIEW, actor_id=viewer.id, object_type="certificate_register",
                 details={"results": len(lines), "codes": sorted({x.person_code for x in lines})})
    commit_keeping_loaded()  # the page shows each certificate: without reloading each one
    return lines, total, page


def years(viewer) -> list[int]:
    return list(db.session.scalars(
        select(Certificate.year).where(register_clause(viewer), Certificate.year.is_not(None))
        .distinct().order_by(Certificate.year.desc())))


# --- Public verification -------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public page may say: never a name, a date of birth or any clinical word."""

    status: str  # valid, superseded, revoked, unknown
    serial: str = ""
    template: str = ""
    issued_on: dt.date | None = None
    site_name: str = ""
    pdf_sha256: str = ""
    ended_on: dt.date | None = None
    replaced_by: str = ""  # the serial of the correction, for a superseded certificate
    # The public key its signature verifies with: the organisation's, or the clinic box's
    # that issued it offline (caseflow/services/documents/signing_keys.py).
    signing_key: bytes = b""
    # No author: the page is public and serials are guessable, so "who signed serial X"
    # would tell which doctor works with which site's young people. The reader confirms
    # the person instead by typing the name printed on the paper (certificate_name_check).

    @property
    def known(self) -> bool:
        return self.status != "unknown"


UNKNOWN = Verification("unknown")
STATUS_WORD = {CertificateStatus.ISSUED: "valid", CertificateStatus.SUPERSEDED: "superseded",
               CertificateStatus.REVOKED: "revoked"}


def verify(serial: str, code: str) -> Verification:
    """The register's answer for a serial and the code of its QR code, or the short code
    printed under it (typed by a reader with no camera): the same answer either way.

    Unknown unless the code is the one issued with the serial (and, for the QR code's,
    its signature holds): serials are sequential, so the serial alone must reveal
    nothing, and a wrong code is answered as an unknown serial is.
    """
    certificate = genuine(serial, code)
    if certificate is None:
        return UNKNOWN
    replacement = (superseded_by(certificate)
                   if certificate.status is CertificateStatus.SUPERSEDED else None)
    record_event(Action.VERIFY, actor_id=None, object_type="certificate",
                 object_id=str(certificate.id), site_id=certificate.site_id,
                 details={"serial": serial, "status": certificate.status.value,
                          "code": "qr" if len(code) == sealing.CODE_LENGTH else "typed"})
    db.session.commit()
    return Verification(
        status=STATUS_WORD[certificate.status], serial=serial, template=certificate.template,
        issued_on=certificate.issued_on, site_name=certificate.site.name,
        pdf_sha256=certificate.pdf_sha256 or "",
        ended_on=(to_local(certificate.ended_at, certificate.site_id).date()
                  if certificate.ended_at else None),
        replaced_by=replacement.serial if replacement else "",
        signing_key=key_of(serial, certificate.code or "") or b"")


def genuine(serial: str, code: str) -> Certificate | None:
    """The issued certificate a serial and the code of its QR code (or the short code
    printed under it) designate, or None.

    The signature first: a forged code costs no read of the register (only of the pinned
    clinic boxes' keys, the same for every serial), so how long the answer takes says
    nothing about which serials exist.
    """
    typed = typed_short_code(code) if len(code or "") != sealing.CODE_LENGTH else None
    if typed is not None:
        return _by_short_code(serial, typed)
    try:
        statement, signature = sealing.decode_code(serial, code)
    except sealing.SealError:
        return None
    if signer(statement.message(), signature) is None:
        return None
    certificate = db.session.scalar(select(Certificate).where(
        Certificate.serial == serial, Certificate.status != CertificateStatus.DRAFT))
    if certificate is None or not hmac.compare_digest(certificate.code or "", code):
        return None
    return certificate


def _by_short_code(serial: str, typed: str) -> Certificate | None:
    """The issued certificate whose short code (seal.short_code of its stored code) is the
    typed one, compared in constant time. A short code carries no signature, so the
    register is read for any well-formed serial; an unknown serial is compared with a
    code no certificate has, so that it takes the same steps as a wrong code."""
    if not SERIAL.match(serial or ""):
        return None
    certificate = db.session.scalar(select(Certificate).where(
        Certificate.serial == serial, Certificate.status != CertificateStatus.DRAFT))
    expected = short_code(certificate.code) if certificate and certificate.code else ""
    same = hmac.compare_digest(expected or "-" * len(typed), typed)
    return certificate if same and expected else None


def verify_file(pdf: bytes, public_key: bytes | None = None) -> tuple[Verification, list[str]]:
    """Check an issued file: its seal, its signature, and (when the register is at hand)
    that it is byte for byte the file the register keeps. Returns the register's
    answer and the list of problems found (empty: genuine)."""
    from caseflow.crypto import verify_with_public_key

    try:
        statement, signature, body_hash = sealing.read_seal(pdf)
    except sealing.SealError as error:
        return UNKNOWN, [str(error)]
    problems = sealing.seal_problems(pdf)
    if body_hash != statement.body_sha256:
        problems.append("the file's content was changed after issue (SHA-256 of the body "
                        "differs from the signed one)")
    signed = (verify_with_public_key(public_key, statement.message(), signature)
              if public_key is not None
              else signer(statement.message(), signature) is not None)
    if not signed:
        problems.append("the signature does not verify with the given public key"
                        if public_key is not None
                        else "the signature does not verify with the organisation's key nor "
                             "with any of its clinic boxes' keys")
    code = sealing.encode_code(statement, signature)
    answer = verify(statement.serial, code) if public_key is None else UNKNOWN
    if public_key is None:
        if not answer.known:
            problems.append("the register does not know this serial with this code")
        elif answer.pdf_sha256 != sealing.sha256(pdf).hex():
            problems.append("the file differs from the one the register keeps")
    return answer, problems
