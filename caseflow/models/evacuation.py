"""Evacuations out of Libya (issue 19): a case per person, its dated steps, the doctor's
fitness-to-travel assessments and the medical reports attached to the file.

What stays in clear and why: the mechanism, the destination (ISO 3166 alpha-2), the kind
of partner agency, the status and the dates of the steps, the fitness category and its
validity date. The indicators (departures by mechanism and destination, days from
identification to departure, cases waiting per step) are SQL over these codes, and none
names anyone (the person is a random UUID). Encrypted with the person's key: the
partner's case number (it finds the person in the partner's files), the partner's name as
typed, the notes, and everything clinical of an assessment (the travel conditions, which
say "oxygen" or "stretcher", and the doctor's words).

People travelling together (a family) share a `group_id`: a random UUID and nothing else,
so a group needs no table of its own and a case leaves it by clearing its own column.

The pathway is history: each step is a row (EvacuationStep), never changed; a correction
of a step's date is a new row naming the one it corrects (`corrects_id`), and the
corrected row stays, read as replaced. The case keeps its current status and the dates
the indicators read (identified, departed) beside the steps, updated in the same
transaction (never by hand).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.referral import PartnerKind
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.vocabulary import Labelled


class Mechanism(Labelled):
    EMERGENCY_TRANSIT = "emergency_transit"  # UNHCR's ETM: Niger or Rwanda
    RESETTLEMENT = "resettlement"
    HUMANITARIAN_CORRIDOR = "humanitarian_corridor"
    MEDICAL_EVACUATION = "medical_evacuation"
    FAMILY_REUNIFICATION = "family_reunification"

    @property
    def label(self):
        return EVACUATION_LABELS[self]


class EvacuationStatus(Labelled):
    """The pathway, in order, then the exits (from any open step)."""

    IDENTIFIED = "identified"
    ASSESSED = "assessed"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    MEDICALLY_CLEARED = "medically_cleared"
    DEPARTED = "departed"
    ARRIVED = "arrived"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    LOST_CONTACT = "lost_contact"
    DETAINED = "detained"
    DIED = "died"

    @property
    def label(self):
        return EVACUATION_LABELS[self]


PATHWAY = (EvacuationStatus.IDENTIFIED, EvacuationStatus.ASSESSED, EvacuationStatus.SUBMITTED,
           EvacuationStatus.ACCEPTED, EvacuationStatus.MEDICALLY_CLEARED,
           EvacuationStatus.DEPARTED, EvacuationStatus.ARRIVED)
EXITS = (EvacuationStatus.REFUSED, EvacuationStatus.WITHDRAWN, EvacuationStatus.LOST_CONTACT,
         EvacuationStatus.DETAINED, EvacuationStatus.DIED)
# A case that has left Libya is no longer "open": only its arrival is still to record.
OPEN = PATHWAY[:-2]


class Fitness(Labelled):
    FIT = "fit"
    FIT_WITH_CONDITIONS = "fit_with_conditions"
    FIT_WITH_ESCORT = "fit_with_escort"
    UNFIT_TEMPORARILY = "unfit_temporarily"
    UNFIT = "unfit"

    @property
    def label(self):
        return EVACUATION_LABELS[self]


FIT_TO_TRAVEL = (Fitness.FIT, Fitness.FIT_WITH_CONDITIONS, Fitness.FIT_WITH_ESCORT)


class TravelCondition(Labelled):
    OXYGEN = "oxygen"
    WHEELCHAIR = "wheelchair"
    STRETCHER = "stretcher"
    MEDICATION = "medication"
    OTHER = "other"

    @property
    def label(self):
        return EVACUATION_LABELS[self]


PARTNER_KINDS = (PartnerKind.UNHCR, PartnerKind.IOM, PartnerKind.PROTECTION_ACTOR,
                 PartnerKind.OTHER)

EVACUATION_LABELS = {
    Mechanism.EMERGENCY_TRANSIT: _l("UNHCR emergency transit (Niger or Rwanda)"),
    Mechanism.RESETTLEMENT: _l("Resettlement"),
    Mechanism.HUMANITARIAN_CORRIDOR: _l("Humanitarian corridor"),
    Mechanism.MEDICAL_EVACUATION: _l("Medical evacuation"),
    Mechanism.FAMILY_REUNIFICATION: _l("Family reunification"),
    EvacuationStatus.IDENTIFIED: _l("Identified"),
    EvacuationStatus.ASSESSED: _l("Assessed"),
    EvacuationStatus.SUBMITTED: _l("Submitted"),
    EvacuationStatus.ACCEPTED: _l("Accepted"),
    EvacuationStatus.MEDICALLY_CLEARED: _l("Medically cleared"),
    EvacuationStatus.DEPARTED: _l("Departed"),
    EvacuationStatus.ARRIVED: _l("Arrived"),
    EvacuationStatus.REFUSED: _l("Refused"),
    EvacuationStatus.WITHDRAWN: _l("Withdrawn"),
    EvacuationStatus.LOST_CONTACT: _l("Lost contact"),
    EvacuationStatus.DETAINED: _l("Detained"),
    EvacuationStatus.DIED: _l("Died"),
    Fitness.FIT: _l("Fit to travel"),
    Fitness.FIT_WITH_CONDITIONS: _l("Fit to travel with conditions"),
    Fitness.FIT_WITH_ESCORT: _l("Fit to travel with a medical escort"),
    Fitness.UNFIT_TEMPORARILY: _l("Temporarily unfit to travel"),
    Fitness.UNFIT: _l("Unfit to travel"),
    TravelCondition.OXYGEN: _l("Oxygen during the journey"),
    TravelCondition.WHEELCHAIR: _l("Wheelchair"),
    TravelCondition.STRETCHER: _l("Stretcher"),
    TravelCondition.MEDICATION: _l("Medication for the journey"),
    TravelCondition.OTHER: _l("Other condition"),
}


class EvacuationCase(Base):
    __tablename__ = "evacuation_case"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_evacuation_case_person_id", "person_id"),
        # Indicators: a site's departures of a month, its cases waiting per step.
        Index("ix_evacuation_case_site_id_departed_on", "site_id", "departed_on"),
        Index("ix_evacuation_case_site_id_status", "site_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # the site following the case
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    group_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    mechanism: Mapped[Mechanism] = mapped_column(str_enum(Mechanism))
    destination: Mapped[str] = mapped_column(String(2))  # ISO 3166 alpha-2
    partner_kind: Mapped[PartnerKind] = mapped_column(str_enum(PartnerKind))
    status: Mapped[EvacuationStatus] = mapped_column(str_enum(EvacuationStatus))
    status_on: Mapped[date]
    identified_on: Mapped[date]
    departed_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    partner_name = encrypted("text")
    partner_case_number = encrypted("text")
    notes = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def __repr__(self) -> str:
        return f"<EvacuationCase {self.id} v{self.version}>"


class EvacuationStep(Base):
    """One dated step of the pathway; a correction is a new row naming the one it corrects."""

    __tablename__ = "evacuation_step"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("evacuation_case.id"), index=True)
    status: Mapped[EvacuationStatus] = mapped_column(str_enum(EvacuationStatus))
    step_on: Mapped[date]
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("evacuation_step.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by: Mapped[User] = relationship(lazy="joined")


class FitnessAssessment(Base):
    """A doctor's assessment of fitness to travel, valid until a date (the journey takes
    place on or before it, that day included: an expired assessment does not clear a
    departure)."""

    __tablename__ = "fitness_assessment"
    __encrypted_person_attr__ = "person_id"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("evacuation_case.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    assessed_on: Mapped[date]
    category: Mapped[Fitness] = mapped_column(str_enum(Fitness))
    valid_until: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    conditions = encrypted("text")  # TravelCondition codes, comma-separated
    details = encrypted("text")  # the doctor's words: medical roles only

    author: Mapped[User] = relationship(lazy="joined")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def condition_codes(self) -> list[TravelCondition]:
        return [TravelCondition(c) for c in (self.conditions or "").split(",")
                if c in set(TravelCondition)]

    def clears(self, day: date) -> bool:
        """Fit (with conditions or an escort) and still valid on `day` (the last day of
        validity included, as the form says)."""
        return (self.category in FIT_TO_TRAVEL and self.valid_until is not None
                and self.assessed_on <= day <= self.valid_until)


class EvacuationDocument(Base):
    """A medical report (an issued `medical_report` certificate of the same person) put in
    the evacuation file, with the consent under which it is shared with the partner."""

    __tablename__ = "evacuation_document"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("evacuation_case.id"), index=True)
    # Indexed: which files hold a certificate (revocation, erasure), under which consent.
    certificate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("certificate.id"), index=True)
    consent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("consent.id"), index=True)
    attached_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    attached_at: Mapped[datetime] = mapped_column(default=utcnow)
