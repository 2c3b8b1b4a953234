"""A morbidity code's label in one interface language: one row per (code, language).

Coordinators extend the list at run time, so its labels cannot live in the gettext
catalogues; rows rather than a column per language let a language be added without a
migration, and a missing row is visible (caseflow/morbidity.py falls back to the
default language and says so).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base


class MorbidityLabel(Base):
    __tablename__ = "morbidity_labels"

    code: Mapped[str] = mapped_column(String(40), ForeignKey("morbidity_code.code"),
                                      primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
