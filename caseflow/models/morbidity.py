"""Morbidity codes added by the medical coordinator to the default list.

The code is the concept; its labels, one per interface language, are rows of
MorbidityLabel (models/morbidity_label.py), so a new language needs no new column.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, utcnow


class MorbidityCode(Base):
    __tablename__ = "morbidity_code"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
