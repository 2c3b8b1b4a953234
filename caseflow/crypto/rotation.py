"""KEK rotation: rewrap every DEK under a new KEK version, never touching field data.

Resumable: each batch commits on its own, and a run that finds DEKs still on
an older version finishes the rotation in progress instead of starting
another. Retiring a version refuses while any DEK still uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from caseflow.crypto.envelope import unwrap_dek, wrap_dek
from caseflow.crypto.errors import CryptoError
from caseflow.crypto.setup import current_keystore
from caseflow.crypto.tables import PERSON_KEY, utcnow

Progress = Callable[[int, int], None]


@dataclass
class RotationReport:
    version: int
    created_version: bool
    rewrapped: int


def pending_count(session: Session, version: int) -> int:
    return session.scalar(
        select(func.count()).select_from(PERSON_KEY).where(PERSON_KEY.c.kek_version != version)
    ) or 0


def rotate_keks(session: Session, batch_size: int = 1000, progress: Progress | None = None,
                new_version: bool = True, max_batches: int | None = None) -> RotationReport:
    """Rewrap all DEKs under the current KEK, creating a new version first unless resuming.

    ``max_batches`` stops early (tests use it to simulate a crash mid-way).
    """
    keystore = current_keystore()
    version = keystore.current_kek_version()
    created = False
    if new_version and pending_count(session, version) == 0:
        version = keystore.add_kek_version()
        created = True
    total = pending_count(session, version)
    table = PERSON_KEY
    statement = (
        update(table)
        .where(table.c.person_id == bindparam("pid"))
        .values(kek_version=bindparam("v"), wrapped=bindparam("w"), rewrapped_at=bindparam("t"))
    )
    done = batches = 0
    while max_batches is None or batches < max_batches:
        rows = session.execute(
            select(table.c.person_id, table.c.kek_version, table.c.key_id, table.c.wrapped)
            .where(table.c.kek_version != version)
            .order_by(table.c.person_id)
            .limit(batch_size)
        ).all()
        if not rows:
            break
        now = utcnow()
        params = []
        for row in rows:
            dek = unwrap_dek(keystore, row.kek_version, row.person_id, row.key_id, row.wrapped)
            params.append({"pid": row.person_id, "v": version, "t": now,
                           "w": wrap_dek(keystore, version, row.person_id, row.key_id, dek)})
        session.execute(statement, params)
        session.commit()
        done += len(rows)
        batches += 1
        if progress:
            progress(done, total)
    return RotationReport(version, created, done)


def kek_usage(session: Session) -> dict[int, int]:
    """Number of DEKs wrapped by each KEK version."""
    rows = session.execute(
        select(PERSON_KEY.c.kek_version, func.count()).group_by(PERSON_KEY.c.kek_version)
    ).all()
    return {int(v): int(n) for v, n in rows}


def retire_kek(session: Session, version: int) -> bool:
    """Delete the key file of an old KEK version; refuses while any DEK uses it.

    Returns True if a file was removed (False: the version only lives in the
    environment, which the operator must clear). Backups made before the
    rotation need the old version: archive it offline first if they matter.
    """
    keystore = current_keystore()
    if version == keystore.current_kek_version():
        raise CryptoError(f"KEK version {version} is the current version and cannot be retired.")
    still = kek_usage(session).get(version, 0)
    if still:
        raise CryptoError(
            f"KEK version {version} still wraps {still} data keys: "
            "run 'flask --app caseflow rotate-keys' first."
        )
    return keystore.remove_kek_file(version)
