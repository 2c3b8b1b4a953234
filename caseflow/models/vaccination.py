"""A person's vaccination status and vaccine doses (issue 20, "safety basics").

The status says, for the record as a whole, where what is known comes from: a vaccination
card (or carnet, certificate) that a professional has seen, the person's own word, or
nothing (unknown). The HAS recommendation of 2019 on catch-up vaccination of newly arrived
migrants treats a person whose status is unknown as unvaccinated: the panel shows
"unknown" in warning style so that the catch-up is thought of.

Each dose is a row: the vaccine (caseflow/models/vaccines.py), its number in the series,
the day it was given, and where it comes from: given here by the team (a catch-up dose,
with its batch number, optional) or given before (from the card, or declared). A declared
dose is often remembered by its month or its year only: `given_on` then holds the first day
of that month or year and `given_precision` says how much of it is meant.

Nothing is deleted: a dose recorded by mistake is marked "entered in error" with a reason,
stays visible (struck through) to the team and in the audit trail, and no longer counts for
the catch-up schedule. Both rows carry a version column: two people changing the same
record at once are told, not silently overwritten.

What is clear and what is encrypted: codes, numbers and dates stay clear (an indicator
may count catch-up doses per site and month, as the morbidity codes are counted); the batch
number, the name of an "other" vaccine and the reason of an error are encrypted with the
person's key.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.vaccines import Vaccine


class StatusSource(enum.StrEnum):
    CARD = "card"  # a vaccination card, carnet or certificate seen by the professional
    DECLARED = "declared"  # the person's word, no document
    UNKNOWN = "unknown"  # neither: treated as unvaccinated for the catch-up (HAS 2019)

    @property
    def label(self):
        return LABELS[self]


class DoseOrigin(enum.StrEnum):
    GIVEN_HERE = "given_here"  # a catch-up dose given by the team
    CARD = "card"  # given before, written on a card seen
    DECLARED = "declared"  # given before, as the person says

    @property
    def label(self):
        return LABELS[self]


class DatePrecision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"  # given_on is the first day of the month
    YEAR = "year"  # given_on is the first of January

    @property
    def label(self):
        return LABELS[self]


class DoseState(enum.StrEnum):
    RECORDED = "recorded"
    ENTERED_IN_ERROR = "entered_in_error"

    @property
    def label(self):
        return LABELS[self]


LABELS = {
    StatusSource.CARD: _l("From a vaccination card"),
    StatusSource.DECLARED: _l("Declared by the person"),
    StatusSource.UNKNOWN: _l("Not known"),
    DoseOrigin.GIVEN_HERE: _l("Given here"),
    DoseOrigin.CARD: _l("From the card"),
    DoseOrigin.DECLARED: _l("As declared by the person"),
    DatePrecision.DAY: _l("Exact day"),
    DatePrecision.MONTH: _l("Month and year only"),
    DatePrecision.YEAR: _l("Year only"),
    DoseState.RECORDED: _l("Valid entry"),
    DoseState.ENTERED_IN_ERROR: _l("Entered in error"),
}


class VaccinationStatus(Base):
    """The status of a person's record as a whole: one row per person (a merge of two
    records may leave two: the latest recorded is the one shown)."""

    __tablename__ = "vaccination_status"
    __encrypted_person_attr__ = "person_id"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    source: Mapped[StatusSource] = mapped_column(str_enum(StatusSource))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # where it was recorded
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    def __repr__(self) -> str:  # ids only
        return f"<VaccinationStatus {self.id}>"


class VaccinationDose(Base):
    __tablename__ = "vaccination_dose"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_vaccination_dose_site_given", "site_id", "given_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # where it was recorded
    vaccine: Mapped[Vaccine] = mapped_column(str_enum(Vaccine))
    dose_number: Mapped[int]
    given_on: Mapped[date]
    given_precision: Mapped[DatePrecision] = mapped_column(str_enum(DatePrecision))
    origin: Mapped[DoseOrigin] = mapped_column(str_enum(DoseOrigin))
    state: Mapped[DoseState] = mapped_column(str_enum(DoseState))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    corrected_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    other_name = encrypted("text")  # the vaccine's name when `vaccine` is "other"
    lot_number = encrypted("text")  # batch number of a dose given here (optional)
    error_reason = encrypted("text")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        kwargs.setdefault("state", DoseState.RECORDED)
        super().__init__(**kwargs)

    @property
    def in_error(self) -> bool:
        return self.state == DoseState.ENTERED_IN_ERROR

    def __repr__(self) -> str:  # ids only
        return f"<VaccinationDose {self.id}>"
