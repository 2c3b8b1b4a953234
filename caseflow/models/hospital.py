"""Hospital follow-up (Libya): admissions of followed patients to partner hospitals.

A partner hospital is a row of the coordinator's list (name, the site whose team
follows patients there, active). An admission names the hospital; the ward, the
reason in words and nothing else clinical in free text, encrypted with the
person's key. The reason's morbidity code, the dates, who referred and the
outcome are codes kept in clear: the monthly indicators count them by SQL and
they carry no identity (the person is a random UUID).

Costs covered by the programme (amount and ISO currency) are figures for the
coordinator: in clear for the totals, never shown to clinicians (the services
and pages decide that, not the table).

The team's visits are ordinary medical notes: a HospitalVisit row only links a
note to the admission, so the note keeps its meaning, its confidentiality and
its place in the timeline, and the notes model is not touched.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.vocabulary import Labelled

CURRENCIES = ("LYD", "EUR", "USD")


class ReferredBy(Labelled):
    """Who sent the patient to the hospital (coded: counted, never identifying)."""

    TEAM = "team"
    EMERGENCY_SERVICES = "emergency_services"
    DETENTION_AUTHORITY = "detention_authority"
    OTHER_ORGANISATION = "other_organisation"
    SELF = "self"
    OTHER = "other"

    @property
    def label(self):
        return HOSPITAL_LABELS[self]


class Outcome(Labelled):
    """Where the patient went at discharge."""

    SHELTER = "shelter"
    DETENTION = "detention"
    TRANSFERRED = "transferred"
    DIED = "died"
    LEFT_AGAINST_ADVICE = "left_against_advice"

    @property
    def label(self):
        return HOSPITAL_LABELS[self]


HOSPITAL_LABELS = {
    ReferredBy.TEAM: _l("Our team"),
    ReferredBy.EMERGENCY_SERVICES: _l("Emergency services"),
    ReferredBy.DETENTION_AUTHORITY: _l("Detention authority"),
    ReferredBy.OTHER_ORGANISATION: _l("Another organisation"),
    ReferredBy.SELF: _l("The patient themselves"),
    ReferredBy.OTHER: _l("Other"),
    Outcome.SHELTER: _l("Discharged to the shelter"),
    Outcome.DETENTION: _l("Discharged to detention"),
    Outcome.TRANSFERRED: _l("Transferred to another hospital"),
    Outcome.DIED: _l("Died"),
    Outcome.LEFT_AGAINST_ADVICE: _l("Left against medical advice"),
}


class PartnerHospital(Base):
    """A hospital the programme works with, kept by the coordinator."""

    __tablename__ = "partner_hospital"
    __table_args__ = (UniqueConstraint("site_id", "name", name="uq_partner_hospital_site_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # an institution, not a person
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    site: Mapped[Site] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __repr__(self) -> str:
        return f"<PartnerHospital {self.id}>"


class HospitalAdmission(Base):
    __tablename__ = "hospital_admission"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_hospital_admission_person_id_admitted_on", "person_id", "admitted_on"),
        # Indicators: a site's admissions and discharges of a month.
        Index("ix_hospital_admission_site_id_admitted_on", "site_id", "admitted_on"),
        Index("ix_hospital_admission_site_id_discharged_on", "site_id", "discharged_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    # The following site: the hospital's own site, where the team visits from.
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    hospital_id: Mapped[int] = mapped_column(ForeignKey("partner_hospital.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    admitted_on: Mapped[date]
    reason_code: Mapped[str] = mapped_column(String(64))  # a morbidity code
    referred_by: Mapped[ReferredBy] = mapped_column(str_enum(ReferredBy))
    discharged_on: Mapped[date | None]
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome))
    cost_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    cost_currency: Mapped[str | None] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    ward = encrypted("text")
    reason_text = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    hospital: Mapped[PartnerHospital] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def discharged(self) -> bool:
        return self.discharged_on is not None

    @property
    def length_of_stay(self) -> int | None:
        """Days from admission to discharge, a same-day stay counting 1 day (as hospital
        statistics count day cases: 1), so a day case does not pull the mean to 0."""
        if self.discharged_on is None:
            return None
        return stay_days(self.admitted_on, self.discharged_on)

    def __repr__(self) -> str:
        return f"<HospitalAdmission {self.id} v{self.version}>"


def stay_days(admitted_on: date, discharged_on: date) -> int:
    """Length of stay in days: nights between the two days, a same-day stay (day case)
    counting 1 day, as in hospital statistics. One rule for the page and the indicators."""
    return max((discharged_on - admitted_on).days, 1)


class HospitalVisit(Base):
    """A note of the team's visit, linked to the admission it was made during."""

    __tablename__ = "hospital_visit"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    admission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hospital_admission.id"),
                                                    index=True)
    note_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("note.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
