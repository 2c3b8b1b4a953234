"""A site of a programme: where people are seen, and whose letterhead certificates carry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, false
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, str_enum, utcnow
from caseflow.roles import SiteKind

DEFAULT_PROGRAMME = "general"  # for a site whose administrator chose nothing else


class Site(Base):
    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short code used in certificate serials (PAN-2026-00042) and statistics.
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166 alpha-2
    kind: Mapped[SiteKind] = mapped_column(str_enum(SiteKind))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Every member of this site must sign in with two-factor (not only coordinators and
    # administrators): for sites whose staff handle the most exposed records.
    require_two_factor: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The programme (caseflow/pathways key) the registration form starts on at this site:
    # a day centre for minors registers for minority recourse, a mobile clinic for general
    # follow-up. Only a starting point; the person registering can choose another.
    default_programme: Mapped[str] = mapped_column(String(40), default=DEFAULT_PROGRAMME)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    # Bumped only by edits made through a form (services), so that a sign-in or a
    # language switch does not make an administrator's open form look stale.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __repr__(self) -> str:
        return f"<Site {self.code}>"
