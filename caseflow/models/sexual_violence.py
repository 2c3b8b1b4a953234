"""Sexual-violence care (issue 20): one consultation with its clock, the care given or why not.

WHO (Clinical management of rape and intimate partner violence survivors, 2019/2020;
Responding to children and adolescents who have been sexually abused, 2017) and MSF's
clinical guidelines time the care from the assault: HIV post-exposure prophylaxis within
72 hours; emergency contraception by levonorgestrel within 72 hours, by ulipristal or a
copper IUD within 120 hours; STI presumptive treatment, hepatitis B vaccination and
tetanus whatever the delay. So the consultation keeps when it took place and when the
assault did (or, when the person cannot say, an approximate answer), and the delay band
computed from them.

What is in clear, and why: the delay band, each care item's status (given / not given)
with its coded reason, the emergency-contraception method, the pregnancy test's result
and the forensic consent answer: the monthly indicator counts them (reports/
sexual_violence_indicators.py) and nothing else needs them in SQL. The assault's date and
time and the clinical notes are encrypted with the person's key: a date of assault is a
fact of the person's story, not a statistic.

Follow-up appointments (2 weeks, 1, 3 and 6 months) are ordinary appointments
(models/appointment.py) so that the timeline, the daily list and the worklist show them
as they show any other; SvFollowUp links each one to its step, so that a step is never
created twice.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site
from caseflow.vocabulary import Confidentiality


class _Coded:
    @property
    def label(self):
        return SV_LABELS[(type(self).__name__, self.value)]


class Delay(_Coded, enum.StrEnum):
    """Time from the assault to the consultation, as the care windows cut it."""

    WITHIN_72H = "within_72h"  # up to and including 72 hours: PEP, any emergency contraception
    FROM_72H_TO_120H = "from_72h_to_120h"  # over 72 h, up to 120 h: ulipristal or copper IUD
    OVER_120H = "over_120h"
    UNKNOWN = "unknown"


class CareStatus(_Coded, enum.StrEnum):
    GIVEN = "given"
    NOT_GIVEN = "not_given"


class NotGivenReason(_Coded, enum.StrEnum):
    OUTSIDE_WINDOW = "outside_window"
    DECLINED = "declined"
    NOT_AVAILABLE = "not_available"  # stock-out
    NOT_INDICATED = "not_indicated"
    GIVEN_ELSEWHERE = "given_elsewhere"


class EcMethod(_Coded, enum.StrEnum):
    LEVONORGESTREL = "levonorgestrel"
    ULIPRISTAL = "ulipristal"
    COPPER_IUD = "copper_iud"


class PregnancyResult(_Coded, enum.StrEnum):
    NEGATIVE = "negative"
    POSITIVE = "positive"


class FollowUpStep(_Coded, enum.StrEnum):
    WEEKS_2 = "weeks_2"
    MONTH_1 = "month_1"
    MONTHS_3 = "months_3"
    MONTHS_6 = "months_6"


# The care items, in the order of the form; each has <item>_status and <item>_reason.
CARE_ITEMS = ("pep", "ec", "sti", "hepb", "tetanus", "pregnancy_test", "forensic", "pfa",
              "mh_referral")
ITEM_LABELS = {
    "pep": _l("HIV post-exposure prophylaxis (PEP)"),
    "ec": _l("Emergency contraception"),
    "sti": _l("STI presumptive treatment"),
    "hepb": _l("Hepatitis B vaccination"),
    "tetanus": _l("Tetanus prophylaxis"),
    "pregnancy_test": _l("Pregnancy test"),
    "forensic": _l("Referral to a forensic unit"),
    "pfa": _l("Psychological first aid"),
    "mh_referral": _l("Referral to mental health"),
}


def _k(cls, value) -> tuple[str, str]:
    return (cls.__name__, value)


SV_LABELS = {
    _k(Delay, "within_72h"): _l("Within 72 hours"),
    _k(Delay, "from_72h_to_120h"): _l("72 hours to 5 days"),
    _k(Delay, "over_120h"): _l("More than 5 days"),
    _k(Delay, "unknown"): _l("Delay unknown"),
    _k(CareStatus, "given"): _l("Given or done"),
    _k(CareStatus, "not_given"): _l("Not given or not done"),
    _k(NotGivenReason, "outside_window"): _l("Outside the time window"),
    _k(NotGivenReason, "declined"): _l("Declined by the person"),
    _k(NotGivenReason, "not_available"): _l("Not available (stock-out)"),
    _k(NotGivenReason, "not_indicated"): _l("Not indicated"),
    _k(NotGivenReason, "given_elsewhere"): _l("Already given elsewhere"),
    _k(EcMethod, "levonorgestrel"): _l("Levonorgestrel (up to 72 h)"),
    _k(EcMethod, "ulipristal"): _l("Ulipristal acetate (up to 120 h)"),
    _k(EcMethod, "copper_iud"): _l("Copper IUD (up to 120 h)"),
    _k(PregnancyResult, "negative"): _l("Negative"),
    _k(PregnancyResult, "positive"): _l("Positive"),
    _k(FollowUpStep, "weeks_2"): _l("2 weeks"),
    _k(FollowUpStep, "month_1"): _l("1 month"),
    _k(FollowUpStep, "months_3"): _l("3 months"),
    _k(FollowUpStep, "months_6"): _l("6 months"),
}


def _status():
    return mapped_column(str_enum(CareStatus))


def _reason():
    return mapped_column(str_enum(NotGivenReason), nullable=True)


class SvConsultation(Base):
    __tablename__ = "sv_consultation"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_sv_consultation_site_consulted", "site_id", "consulted_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # "discipline": the medical discipline of the person's sites; "private": the author.
    confidentiality: Mapped[Confidentiality] = mapped_column(
        str_enum(Confidentiality), default=Confidentiality.DISCIPLINE)
    consulted_at: Mapped[datetime]  # UTC, typed in the site's zone
    # The assault: a date (and a time when known), encrypted; or an approximate answer.
    assault_on = encrypted("date")
    assault_time = encrypted("text")  # "HH:MM", site-local
    assault_approx: Mapped[Delay | None] = mapped_column(str_enum(Delay), nullable=True)
    delay: Mapped[Delay] = mapped_column(str_enum(Delay))  # computed, counted
    # The care, each item given or not with why not.
    pep_status: Mapped[CareStatus] = _status()
    pep_reason: Mapped[NotGivenReason | None] = _reason()
    ec_status: Mapped[CareStatus] = _status()
    ec_reason: Mapped[NotGivenReason | None] = _reason()
    ec_method: Mapped[EcMethod | None] = mapped_column(str_enum(EcMethod), nullable=True)
    sti_status: Mapped[CareStatus] = _status()
    sti_reason: Mapped[NotGivenReason | None] = _reason()
    hepb_status: Mapped[CareStatus] = _status()
    hepb_reason: Mapped[NotGivenReason | None] = _reason()
    tetanus_status: Mapped[CareStatus] = _status()
    tetanus_reason: Mapped[NotGivenReason | None] = _reason()
    pregnancy_test_status: Mapped[CareStatus] = _status()
    pregnancy_test_reason: Mapped[NotGivenReason | None] = _reason()
    pregnancy_result: Mapped[PregnancyResult | None] = mapped_column(
        str_enum(PregnancyResult), nullable=True)
    forensic_status: Mapped[CareStatus] = _status()
    forensic_reason: Mapped[NotGivenReason | None] = _reason()
    forensic_consent: Mapped[bool | None]
    pfa_status: Mapped[CareStatus] = _status()
    pfa_reason: Mapped[NotGivenReason | None] = _reason()
    mh_referral_status: Mapped[CareStatus] = _status()
    mh_referral_reason: Mapped[NotGivenReason | None] = _reason()
    # The clinician confirmed a care given outside its usual window (PEP or
    # levonorgestrel after 72 h, ulipristal or IUD after 120 h).
    outside_window_confirmed: Mapped[bool] = mapped_column(default=False)
    notes = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    follow_ups: Mapped[list[SvFollowUp]] = relationship(
        order_by="SvFollowUp.created_at", cascade="all, delete-orphan",
        back_populates="consultation")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    def status_of(self, item: str) -> CareStatus:
        return getattr(self, f"{item}_status")

    def given(self) -> list[str]:
        return [i for i in CARE_ITEMS if self.status_of(i) == CareStatus.GIVEN]

    def __repr__(self) -> str:  # ids only
        return f"<SvConsultation {self.id}>"


class SvFollowUp(Base):
    """A follow-up step of a consultation and the appointment created for it."""

    __tablename__ = "sv_follow_up"
    __table_args__ = (
        Index("ix_sv_follow_up_consultation_step", "consultation_id", "step", unique=True),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    consultation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sv_consultation.id"))
    step: Mapped[FollowUpStep] = mapped_column(str_enum(FollowUpStep))
    appointment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appointment.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[SvConsultation] = relationship(back_populates="follow_ups")
