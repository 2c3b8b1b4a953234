"""Tuberculosis episodes (issue 19): one episode per course of illness, WHO 2013 definitions.

An episode goes from presumptive TB through the tests and the diagnosis to a regimen
started (the date it is registered in the national register) and an outcome. Its
coded fields (results, case type, HIV status, regimen, outcome) stay clear: the
quarterly cohort report counts them. The national register number identifies the
person and the notes are clinical free text: both are encrypted with the person's key.

Doses observed (directly or by video) are rows of their own (TbDose): the last one
tells how long treatment has been interrupted, from which "lost to follow-up" (two
consecutive months or more) is computed for the clinician, who records the outcome.

Why beside the `tb_treatment` programme and not inside it: the enrolment says which
site follows the person in the programme; the episode is the clinical record (see
caseflow/services/tb/__init__.py for the decision).
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
    """A coded list whose members read their label from TB_LABELS."""

    @property
    def label(self):
        return TB_LABELS[(type(self).__name__, self.value)]


class XpertResult(_Coded, enum.StrEnum):
    NOT_DONE = "not_done"
    NOT_DETECTED = "not_detected"
    DETECTED = "detected"
    INVALID = "invalid"


class RifResistance(_Coded, enum.StrEnum):
    NOT_DONE = "not_done"
    NOT_DETECTED = "not_detected"
    DETECTED = "detected"
    INDETERMINATE = "indeterminate"


class LabResult(_Coded, enum.StrEnum):
    """Smear and culture, at diagnosis and at the follow-up months."""

    NOT_DONE = "not_done"
    NEGATIVE = "negative"
    POSITIVE = "positive"


class XrayResult(_Coded, enum.StrEnum):
    NOT_DONE = "not_done"
    NORMAL = "normal"
    SUGGESTIVE = "suggestive"


class DiagnosisBasis(_Coded, enum.StrEnum):
    BACTERIOLOGICAL = "bacteriological"
    CLINICAL = "clinical"


class DiseaseSite(_Coded, enum.StrEnum):
    PULMONARY = "pulmonary"
    EXTRAPULMONARY = "extrapulmonary"


class TreatmentHistory(_Coded, enum.StrEnum):
    NEW = "new"
    RELAPSE = "relapse"
    AFTER_FAILURE = "after_failure"
    AFTER_LOST = "after_lost"
    OTHER_PREVIOUSLY_TREATED = "other_previously_treated"


class HivStatus(_Coded, enum.StrEnum):
    UNKNOWN = "unknown"
    NEGATIVE = "negative"
    POSITIVE = "positive"


class Regimen(_Coded, enum.StrEnum):
    DRUG_SUSCEPTIBLE = "drug_susceptible"
    DRUG_RESISTANT = "drug_resistant"


class TbOutcome(_Coded, enum.StrEnum):
    CURED = "cured"
    COMPLETED = "completed"
    FAILED = "failed"
    DIED = "died"
    LOST = "lost"
    NOT_EVALUATED = "not_evaluated"


class Observation(_Coded, enum.StrEnum):
    DIRECT = "direct"
    VIDEO = "video"


def _k(cls, value) -> tuple[str, str]:
    return (cls.__name__, value)


TB_LABELS = {
    _k(XpertResult, "not_done"): _l("Not done"),
    _k(XpertResult, "not_detected"): _l("MTB not detected"),
    _k(XpertResult, "detected"): _l("MTB detected"),
    _k(XpertResult, "invalid"): _l("Invalid or error"),
    _k(RifResistance, "not_done"): _l("Not done"),
    _k(RifResistance, "not_detected"): _l("Rifampicin resistance not detected"),
    _k(RifResistance, "detected"): _l("Rifampicin resistance detected"),
    _k(RifResistance, "indeterminate"): _l("Indeterminate"),
    _k(LabResult, "not_done"): _l("Not done"),
    _k(LabResult, "negative"): _l("Negative"),
    _k(LabResult, "positive"): _l("Positive"),
    _k(XrayResult, "not_done"): _l("Not done"),
    _k(XrayResult, "normal"): _l("Normal"),
    _k(XrayResult, "suggestive"): _l("Suggestive of TB"),
    _k(DiagnosisBasis, "bacteriological"): _l("Bacteriologically confirmed"),
    _k(DiagnosisBasis, "clinical"): _l("Clinically diagnosed"),
    _k(DiseaseSite, "pulmonary"): _l("Pulmonary"),
    _k(DiseaseSite, "extrapulmonary"): _l("Extrapulmonary"),
    _k(TreatmentHistory, "new"): _l("New"),
    _k(TreatmentHistory, "relapse"): _l("Relapse"),
    _k(TreatmentHistory, "after_failure"): _l("Treatment after failure"),
    _k(TreatmentHistory, "after_lost"): _l("Treatment after loss to follow-up"),
    _k(TreatmentHistory, "other_previously_treated"): _l("Other previously treated"),
    _k(HivStatus, "unknown"): _l("Unknown"),
    _k(HivStatus, "negative"): _l("HIV negative"),
    _k(HivStatus, "positive"): _l("HIV positive"),
    _k(Regimen, "drug_susceptible"): _l("Drug-susceptible regimen"),
    _k(Regimen, "drug_resistant"): _l("Drug-resistant regimen"),
    _k(TbOutcome, "cured"): _l("Cured"),
    _k(TbOutcome, "completed"): _l("Treatment completed"),
    _k(TbOutcome, "failed"): _l("Treatment failed"),
    _k(TbOutcome, "died"): _l("Died"),
    _k(TbOutcome, "lost"): _l("Lost to follow-up"),
    _k(TbOutcome, "not_evaluated"): _l("Not evaluated"),
    _k(Observation, "direct"): _l("Directly observed"),
    _k(Observation, "video"): _l("Video observed"),
}


class TbEpisode(Base):
    __tablename__ = "tb_episode"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_tb_episode_site_started", "site_id", "treatment_started_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))  # the treating site
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # Presumptive TB and the tests.
    presumptive_on: Mapped[date]
    xpert: Mapped[XpertResult] = mapped_column(str_enum(XpertResult))
    rif_resistance: Mapped[RifResistance] = mapped_column(str_enum(RifResistance))
    smear: Mapped[LabResult] = mapped_column(str_enum(LabResult))
    culture: Mapped[LabResult] = mapped_column(str_enum(LabResult))
    xray: Mapped[XrayResult] = mapped_column(str_enum(XrayResult))
    # The diagnosis (all None while the person is presumptive only).
    diagnosed_on: Mapped[date | None]
    basis: Mapped[DiagnosisBasis | None] = mapped_column(str_enum(DiagnosisBasis))
    disease_site: Mapped[DiseaseSite | None] = mapped_column(str_enum(DiseaseSite))
    history: Mapped[TreatmentHistory | None] = mapped_column(str_enum(TreatmentHistory))
    hiv: Mapped[HivStatus] = mapped_column(str_enum(HivStatus))
    # Treatment: the start date is the registration date of the cohort.
    regimen: Mapped[Regimen | None] = mapped_column(str_enum(Regimen))
    treatment_started_on: Mapped[date | None]
    # Sputum smear follow-up at months 2, 5 and 6 of treatment.
    smear_month2: Mapped[LabResult] = mapped_column(str_enum(LabResult))
    smear_month5: Mapped[LabResult] = mapped_column(str_enum(LabResult))
    smear_month6: Mapped[LabResult] = mapped_column(str_enum(LabResult))
    outcome: Mapped[TbOutcome | None] = mapped_column(str_enum(TbOutcome))
    outcome_on: Mapped[date | None]
    register_number = encrypted("text")
    notes = encrypted("text")

    site: Mapped[Site] = relationship(lazy="joined")
    doses: Mapped[list[TbDose]] = relationship(
        order_by="TbDose.taken_on", cascade="all, delete-orphan", back_populates="episode")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    @property
    def rifampicin_resistant(self) -> bool:
        return (self.rif_resistance == RifResistance.DETECTED
                or self.regimen == Regimen.DRUG_RESISTANT)

    def __repr__(self) -> str:  # ids only
        return f"<TbEpisode {self.id}>"


class TbDose(Base):
    """One dose taken under observation (directly or by video), one row per day."""

    __tablename__ = "tb_dose"
    __table_args__ = (
        Index("ix_tb_dose_episode_taken", "episode_id", "taken_on", unique=True),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    episode_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tb_episode.id"))
    taken_on: Mapped[date]
    observation: Mapped[Observation] = mapped_column(str_enum(Observation))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    episode: Mapped[TbEpisode] = relationship(back_populates="doses")
