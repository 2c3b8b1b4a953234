"""Vulnerability flags: each set with a date and an author, and cleared, never deleted."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, str_enum, utcnow
from caseflow.vocabulary import Vulnerability


class VulnerabilityFlag(Base):
    __tablename__ = "vulnerability_flag"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    flag: Mapped[Vulnerability] = mapped_column(str_enum(Vulnerability))
    noted_on: Mapped[date] = mapped_column(index=True)
    noted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    noted_at: Mapped[datetime] = mapped_column(default=utcnow)
    cleared_on: Mapped[date | None]
    cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def active(self) -> bool:
        return self.cleared_on is None
