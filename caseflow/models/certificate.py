"""Certificates: a draft the author reviews, then the one PDF handed over, kept as issued.

What stays in clear and why: the serial, template, language, status, dates,
site, author and the SHA-256 of the issued file are what the register lists,
the verification page answers and the indicators count; they name no one. The
content (the clinician's text, the identity as declared, the interpreter, the
handover recipient), the PDF itself and the reasons for a correction or a
revocation are encrypted with the person's key: shredding the key leaves a
register line with nothing readable behind it.

An issued certificate is never edited: `issued_pdf` is written once. A
correction is a new certificate whose `supersedes_id` points at the old one.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.disciplines import Discipline
from caseflow.disciplines.column import DisciplineColumn
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.vocabulary import Labelled


class CertificateStatus(Labelled):
    DRAFT = "draft"
    ISSUED = "issued"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    CertificateStatus.DRAFT: _l("Draft"),
    CertificateStatus.ISSUED: _l("Valid"),
    CertificateStatus.SUPERSEDED: _l("Superseded"),
    CertificateStatus.REVOKED: _l("Revoked"),
}


class Certificate(Base):
    __tablename__ = "certificate"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        UniqueConstraint("site_id", "year", "number"),
        Index("ix_certificate_person_id_created_at", "person_id", "created_at"),
        Index("ix_certificate_site_id_issued_on", "site_id", "issued_on"),
        # An author's drafts, on her home page (issue 17).
        Index("ix_certificate_author_id_status", "author_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # issuing site: letterhead, serial
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    template: Mapped[str] = mapped_column(String(40))  # a key of caseflow.certificates.TEMPLATES
    # Who reads the content: the discipline of the template (medical, mental health), or
    # the author's for an attestation of follow-up (which holds no clinical detail).
    discipline: Mapped[Discipline] = mapped_column(DisciplineColumn())
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[CertificateStatus] = mapped_column(str_enum(CertificateStatus))
    handover_mode: Mapped[str] = mapped_column(String(16))  # certificates.HandoverMode value
    consent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("consent.id"))
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("certificate.id"))
    # Set when issued, never changed afterwards.
    serial: Mapped[str | None] = mapped_column(String(24), unique=True)
    year: Mapped[int | None]
    number: Mapped[int | None]
    issued_on: Mapped[date | None]  # the issue date printed (the site's local day)
    issued_at: Mapped[datetime | None]
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))  # of the issued file
    body_sha256: Mapped[str | None] = mapped_column(String(64))  # of its signed first revision
    code: Mapped[str | None] = mapped_column(String(160))  # the signed statement (QR, ?c=)
    # Set when superseded or revoked.
    ended_at: Mapped[datetime | None]
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    # What the certificate says: {"exam_date", "identity", "fields", "interpreter",
    # "handover_recipient", "place"}; the draft's and then the issued words.
    content = encrypted("json")
    issued_pdf = encrypted("bytes")
    correction_reason = encrypted("text")  # why this one replaces the one it supersedes
    revocation_reason = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined", foreign_keys=[author_id])
    ended_by: Mapped[User | None] = relationship(foreign_keys=[ended_by_id])
    supersedes: Mapped[Certificate | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def is_draft(self) -> bool:
        return self.status is CertificateStatus.DRAFT

    @property
    def in_force(self) -> bool:
        return self.status is CertificateStatus.ISSUED


class CertificateCounter(Base):
    """The last serial number used per site and year: one row, incremented in place.

    An UPDATE ... RETURNING on this row serialises concurrent issues on
    PostgreSQL (row lock) and on SQLite (one writer), so two certificates never
    share a number and no number is skipped by a failed issue (same transaction).
    """

    __tablename__ = "certificate_counter"

    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)
