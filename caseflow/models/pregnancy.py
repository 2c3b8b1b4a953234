"""Pregnancy follow-up (issue 20): one Pregnancy per pregnancy, its antenatal visits.

What stays in clear, and why: the indicators (reports/pregnancy_indicators.py) count
pregnancies registered, followed (a visit in the month, by trimester at the visit) and
their outcomes, so the dates they need (LMP, scan, EDD, visit days, outcome day, at day
precision, as the TB module keeps its dates), the dating basis, the outcome and the
delivery mode are clear columns; the risk-factor codes are clear too, for the programme's
count of high-risk pregnancies. None of them names anyone. Gravida and para are small
whole numbers of no identifying value, clear as well.

Encrypted with the person's key: the place of referral for delivery (a named maternity
near where she lives), the notes, and everything measured at a visit (blood pressure,
weight, fundal height, fetal heart rate, urine, haemoglobin, test results among them
HIV, danger signs, supplements, the visit's note) in one JSON value: no indicator
counts them, and an HIV or syphilis result is among the most sensitive facts we hold.

The dating in use and the EDD are computed when the pregnancy is saved (the rule is in
models/pregnancy_dating.py) and stored, so that a visit's gestational age, the trimester
the indicator counts and the page all read one EDD.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site


class _Coded:
    @property
    def label(self):
        return LABELS[(type(self).__name__, self.value)]


class DatingBasis(_Coded, enum.StrEnum):
    LMP = "lmp"
    ULTRASOUND = "ultrasound"


class RiskFactor(_Coded, enum.StrEnum):
    PREVIOUS_CAESAREAN = "previous_caesarean"
    HYPERTENSION = "hypertension"  # chronic, gestational or pre-eclampsia
    DIABETES = "diabetes"
    ANAEMIA = "anaemia"
    HIV_POSITIVE = "hiv_positive"
    SYPHILIS_POSITIVE = "syphilis_positive"
    AGE_UNDER_18 = "age_under_18"
    AGE_OVER_40 = "age_over_40"
    MULTIPLE = "multiple"
    PREVIOUS_LOSS = "previous_loss"  # stillbirth or neonatal death
    BLEEDING = "bleeding"
    FGM = "fgm"
    SEXUAL_VIOLENCE = "sexual_violence"
    OTHER = "other"


class PregnancyOutcome(_Coded, enum.StrEnum):
    LIVE_BIRTH = "live_birth"
    STILLBIRTH = "stillbirth"
    MISCARRIAGE = "miscarriage"
    INDUCED_ABORTION = "induced_abortion"
    ECTOPIC = "ectopic"
    LOST = "lost"
    TRANSFERRED = "transferred"


BIRTHS = frozenset({PregnancyOutcome.LIVE_BIRTH, PregnancyOutcome.STILLBIRTH})


class DeliveryMode(_Coded, enum.StrEnum):
    VAGINAL = "vaginal"
    CAESAREAN = "caesarean"


class UrineProtein(_Coded, enum.StrEnum):
    NOT_DONE = "not_done"
    NEGATIVE = "negative"
    TRACE = "trace"
    ONE = "1+"
    TWO = "2+"
    THREE = "3+"


class TestResult(_Coded, enum.StrEnum):
    __test__ = False  # not a pytest class

    NOT_DONE = "not_done"
    NEGATIVE = "negative"
    POSITIVE = "positive"


class BloodGroup(_Coded, enum.StrEnum):
    NOT_DONE = "not_done"
    A_POS = "A+"
    A_NEG = "A-"
    B_POS = "B+"
    B_NEG = "B-"
    AB_POS = "AB+"
    AB_NEG = "AB-"
    O_POS = "O+"
    O_NEG = "O-"


class TdDose(_Coded, enum.StrEnum):
    """Tetanus-diphtheria dose given at the visit (WHO schedule Td1 to Td5)."""

    NONE = "none"
    TD1 = "td1"
    TD2 = "td2"
    TD3 = "td3"
    TD4 = "td4"
    TD5 = "td5"


class DangerSign(_Coded, enum.StrEnum):
    BLEEDING = "bleeding"
    SEVERE_HEADACHE = "severe_headache"
    BLURRED_VISION = "blurred_vision"
    CONVULSIONS = "convulsions"
    FEVER = "fever"
    ABDOMINAL_PAIN = "abdominal_pain"
    REDUCED_MOVEMENTS = "reduced_movements"
    WATERS_BROKEN = "waters_broken"


def _k(cls, value) -> tuple[str, str]:
    return (cls.__name__, value)


LABELS = {
    _k(DatingBasis, "lmp"): _l("Last menstrual period"),
    _k(DatingBasis, "ultrasound"): _l("Ultrasound"),
    _k(RiskFactor, "previous_caesarean"): _l("Previous caesarean section"),
    _k(RiskFactor, "hypertension"): _l("Hypertension or pre-eclampsia"),
    _k(RiskFactor, "diabetes"): _l("Diabetes"),
    _k(RiskFactor, "anaemia"): _l("Anaemia"),
    _k(RiskFactor, "hiv_positive"): _l("HIV positive"),
    _k(RiskFactor, "syphilis_positive"): _l("Syphilis positive"),
    _k(RiskFactor, "age_under_18"): _l("Age under 18"),
    _k(RiskFactor, "age_over_40"): _l("Age over 40"),
    _k(RiskFactor, "multiple"): _l("Multiple pregnancy"),
    _k(RiskFactor, "previous_loss"): _l("Previous stillbirth or neonatal death"),
    _k(RiskFactor, "bleeding"): _l("Bleeding in pregnancy"),
    _k(RiskFactor, "fgm"): _l("Female genital mutilation"),
    _k(RiskFactor, "sexual_violence"): _l("Pregnancy after sexual violence"),
    _k(RiskFactor, "other"): _l("Other risk factor"),
    _k(PregnancyOutcome, "live_birth"): _l("Live birth"),
    _k(PregnancyOutcome, "stillbirth"): _l("Stillbirth"),
    _k(PregnancyOutcome, "miscarriage"): _l("Miscarriage (before 22 weeks)"),
    _k(PregnancyOutcome, "induced_abortion"): _l("Induced abortion"),
    _k(PregnancyOutcome, "ectopic"): _l("Ectopic pregnancy"),
    _k(PregnancyOutcome, "lost"): _l("Lost to follow-up"),
    _k(PregnancyOutcome, "transferred"): _l("Transferred"),
    _k(DeliveryMode, "vaginal"): _l("Vaginal delivery"),
    _k(DeliveryMode, "caesarean"): _l("Caesarean section"),
    _k(UrineProtein, "not_done"): _l("Not done"),
    _k(UrineProtein, "negative"): _l("Negative"),
    _k(UrineProtein, "trace"): _l("Trace"),
    _k(UrineProtein, "1+"): "+",
    _k(UrineProtein, "2+"): "++",
    _k(UrineProtein, "3+"): "+++",
    _k(TestResult, "not_done"): _l("Not done"),
    _k(TestResult, "negative"): _l("Negative"),
    _k(TestResult, "positive"): _l("Positive"),
    **{_k(BloodGroup, g.value): g.value for g in BloodGroup if g != BloodGroup.NOT_DONE},
    _k(BloodGroup, "not_done"): _l("Not done"),
    _k(TdDose, "none"): _l("None"),
    **{_k(TdDose, f"td{n}"): f"Td{n}" for n in range(1, 6)},
    _k(DangerSign, "bleeding"): _l("Vaginal bleeding"),
    _k(DangerSign, "severe_headache"): _l("Severe headache"),
    _k(DangerSign, "blurred_vision"): _l("Blurred vision"),
    _k(DangerSign, "convulsions"): _l("Convulsions"),
    _k(DangerSign, "fever"): _l("Fever"),
    _k(DangerSign, "abdominal_pain"): _l("Severe abdominal pain"),
    _k(DangerSign, "reduced_movements"): _l("Reduced fetal movements"),
    _k(DangerSign, "waters_broken"): _l("Waters broken"),
}

# ICD-10 (WHO 2019 edition) where a code exists, so that the record can be exchanged.
ICD10 = {
    PregnancyOutcome.LIVE_BIRTH: "Z37.0",  # single live birth (Z37.2 twins, both live)
    PregnancyOutcome.STILLBIRTH: "Z37.1",  # single stillbirth
    PregnancyOutcome.MISCARRIAGE: "O03",
    PregnancyOutcome.INDUCED_ABORTION: "O04",
    PregnancyOutcome.ECTOPIC: "O00",
    DeliveryMode.VAGINAL: "O80",
    DeliveryMode.CAESAREAN: "O82",
    RiskFactor.PREVIOUS_CAESAREAN: "O34.2",
    RiskFactor.HYPERTENSION: "O16",  # unspecified maternal hypertension (O10-O14 if known)
    RiskFactor.DIABETES: "O24",
    RiskFactor.ANAEMIA: "O99.0",
    RiskFactor.HIV_POSITIVE: "O98.7",
    RiskFactor.SYPHILIS_POSITIVE: "O98.1",
    RiskFactor.AGE_UNDER_18: "Z35.6",  # supervision of very young primigravida
    RiskFactor.AGE_OVER_40: "Z35.5",  # supervision of elderly primigravida
    RiskFactor.MULTIPLE: "O30",
    RiskFactor.PREVIOUS_LOSS: "Z35.2",  # other poor reproductive or obstetric history
    RiskFactor.BLEEDING: "O20",  # haemorrhage in early pregnancy (O46 antepartum)
}


class Pregnancy(Base):
    __tablename__ = "pregnancy"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_pregnancy_site_created", "site_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # the following site
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    registered_on: Mapped[date]  # the site's day of registration (the indicator's month)
    version: Mapped[int] = mapped_column(default=1)
    lmp_on: Mapped[date | None]
    lmp_certain: Mapped[bool] = mapped_column(default=True)
    scan_on: Mapped[date | None]
    scan_ga_days: Mapped[int | None]  # gestational age measured at the scan, in days
    dating: Mapped[DatingBasis] = mapped_column(str_enum(DatingBasis))
    edd: Mapped[date]
    gravida: Mapped[int | None]
    para: Mapped[int | None]
    # RiskFactor codes, encrypted: no indicator counts them, and they hold an HIV or a
    # syphilis result, a genital mutilation, a pregnancy after rape.
    risks = encrypted("json")
    referral_on: Mapped[date | None]
    referral_place = encrypted("text")
    outcome: Mapped[PregnancyOutcome | None] = mapped_column(str_enum(PregnancyOutcome))
    outcome_on: Mapped[date | None]
    delivery_mode: Mapped[DeliveryMode | None] = mapped_column(str_enum(DeliveryMode))
    notes = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    visits: Mapped[list[AntenatalVisit]] = relationship(
        order_by="AntenatalVisit.visited_on", cascade="all, delete-orphan",
        back_populates="pregnancy")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def risk_factors(self) -> list[RiskFactor]:
        known = {r.value for r in RiskFactor}
        return [RiskFactor(code) for code in self.risks or () if code in known]

    def __repr__(self) -> str:  # ids only
        return f"<Pregnancy {self.id}>"


class AntenatalVisit(Base):
    """One antenatal contact. Its measures are one encrypted JSON value (see the module's
    docstring); the day is clear for the indicator, the next visit's day for planning."""

    __tablename__ = "antenatal_visit"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_antenatal_visit_pregnancy_day", "pregnancy_id", "visited_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    pregnancy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pregnancy.id"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    visited_on: Mapped[date] = mapped_column(index=True)
    next_visit_on: Mapped[date | None]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    measures = encrypted("json")

    pregnancy: Mapped[Pregnancy] = relationship(back_populates="visits")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    def __repr__(self) -> str:  # ids only
        return f"<AntenatalVisit {self.id}>"
