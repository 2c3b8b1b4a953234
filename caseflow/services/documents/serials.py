"""Certificate serial numbers (PAN-2026-00042): one counter per site and year, and on a
clinic box the blocks of numbers the central server reserved for it (docs/OFFLINE.md).

An UPDATE ... RETURNING on the counter row serialises concurrent issues on PostgreSQL
(row lock) and on SQLite (one writer), so two certificates never share a number and no
number is skipped by a failed issue (the caller's transaction).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from caseflow.extensions import db
from caseflow.models.certificate import CertificateCounter
from caseflow.models.clinic_box import SerialBlock
from caseflow.services import ServiceError


def advance_counter(site_id: int, year: int, step: int) -> int:
    """Move the site's counter for the year by ``step`` and return its new value (0: read
    it under the lock). The one place a counter moves: an issue here (1), a block reserved
    for a clinic box (caseflow/services/boxes), a box's issue from its blocks."""
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    db.session.execute(insert(CertificateCounter).values(site_id=site_id, year=year,
                                                         last_number=0)
                       .on_conflict_do_nothing())
    return db.session.execute(
        update(CertificateCounter)
        .where(CertificateCounter.site_id == site_id, CertificateCounter.year == year)
        .values(last_number=CertificateCounter.last_number + step)
        .returning(CertificateCounter.last_number)).scalar_one()


def next_serial(site, year: int) -> tuple[str, int]:
    """The next serial of a site for a year (PAN-2026-00042), in the caller's transaction.

    On a clinic box, from the blocks of numbers the central server reserved for it."""
    if current_app.config.get("SYNC_ROLE") == "box":
        return _next_box_serial(site, year)
    number = advance_counter(site.id, year, 1)
    return f"{site.code}-{year}-{number:05d}", number


def _next_box_serial(site, year: int) -> tuple[str, int]:
    """The next number of this box's blocks for the site and year (docs/OFFLINE.md): the
    counter row tracks the last one used; past the end of a block, the next block."""
    counter = advance_counter(site.id, year, 0)  # takes the write lock: one issue at a time
    blocks = db.session.execute(
        select(SerialBlock.first, SerialBlock.last)
        .where(SerialBlock.site_id == site.id, SerialBlock.year == year)
        .order_by(SerialBlock.first)).all()
    number = next((max(first, counter + 1) for first, last in blocks if counter < last), None)
    if number is None:
        raise ServiceError(_l("This clinic box has no certificate number left for this site "
                              "and year: sync with the central server to receive more, then "
                              "issue again. Nothing was issued."))
    db.session.execute(update(CertificateCounter)
                       .where(CertificateCounter.site_id == site.id,
                              CertificateCounter.year == year)
                       .values(last_number=number))
    return f"{site.code}-{year}-{number:05d}", number
