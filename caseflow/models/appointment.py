"""Appointments: planned follow-up in any discipline, hearings included.

A legal hearing is an appointment of discipline `legal` and kind `hearing`.
Times are stored in UTC and shown in the time zone of the appointment's site.
The last status change keeps who made it and when; the audit trail keeps
every change. The note is encrypted with the person's key.
"""

from __future__ import annotations

import uuid
from datetime import datetime

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


class AppointmentKind(Labelled):
    CONSULTATION = "consultation"
    FOLLOW_UP = "follow_up"
    GROUP_SESSION = "group_session"
    INTERVIEW = "interview"  # administration: prefecture, OFPRA, child welfare...
    HEARING = "hearing"  # a court hearing: legal discipline only
    ACCOMPANIMENT = "accompaniment"
    PHONE_CALL = "phone_call"
    OTHER = "other"

    @property
    def label(self):
        return APPOINTMENT_LABELS[self]


class AppointmentStatus(Labelled):
    SCHEDULED = "scheduled"
    ATTENDED = "attended"
    MISSED = "missed"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return APPOINTMENT_LABELS[self]


APPOINTMENT_LABELS = {
    AppointmentKind.CONSULTATION: _l("Consultation"),
    AppointmentKind.FOLLOW_UP: _l("Follow-up visit"),
    AppointmentKind.GROUP_SESSION: _l("Group session"),
    AppointmentKind.INTERVIEW: _l("Interview with an administration"),
    AppointmentKind.HEARING: _l("Hearing"),
    AppointmentKind.ACCOMPANIMENT: _l("Accompaniment"),
    AppointmentKind.PHONE_CALL: _l("Phone call"),
    AppointmentKind.OTHER: _l("Other"),
    AppointmentStatus.SCHEDULED: _l("Scheduled"),
    AppointmentStatus.ATTENDED: _l("Attended"),
    AppointmentStatus.MISSED: _l("Missed"),
    AppointmentStatus.CANCELLED: _l("Cancelled"),
}


class Appointment(Base):
    __tablename__ = "appointment"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_appointment_site_id_scheduled_at", "site_id", "scheduled_at"),
        Index("ix_appointment_person_id_scheduled_at", "person_id", "scheduled_at"),
        Index("ix_appointment_with_user_id_scheduled_at", "with_user_id", "scheduled_at"),
        # Indicators: each person's last missed (or attended) appointment, from the index.
        Index("ix_appointment_status_person_id_scheduled_at", "status", "person_id",
              "scheduled_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    discipline: Mapped[Discipline] = mapped_column(DisciplineColumn())
    kind: Mapped[AppointmentKind] = mapped_column(str_enum(AppointmentKind))
    scheduled_at: Mapped[datetime] = mapped_column(index=True)  # UTC
    with_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[AppointmentStatus] = mapped_column(
        str_enum(AppointmentStatus), default=AppointmentStatus.SCHEDULED)
    status_changed_at: Mapped[datetime | None]
    status_changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    note = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    with_user: Mapped[User | None] = relationship(foreign_keys=[with_user_id], lazy="joined")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    def __repr__(self) -> str:
        return f"<Appointment {self.id} {self.discipline} {self.status}>"
