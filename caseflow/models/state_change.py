"""A pathway state change: an event with its date, author and note, never a silent update."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.disciplines import Discipline
from caseflow.disciplines.column import DisciplineColumn
from caseflow.models.base import Base, utcnow
from caseflow.models.user import User


class StateChange(Base):
    __tablename__ = "state_change"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (Index("ix_state_change_person_id_changed_on", "person_id", "changed_on"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    enrolment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolment.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    programme: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    changed_on: Mapped[date] = mapped_column(index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    author_discipline: Mapped[Discipline | None] = mapped_column(DisciplineColumn())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note = encrypted("text")

    author: Mapped[User] = relationship(lazy="joined")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)
