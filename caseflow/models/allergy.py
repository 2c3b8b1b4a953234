"""A person's allergies (issue 20): the answer to "any allergy?" and the allergy entries.

Why two tables:
- `AllergyStatusAnswer` keeps every explicit answer, with who recorded it and when,
  append-only: "no known allergy" is a clinical statement someone is accountable for,
  and "not asked" is the absence of any answer (never stored, so that a blank can never
  read as a "no"). The current answer is derived by services/safety/allergies.py: any
  current entry means "has allergies", whatever an older answer said.
- `Allergy` is one substance the person reacts to: the group, reaction, severity and
  source are coded (caseflow/models/allergy_codes.py, mapped to ICD-10) and, like the
  substance's own name and the reaction's details, encrypted with the person's key: no
  indicator counts them, and an allergy tells a clinical history. Only the entry's
  state and dates stay clear. An entry is never deleted: it is retired as "no longer" or
  "entered in error", with who and when, and edits are versioned (optimistic locking).

Neither table is tied to a site for reading: an allergy is true of the person wherever
they are seen (services/safety/__init__.py says who reads it). The site kept is where it
was recorded, for the audit and the timeline.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.crypto import encrypted
from caseflow.models.allergy_codes import (
    AllergenGroup,
    AllergyAnswer,
    AllergySource,
    EntryState,
    Reaction,
    Severity,
)
from caseflow.models.base import Base, str_enum, utcnow


class AllergyStatusAnswer(Base):
    """One explicit answer to "any allergy?" (the latest one counts)."""

    __tablename__ = "allergy_status_answer"
    __table_args__ = (
        Index("ix_allergy_status_answer_person_recorded", "person_id", "recorded_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    answer: Mapped[AllergyAnswer] = mapped_column(str_enum(AllergyAnswer))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:  # ids only
        return f"<AllergyStatusAnswer {self.id}>"


class Allergy(Base):
    __tablename__ = "allergy"
    __encrypted_person_attr__ = "person_id"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # where it was recorded
    # The codes are encrypted too (no indicator counts them): read through the properties.
    group_code = encrypted("text")
    substance = encrypted("text")  # the substance's own name, when known
    reaction_code = encrypted("text")
    reaction_details = encrypted("text")
    severity_code = encrypted("text")
    source_code = encrypted("text")
    noted_on: Mapped[date]
    state: Mapped[EntryState] = mapped_column(str_enum(EntryState), default=EntryState.ACTIVE)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    retired_at: Mapped[datetime | None]
    retired_reason = encrypted("text")  # why it is no longer, or what the error was
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def group(self) -> AllergenGroup:
        return AllergenGroup(self.group_code)

    @property
    def reaction(self) -> Reaction:
        return Reaction(self.reaction_code)

    @property
    def severity(self) -> Severity:
        return Severity(self.severity_code)

    @property
    def source(self) -> AllergySource:
        return AllergySource(self.source_code)

    @property
    def active(self) -> bool:
        return self.state == EntryState.ACTIVE

    def __repr__(self) -> str:  # ids only
        return f"<Allergy {self.id}>"
