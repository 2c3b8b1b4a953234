"""One administration of a validated scale to a person (issue 20), scored by caseflow.

In clear: the scale's code, the day it was administered, the site, the author and the
discipline it was recorded in (who may read it depends on it), its status and the
scoring rules' version. Encrypted with the person's key: the item answers, the total and
the band (with the sub-scores and flags kept beside them): scores are clinical data, and
no indicator counts them today. Why the scale code stays clear: the person page and the
timeline list what was administered and when without decrypting anything; a code says
that a PHQ-9 was given, not what it found.

Corrections never overwrite: a corrected result is marked `superseded` and points to the
result that replaces it (`replaced_by_id`); a result entered by mistake (wrong person,
wrong scale) is marked `entered_in_error` with the reason, encrypted. Neither is deleted,
both are audited, and only `current` results are charted. `version` detects two people
correcting the same result at once.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.crypto import encrypted
from caseflow.disciplines import Discipline
from caseflow.disciplines.column import DisciplineColumn
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.scales.definitions import ScaleCode


class ResultStatus(enum.StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"  # corrected: replaced_by_id names the correction
    ENTERED_IN_ERROR = "entered_in_error"


class ScaleResult(Base):
    __tablename__ = "scale_result"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (
        Index("ix_scale_result_person_administered", "person_id", "administered_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    discipline: Mapped[Discipline] = mapped_column(DisciplineColumn())
    scale: Mapped[ScaleCode] = mapped_column(str_enum(ScaleCode))
    administered_on: Mapped[date]
    status: Mapped[ResultStatus] = mapped_column(str_enum(ResultStatus),
                                                 default=ResultStatus.CURRENT)
    scoring_version: Mapped[int] = mapped_column(default=1)
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("scale_result.id"))
    replaced_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("scale_result.id"))
    error_marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    error_marked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # {"1": 0, "2": 3, ...}: JSON keys are strings; services.scales.results reads them back.
    answers = encrypted("json")
    total = encrypted("json")  # an int
    band = encrypted("text")  # the band's code (definitions.Band.code)
    outcome = encrypted("json")  # {"subscores": {...}, "flags": [...], "thermometer": n}
    error_reason = encrypted("text")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)

    def __repr__(self) -> str:  # ids only
        return f"<ScaleResult {self.id} {self.scale}>"
