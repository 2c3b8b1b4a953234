"""Break-glass: an emergency opening of a record outside the user's sites.

A clinician who finds a person followed elsewhere (a Tripoli doctor treating
someone first seen in Zwara) may open the record after writing why. Each
opening is one row: who, from which of their sites, when, until when, and the
medical coordinator's review (justified or not). The reason and the review
note are free text that may name the person or their condition, so they are
encrypted with the person's key, like clinical text; the audit trail only
points at the row. The row is never deleted: the review history is the point.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.vocabulary import Labelled


class BreakGlassReview(Labelled):
    PENDING = "pending"
    JUSTIFIED = "justified"
    UNJUSTIFIED = "unjustified"

    @property
    def label(self):
        return REVIEW_LABELS[self]


REVIEW_LABELS = {
    BreakGlassReview.PENDING: _l("To review"),
    BreakGlassReview.JUSTIFIED: _l("Justified"),
    BreakGlassReview.UNJUSTIFIED: _l("Not justified"),
}


class BreakGlassAccess(Base):
    __tablename__ = "break_glass_access"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        # "Has this user an open grant on this person?" is asked on every page they open.
        Index("ix_break_glass_access_user_id_person_id", "user_id", "person_id", "expires_at"),
        # The coordinator's list: pending first, newest first.
        Index("ix_break_glass_access_review_opened_at", "review", "opened_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # The user's own site the emergency happened at (where a note they write is dated).
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    review: Mapped[BreakGlassReview] = mapped_column(str_enum(BreakGlassReview),
                                                      default=BreakGlassReview.PENDING)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    reason = encrypted("text")
    review_note = encrypted("text")

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    site: Mapped[Site] = relationship(lazy="joined")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        # The id is known before the flush: the encrypted fields are bound to it.
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    def active_at(self, now: datetime) -> bool:
        return self.opened_at <= now < self.expires_at

    def __repr__(self) -> str:
        return f"<BreakGlassAccess {self.id} {self.review}>"
