"""That this instance has written audit checkpoints, and the latest one: a single row.

Why in the database, beside the chain rather than in it: a checkpoint file that
is missing or empty means "no checkpoint yet" on a new installation, and "the
evidence was deleted" anywhere else. Without a record of the checkpoints
written, deleting the file turned a rewritten trail into an intact one. An
event in the chain would do too, but would move the head that each checkpoint
signs. Whoever can write the database can delete this row as well: it catches
the file deleted by someone who forgets it, and the hourly job is refused a
fresh file while it says checkpoints exist (docs/SECURITY.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base

RECORD_ID = 1


class AuditCheckpointRecord(Base):
    __tablename__ = "audit_checkpoint_record"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    first_written_at: Mapped[datetime]  # naive UTC, like every stored time
    last_seq: Mapped[int] = mapped_column(BigInteger)  # the event the latest checkpoint signed
    last_written_at: Mapped[datetime]
    written: Mapped[int] = mapped_column(BigInteger, default=0)  # checkpoints written so far
