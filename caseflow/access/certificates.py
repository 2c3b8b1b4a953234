"""Certificates: who issues them, who reads them, who sees them in the register.

- Issuing: a professional the template allows (doctors for the medical
  certificates, psychologists for the psychological attestation, any
  clinician for the attestation of follow-up), with the register number the
  template asks for, at a site of theirs that follows the person (rule 5).
- The register line (serial, type, dates, author, status) is seen by the
  person's care team and by the medical coordinator: the legal worker
  preparing a hearing must know that a certificate exists and is valid. It
  names no one (the person's pseudonymous code only).
- The content (the draft, the PDF) is read by its author, by the discipline of
  the certificate at a readable site, and by the rest of the team only while
  the person agrees to share that discipline inside the team; an attestation
  of follow-up holds no clinical detail and is read by the whole care team.
- A draft is seen by its author only: it is not a certificate yet.
- Revoking: the author, or a medical coordinator of the issuing site (an author
  who has left).
- Correcting (a new certificate that supersedes this one): the author only,
  still allowed to sign it for this person. Superseding is withdrawing someone's
  signed act: another doctor issues a certificate of their own instead.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, exists, false, or_, select

from caseflow.access import (
    emergency_grant,
    may_write_person,
    parse_uuid,
    person_or_404,
    person_scope_site_ids,
    reads_people,
)
from caseflow.access.notes import record_site_clause
from caseflow.roles import Role


def may_sign(user, template) -> bool:
    """The role may sign this template (register numbers are checked when issuing)."""
    return reads_people(user) and str(user.role) in template.signers


def may_issue(user, person, template) -> bool:
    return may_sign(user, template) and may_write_person(user, person)


def register_clause(user):
    """SQL condition on Certificate: the register lines this user may see (drafts apart)."""
    from caseflow.models.certificate import Certificate, CertificateStatus
    from caseflow.models.enrolment import Enrolment

    if not reads_people(user):
        return false()
    not_draft = Certificate.status != CertificateStatus.DRAFT
    sites = person_scope_site_ids(user)
    if sites is None:
        return not_draft
    if not sites:
        return false()
    # The team following the person now sees the whole history; a former site, its own.
    following = exists(select(Enrolment.id).where(
        Enrolment.person_id == Certificate.person_id, Enrolment.ended_on.is_(None),
        Enrolment.site_id.in_(sorted(sites))))
    return and_(not_draft, or_(Certificate.site_id.in_(sorted(sites)), following))


def person_certificates_clause(user, person):
    """SQL condition: the certificates of `person` listed on their page for this user."""
    from caseflow.models.certificate import Certificate, CertificateStatus

    if not reads_people(user):
        return false()
    listed = or_(Certificate.status != CertificateStatus.DRAFT, Certificate.author_id == user.id)
    return and_(Certificate.person_id == person.id, listed,
                or_(Certificate.author_id == user.id,
                    record_site_clause(user, person, Certificate.site_id)))


def may_read_content(user, person, certificate, shared_disciplines: set) -> bool:
    """The draft's text or the issued PDF (the caller has checked the register line)."""
    if certificate.author_id == user.id:
        return True
    if certificate.is_draft:
        return False
    from caseflow.certificates import TEMPLATES

    if TEMPLATES[certificate.template].open_to_team:
        return True
    if emergency_grant(user, person) is not None:
        shared_disciplines = set()  # break-glass: not in the care team the person shares with
    return certificate.discipline in ({user.discipline} | set(shared_disciplines))


def may_revoke(user, person, certificate) -> bool:
    if not certificate.in_force:
        return False
    if certificate.author_id == user.id:
        return reads_people(user)
    return user.role == Role.COORDINATOR and certificate.site_id in user.site_ids


def may_correct(user, person, certificate) -> bool:
    """Issue a corrected certificate replacing this one: its author only."""
    from caseflow.certificates import TEMPLATES

    return (certificate.in_force and certificate.author_id == user.id
            and may_issue(user, person, TEMPLATES[certificate.template]))


def certificate_or_404(certificate_id, *, content: bool = False, purpose: str | None = None,
                       action=None):
    """(person, certificate) for the current user, or 404; the person is loaded (and the
    view audited) through person_or_404. `content=True` also requires reading the text."""
    from caseflow.extensions import db
    from caseflow.models.certificate import Certificate
    from caseflow.services.consents import team_shared_disciplines

    cid = parse_uuid(certificate_id)
    if cid is None or not reads_people(current_user):
        abort(404)
    person_id = db.session.scalar(select(Certificate.person_id).where(Certificate.id == cid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id, purpose=purpose, action=action)
    certificate = db.session.scalar(select(Certificate).where(
        Certificate.id == cid, person_certificates_clause(current_user, person)))
    if certificate is None:
        abort(404)
    if content and not may_read_content(current_user, person, certificate,
                                        team_shared_disciplines(person.id)):
        abort(403)
    return person, certificate


__all__ = [
    "certificate_or_404",
    "may_correct",
    "may_issue",
    "may_read_content",
    "may_revoke",
    "may_sign",
    "person_certificates_clause",
    "register_clause",
]
