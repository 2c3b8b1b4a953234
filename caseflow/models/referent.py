"""Referents: the professional responsible for a person's follow-up at a site, per discipline.

A person followed at Pantin has, say, Dr Diallo as medical referent and Yasmine Haddad as
mental-health referent. A change never overwrites: the current referent's row is ended
(`ended_at`, `ended_by_id`) and a new one starts, so the page can show who followed the
person before, and the audit trail says who changed it. Only ids are stored: a referent
is not personal data of the person, and the caseload counts need plain SQL.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.disciplines import Discipline
from caseflow.disciplines.column import DisciplineColumn
from caseflow.models.base import Base, utcnow
from caseflow.models.site import Site
from caseflow.models.user import User


class Referent(Base):
    __tablename__ = "referent"
    __table_args__ = (
        Index("ix_referent_person_id_site_id", "person_id", "site_id"),
        # A professional's caseload and worklist: their current rows, by site.
        Index("ix_referent_user_id_ended_at_site_id", "user_id", "ended_at", "site_id"),
        Index("ix_referent_site_id_ended_at", "site_id", "ended_at"),
        # One current referent per person, site and discipline: two saves racing, or a
        # merge of two records followed at the same site, cannot leave two.
        Index("uq_referent_current", "person_id", "site_id", "discipline", unique=True,
              sqlite_where=text("ended_at IS NULL"),
              postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    discipline: Mapped[Discipline] = mapped_column(DisciplineColumn())
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    ended_at: Mapped[datetime | None]
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    site: Mapped[Site] = relationship(lazy="joined")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def current(self) -> bool:
        return self.ended_at is None

    def __repr__(self) -> str:
        return f"<Referent {self.person_id} site={self.site_id} {self.discipline} " \
               f"user={self.user_id}>"
