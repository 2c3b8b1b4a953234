"""Consent: an append-only history per person and purpose; the current state is derived.

Nothing is overwritten: a withdrawal is a new row. The latest row in force
for a (purpose, scope) pair is the person's current decision (a row awaiting
a second professional's confirmation is not in force yet: see
`needs_confirmation`). `scope` names the discipline for sharing inside the
team, or the partner or site for outside sharing (docs/SECURITY.md, Consent).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.vocabulary import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
)


class Consent(Base):
    __tablename__ = "consent"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_consent_person_id_purpose_scope", "person_id", "purpose", "scope"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    purpose: Mapped[ConsentPurpose] = mapped_column(str_enum(ConsentPurpose))
    # Discipline code, "site:<id>", or "partner:<kind>" (the partner's name is encrypted).
    scope: Mapped[str] = mapped_column(String(60), default="")
    decision: Mapped[ConsentDecision] = mapped_column(str_enum(ConsentDecision))
    decided_by: Mapped[DecidedBy] = mapped_column(str_enum(DecidedBy))
    method: Mapped[ConsentMethod] = mapped_column(str_enum(ConsentMethod))
    interpreter_kind: Mapped[InterpreterKind] = mapped_column(str_enum(InterpreterKind))
    interpreter_language: Mapped[str | None] = mapped_column(String(8))
    decided_on: Mapped[date] = mapped_column(index=True)
    review_on: Mapped[date | None]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    # A sharing consent that would let its own recorder read more than before waits for a
    # second professional (caseflow.access.consents): until confirmed it grants nothing.
    needs_confirmation: Mapped[bool] = mapped_column(default=False, server_default=false())
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime | None]
    # Encrypted: names of people (the adult accompanying a minor, a partner) and free text.
    accompanying_adult = encrypted("text")
    partner_name = encrypted("text")
    note = encrypted("text")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def key(self) -> tuple[ConsentPurpose, str]:
        return (self.purpose, self.scope)

    @property
    def awaiting_confirmation(self) -> bool:
        """Recorded, not yet confirmed by a second professional: in the history, not in force."""
        return bool(self.needs_confirmation) and self.confirmed_at is None
