"""Tasks: a dated thing to do for a person (« appeler l'avocate avant l'audience du 12/01 »).

Set by a professional for themself or a colleague of the site; shown on the person page and
in the worklist of whom it is for. A task is done or cancelled, never deleted: who closed
it and when stay. Its text says something about the person, so it is encrypted with the
person's key like a note, and erased with them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.disciplines import Discipline
from caseflow.disciplines.column import DisciplineColumn
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.vocabulary import Labelled


class TaskStatus(Labelled):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return TASK_LABELS[self]


TASK_LABELS = {
    TaskStatus.OPEN: _l("To do"),
    TaskStatus.DONE: _l("Done"),
    TaskStatus.CANCELLED: _l("Cancelled"),
}


class Task(Base):
    __tablename__ = "task"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_task_person_id_status", "person_id", "status"),
        Index("ix_task_assigned_to_id_status_due_on", "assigned_to_id", "status", "due_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    assigned_to_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The author's discipline: who else may read the task follows the discipline's rules
    # and the person's consent to share it, as for a note (services/care/tasks.py).
    discipline: Mapped[Discipline] = mapped_column(DisciplineColumn())
    due_on: Mapped[date]
    status: Mapped[TaskStatus] = mapped_column(str_enum(TaskStatus), default=TaskStatus.OPEN)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1)
    text = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    assigned_to: Mapped[User] = relationship(foreign_keys=[assigned_to_id], lazy="joined")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id], lazy="joined")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.status}>"
