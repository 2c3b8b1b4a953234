"""Closed months' indicator figures kept, and the writes that can change them (issue 22).

A month's figures stop changing when its days are over, except for what is entered
late: a note back-dated by a mobile clinic, a consent corrected, a record erased. The
figures of a closed month are therefore kept (``IndicatorFigure``) with a fingerprint of
the late writes that could have changed them (``IndicatorChange``), and recomputed only
when that fingerprint moves. caseflow/reports/figure_cache.py reads and keeps them;
caseflow/reports/late_writes.py records the changes, in the writer's transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.models.base import Base, utcnow

# SQLite numbers rows only in an INTEGER PRIMARY KEY.
_ID = BigInteger().with_variant(Integer, "sqlite")
ANY_TABLE = "*"  # a change that may reach every table's figures (a person deleted)


class IndicatorChange(Base):
    """A write to a table the indicators read, dated before or not dated at all.

    Append-only: a figure's fingerprint is the count and greatest id of the rows that
    could reach its month, so a change committed after the figure was computed, even by
    a transaction that started before it, moves the fingerprint. Writes dated today are
    not recorded: they can only reach months that are not closed yet.
    """

    __tablename__ = "indicator_change"
    # AUTOINCREMENT on SQLite: an id is never given again after a rollback, so that a
    # fingerprint (count, greatest id) taken with a change rolled back never comes back.
    __table_args__ = (Index("ix_indicator_change_first_day", "first_day", "table_name"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(63))
    # The earliest day the written rows held, before or after the write; None: unknown
    # (a bulk statement, a value not loaded), which reaches every month.
    first_day: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IndicatorFigure(Base):
    """One indicator's figure for one closed month, as one statement computed it."""

    __tablename__ = "indicator_figure"
    __table_args__ = (UniqueConstraint("month", "code", "statement",
                                       name="uq_indicator_figure_month_code_statement"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    month: Mapped[str] = mapped_column(String(7))  # "2026-11"
    code: Mapped[str] = mapped_column(String(80))
    # The SHA-256 of the statement's SQL and parameters: its sites, margins and definition
    # (a new release that counts differently does not read the old figure).
    statement: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(Text)
    figure: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
