"""The mark left by the erasure of a person: when, by whom, and a coded reason.

An erased person keeps their row (the pseudonymous code, the clear coded fields)
so that indicators stay consistent, but their data key is shredded and every
encrypted column of theirs is emptied (services/erasure.py). This row is what
tells every page that the record is closed, and why in a coded word only: a
free-text reason could name the person or their situation, and nothing could
ever decrypt it again anyway (the key it would be encrypted with is the one
being destroyed).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, str_enum, utcnow
from caseflow.vocabulary import Labelled


class ErasureReason(Labelled):
    RETENTION_EXPIRED = "retention_expired"
    PERSON_REQUEST = "person_request"
    DUPLICATE = "duplicate"
    OTHER = "other"

    @property
    def label(self):
        return ERASURE_REASON_LABELS[self]


ERASURE_REASON_LABELS = {
    ErasureReason.RETENTION_EXPIRED: _l("End of the retention period"),
    ErasureReason.PERSON_REQUEST: _l("At the person's request"),
    ErasureReason.DUPLICATE: _l("Duplicate record"),
    ErasureReason.OTHER: _l("Other reason"),
}


class PersonErasure(Base):
    __tablename__ = "person_erasure"

    # One row per person: a second erasure racing the first fails on this key.
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None when erased from the command line without --by.
    erased_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason_category: Mapped[ErasureReason] = mapped_column(str_enum(ErasureReason))

    def __repr__(self) -> str:
        return f"<PersonErasure {self.person_id} {self.reason_category}>"


def erased(person_id_column):
    """SQL: the person of this column was erased (lists leave such rows out)."""
    from sqlalchemy import select

    return select(PersonErasure.person_id).where(
        PersonErasure.person_id == person_id_column).exists()
