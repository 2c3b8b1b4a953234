"""A person's current treatments (issue 20): what they take, since when, who prescribed it.

One row per medicine. The medicine's name, the dose and frequency, the optional ATC code
and the prescriber's name are encrypted with the person's key: a treatment tells the
illness (an antiretroviral, an antipsychotic), and no indicator counts them; the
prescriber's kind too. Only the dates and the stop reason (the lists leave out what was
entered in error) are clear. A treatment is stopped (date and coded
reason), never deleted; "entered in error" is a stop reason that hides it from every
list but the person's history. Edits are versioned (optimistic locking).
"""

from __future__ import annotations

import enum
import re
import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow

# WHO ATC: a chemical substance (level 5, "J01CA04" amoxicillin) or its chemical subgroup
# (level 4, "J01CA" penicillins with extended spectrum).
ATC_PATTERN = re.compile(r"[A-Z][0-9]{2}[A-Z]{2}(?:[0-9]{2})?")


class _Coded:
    @property
    def label(self):
        return LABELS[(type(self).__name__, self.value)]


class Prescriber(_Coded, enum.StrEnum):
    CASEFLOW_DOCTOR = "caseflow_doctor"  # a doctor of the programme
    OUTSIDE = "outside"  # an outside doctor or hospital
    SELF = "self"  # the person themself, or a pharmacy without prescription
    UNKNOWN = "unknown"


class StopReason(_Coded, enum.StrEnum):
    COMPLETED = "completed"  # the course is over
    SIDE_EFFECT = "side_effect"  # side effect or intolerance
    INEFFECTIVE = "ineffective"
    REPLACED = "replaced"  # changed for another treatment
    PERSON_STOPPED = "person_stopped"  # the person stopped it
    OTHER = "other"
    ENTERED_IN_ERROR = "entered_in_error"


def _k(cls, value) -> tuple[str, str]:
    return (cls.__name__, value)


LABELS = {
    _k(Prescriber, "caseflow_doctor"): _l("A doctor of the programme"),
    _k(Prescriber, "outside"): _l("An outside doctor or hospital"),
    _k(Prescriber, "self"): _l("Self-medication or pharmacy"),
    _k(Prescriber, "unknown"): _l("Unknown"),
    _k(StopReason, "completed"): _l("Course completed"),
    _k(StopReason, "side_effect"): _l("Side effect or intolerance"),
    _k(StopReason, "ineffective"): _l("Not effective"),
    _k(StopReason, "replaced"): _l("Replaced by another treatment"),
    _k(StopReason, "person_stopped"): _l("Stopped by the person"),
    _k(StopReason, "other"): _l("Other reason"),
    _k(StopReason, "entered_in_error"): _l("Entered in error"),
}


class Medication(Base):
    __tablename__ = "medication"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_medication_person_stopped", "person_id", "stopped_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # where it was recorded
    medicine = encrypted("text")
    atc_code = encrypted("text")
    dose = encrypted("text")  # dose and frequency, as the prescription says
    started_on: Mapped[date | None]
    prescriber_code = encrypted("text")  # a Prescriber value (read through `prescriber`)
    prescriber_details = encrypted("text")
    stopped_on: Mapped[date | None]
    # Clear: the lists leave out what was entered in error, in SQL.
    stop_reason: Mapped[StopReason | None] = mapped_column(str_enum(StopReason))
    stop_details = encrypted("text")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def prescriber(self) -> Prescriber:
        return Prescriber(self.prescriber_code)

    @property
    def current(self) -> bool:
        return self.stopped_on is None

    def __repr__(self) -> str:  # ids only
        return f"<Medication {self.id}>"
