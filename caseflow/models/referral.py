"""Referrals: to another discipline of the team, or to an outside partner.

The partner's name, the reason and the outcome are encrypted with the person's
key. Every status change is a dated row of its own (ReferralStatusChange):
nothing is silently overwritten. Sharing with an outside partner needs the
person's consent (purpose `partner_sharing`, one scope per partner), checked
each time the referral is sent or its letter printed.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.disciplines import Discipline
from caseflow.disciplines.column import DisciplineColumn
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.vocabulary import Labelled


class PartnerKind(Labelled):
    HOSPITAL_PASS = "hospital_pass"  # noqa: S105 (a partner kind)
    PSYCHIATRY_CMP = "psychiatry_cmp"
    LAWYER = "lawyer"
    CHILD_WELFARE_ASE = "child_welfare_ase"
    UNHCR = "unhcr"
    # Outside France (caseflow/countries.py decides which kinds a site offers).
    HOSPITAL = "hospital"
    IOM = "iom"
    PROTECTION_ACTOR = "protection_actor"
    OTHER = "other"

    @property
    def label(self):
        return REFERRAL_LABELS[self]


class Urgency(Labelled):
    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"

    @property
    def label(self):
        return REFERRAL_LABELS[self]


class ReferralStatus(Labelled):
    PROPOSED = "proposed"
    SENT = "sent"
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    DECLINED = "declined"
    NO_SHOW = "no_show"

    @property
    def label(self):
        return REFERRAL_LABELS[self]


OPEN_STATUSES = (ReferralStatus.PROPOSED, ReferralStatus.SENT, ReferralStatus.ACCEPTED)

REFERRAL_LABELS = {
    PartnerKind.HOSPITAL_PASS: _l("Hospital (PASS)"),
    PartnerKind.PSYCHIATRY_CMP: _l("Psychiatry (CMP)"),
    PartnerKind.LAWYER: _l("Lawyer"),
    PartnerKind.CHILD_WELFARE_ASE: _l("Child welfare (ASE)"),
    PartnerKind.UNHCR: _l("UNHCR"),
    PartnerKind.HOSPITAL: _l("Hospital"),
    PartnerKind.IOM: _l("IOM"),
    PartnerKind.PROTECTION_ACTOR: _l("Protection actor"),
    PartnerKind.OTHER: _l("Other partner"),
    Urgency.ROUTINE: _l("Routine"),
    Urgency.SOON: _l("Soon"),
    Urgency.URGENT: _l("Urgent"),
    ReferralStatus.PROPOSED: _l("Proposed"),
    ReferralStatus.SENT: _l("Sent"),
    ReferralStatus.ACCEPTED: _l("Accepted"),
    ReferralStatus.COMPLETED: _l("Completed"),
    ReferralStatus.DECLINED: _l("Declined"),
    ReferralStatus.NO_SHOW: _l("No show"),
}


class Referral(Base):
    __tablename__ = "referral"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_referral_person_id_created_at", "person_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # the referring site
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    from_discipline: Mapped[Discipline] = mapped_column(DisciplineColumn())
    # Exactly one of the two: another discipline of the team, or an outside partner.
    target_discipline: Mapped[Discipline | None] = mapped_column(DisciplineColumn())
    partner_kind: Mapped[PartnerKind | None] = mapped_column(str_enum(PartnerKind))
    urgency: Mapped[Urgency] = mapped_column(str_enum(Urgency))
    status: Mapped[ReferralStatus] = mapped_column(str_enum(ReferralStatus))
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome_on: Mapped[date | None]
    # The partner-sharing consent recorded with the referral, if any (informative:
    # the consent in force is read again before each sending and each print).
    consent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("consent.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    version: Mapped[int] = mapped_column(default=1)
    partner_name = encrypted("text")
    reason = encrypted("text")
    outcome = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")
    # Loaded when a referral's page reads it, not with every list or timeline row.
    changes: Mapped[list[ReferralStatusChange]] = relationship(
        order_by="ReferralStatusChange.changed_at", cascade="all, delete-orphan",
        back_populates="referral",
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def external(self) -> bool:
        return self.partner_kind is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def __repr__(self) -> str:
        return f"<Referral {self.id} {self.status}>"


class ReferralStatusChange(Base):
    """One dated status of a referral: who moved it, when, to what."""

    __tablename__ = "referral_status_change"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    referral_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referral.id"), index=True)
    status: Mapped[ReferralStatus] = mapped_column(str_enum(ReferralStatus))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    referral: Mapped[Referral] = relationship(back_populates="changes")
    changed_by: Mapped[User] = relationship(lazy="joined")
