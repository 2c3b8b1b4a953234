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

`CertificateRules` is part of `PersonAccess` (access/person.py); the register, a list
of many people, keeps its own clause (`register_clause`).
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, exists, false, or_, select

from caseflow.access import parse_uuid, person_or_404, person_scope_site_ids, reads_people
from caseflow.roles import Role


def may_sign(user, template) -> bool:
    """The role may sign this template (register numbers are checked when issuing)."""
    return reads_people(user) and str(user.role) in template.signers


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


class CertificateRules:
    """The questions about a person's certificates."""

    def may_issue(self, template) -> bool:
        return may_sign(self.user, template) and self.may_write

    def certificate_clause(self):
        """SQL condition: the certificates of the person listed on their page for this user
        (a draft for its author only)."""
        from caseflow.models.certificate import Certificate, CertificateStatus

        user = self.user
        if not reads_people(user):
            return false()
        listed = or_(Certificate.status != CertificateStatus.DRAFT,
                     Certificate.author_id == user.id)
        return and_(Certificate.person_id == self.person.id, listed,
                    or_(Certificate.author_id == user.id,
                        self.site_clause(Certificate.site_id)))

    def may_read_certificate(self, certificate) -> bool:
        """The draft's text or the issued PDF (the caller has checked the register line)."""
        if certificate.author_id == self.user.id:
            return True
        if certificate.is_draft:
            return False
        from caseflow.certificates import TEMPLATES

        if TEMPLATES[certificate.template].open_to_team:
            return True
        return certificate.discipline in ({self.user.discipline} | set(self.shared_disciplines))

    def may_download_certificate(self, certificate) -> bool:
        """The issued PDF leaves caseflow: never through a break-glass grant."""
        return (not certificate.is_draft and self.emergency is None
                and self.may_read_certificate(certificate))

    def may_edit_draft(self, certificate) -> bool:
        """A draft is changed, previewed and discarded by its author only."""
        return certificate.is_draft and certificate.author_id == self.user.id

    def may_revoke(self, certificate) -> bool:
        if not certificate.in_force:
            return False
        if certificate.author_id == self.user.id:
            return reads_people(self.user)
        return self.user.role == Role.COORDINATOR and certificate.site_id in self.user.site_ids

    def may_correct_certificate(self, certificate) -> bool:
        """Issue a corrected certificate replacing this one: its author only."""
        from caseflow.certificates import TEMPLATES

        return (certificate.in_force and certificate.author_id == self.user.id
                and self.may_issue(TEMPLATES[certificate.template]))


def certificate_or_404(certificate_id, *, content: bool = False, purpose: str | None = None,
                       action=None):
    """(person, certificate) for the current user, or 404; the person is loaded (and the
    view audited) through person_or_404. `content=True` also requires reading the text."""
    from caseflow.access.person import person_access
    from caseflow.extensions import db
    from caseflow.models.certificate import Certificate

    cid = parse_uuid(certificate_id)
    if cid is None or not reads_people(current_user):
        abort(404)
    person_id = db.session.scalar(select(Certificate.person_id).where(Certificate.id == cid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id, purpose=purpose, action=action)
    access = person_access(current_user, person)
    certificate = db.session.scalar(select(Certificate).where(
        Certificate.id == cid, access.certificate_clause()))
    if certificate is None:
        abort(404)
    if content and not access.may_read_certificate(certificate):
        abort(403)
    return person, certificate
