"""Notes: one contact in one discipline, with coded fields in clear and the rest encrypted.

Coded fields (`codes`: morbidity codes, CGI scores, housing, procedure step...)
stay in clear because indicators are computed from them by SQL; they carry no
identity (the person is a random UUID) and docs/SECURITY.md lists them. Free
text and everything clinical that is not a code (vital signs, treatment, risk,
lawyer, reason) is encrypted with the person's key.

A correction never overwrites: the previous content is copied into a
NoteRevision, readable by the author and the coordinator, and `version` grows.
Two people saving the same version: the second is refused (optimistic locking).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.disciplines import Discipline
from caseflow.disciplines.column import DisciplineColumn
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.vocabulary import Confidentiality, InterpreterKind, NoteKind


class Note(Base):
    __tablename__ = "note"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_note_person_id_occurred_at", "person_id", "occurred_at"),
        Index("ix_note_site_id_occurred_at", "site_id", "occurred_at"),
        # Indicators: a month of notes over every site, counted by site and discipline and
        # joined to their people, read from the index alone (the rows are large).
        Index("ix_note_occurred_at", "occurred_at", "person_id", "site_id", "discipline"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    discipline: Mapped[Discipline] = mapped_column(DisciplineColumn())
    kind: Mapped[NoteKind] = mapped_column(str_enum(NoteKind))
    occurred_at: Mapped[datetime]
    interpreter_kind: Mapped[InterpreterKind] = mapped_column(str_enum(InterpreterKind))
    interpreter_language: Mapped[str | None] = mapped_column(String(8))
    confidentiality: Mapped[Confidentiality] = mapped_column(str_enum(Confidentiality))
    codes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    details = encrypted("json")  # vital signs, treatment, risk, lawyer, hearing date...
    text = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    def __repr__(self) -> str:
        return f"<Note {self.id} {self.discipline} v{self.version}>"


class NoteRevision(Base):
    """The content a note had before a correction, kept whole."""

    __tablename__ = "note_revision"
    __encrypted_person_attr__ = "person_id"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    note_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("note.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    version: Mapped[int]
    occurred_at: Mapped[datetime]
    confidentiality: Mapped[Confidentiality] = mapped_column(str_enum(Confidentiality))
    codes: Mapped[dict] = mapped_column(JSON, default=dict)
    interpreter_kind: Mapped[InterpreterKind] = mapped_column(str_enum(InterpreterKind))
    interpreter_language: Mapped[str | None] = mapped_column(String(8))
    saved_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    saved_at: Mapped[datetime]  # when this content was saved (the note's updated_at then)
    details = encrypted("json")
    text = encrypted("text")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)
