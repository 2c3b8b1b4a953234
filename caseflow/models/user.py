"""Staff accounts and their site memberships.

A user's sessions are bound to `session_token`: changing it (password change,
reset, deactivation) ends every open session of that user at once, which a
signed-cookie session could not do on its own.

Two-factor sign-in (TOTP) keeps its seed sealed by caseflow.crypto.secrets, never
in clear; a seed without `totp_enabled_at` is an enrolment not yet confirmed.
`totp_last_step` is the last accepted 30-second time step, so that a code seen
over a shoulder or phished cannot be used a second time.

`form_of_address` is how what the user signs agrees with them (« Je soussignée /
soussigné »); not stated, certificates keep the inclusive « Je soussigné(e) ».

`profession_code` (caseflow.certificates.professions.Profession) is the profession as a
certificate prints it, in the certificate's language; `profession` stays the free text,
printed as typed when the code is "other" or not set. `licence_number` is the national
licence outside France (Libya: Medical Syndicate / Ministry of Health), printed on what
the account signs at a site of a country whose rules print it
(caseflow.certificates.signer.REGISTERS_BY_COUNTRY).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.certificates.wording import Gender
from caseflow.disciplines import Discipline
from caseflow.disciplines.column import DisciplineColumn
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site
from caseflow.roles import Role


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


def session_token_digest(token: str) -> str:
    """What cookies carry instead of the token itself: signed cookies are readable."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    discipline: Mapped[Discipline | None] = mapped_column(DisciplineColumn())
    profession: Mapped[str] = mapped_column(String(120), default="")
    profession_code: Mapped[str | None] = mapped_column(String(32))
    rpps: Mapped[str | None] = mapped_column(String(11))
    adeli: Mapped[str | None] = mapped_column(String(9))
    licence_number: Mapped[str | None] = mapped_column(String(32))
    form_of_address: Mapped[Gender] = mapped_column(str_enum(Gender, length=16),
                                                    default=Gender.INCLUSIVE)
    language: Mapped[str | None] = mapped_column(String(5))
    password_hash: Mapped[str] = mapped_column(String(255))
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed, never clear
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    memberships: Mapped[list[SiteMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Bumped only by edits made through a form (services), so that a sign-in or a
    # language switch does not make an administrator's open form look stale.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    # Flask-Login protocol. get_id carries (a digest of) the session token, not only the
    # primary key, so that rotating the token signs the user out everywhere.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{session_token_digest(self.session_token)}"

    @property
    def sites(self) -> list[Site]:
        return sorted((m.site for m in self.memberships), key=lambda s: s.name)

    @property
    def site_ids(self) -> set[int]:
        return {m.site_id for m in self.memberships}

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def __repr__(self) -> str:
        return f"<User {self.login}>"


class SiteMembership(Base):
    __tablename__ = "site_membership"
    __table_args__ = (UniqueConstraint("user_id", "site_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    site: Mapped[Site] = relationship(lazy="joined")
