"""KEK rotation: rewrap every DEK under a new KEK version, never touching field data, and
reseal every sealed secret of caseflow.crypto.sealed (TOTP seeds, outreach session keys).

Resumable: each batch commits on its own, and a run that finds DEKs or sealed secrets
still on an older version finishes the rotation in progress instead of starting
another. Retiring a version refuses while any DEK or sealed secret still uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from caseflow.crypto.envelope import unwrap_dek, wrap_dek
from caseflow.crypto.errors import CryptoError
from caseflow.crypto.sealed import SEALED_COLUMNS, SealedColumn
from caseflow.crypto.secrets import reencrypt_secret, secret_kek_version
from caseflow.crypto.setup import current_keystore
from caseflow.crypto.tables import PERSON_KEY, utcnow

Progress = Callable[[int, int], None]


@dataclass
class RotationReport:
    version: int
    created_version: bool
    rewrapped: int
    # Sealed secrets moved to ``version``, by column name (``outreach_session.sealed_key``).
    resealed: dict[str, int] = field(default_factory=dict)


def _pending_deks(session: Session, version: int) -> int:
    return session.scalar(
        select(func.count()).select_from(PERSON_KEY).where(PERSON_KEY.c.kek_version != version)
    ) or 0


def pending_count(session: Session, version: int) -> int:
    """DEKs and sealed secrets not yet under ``version``."""
    sealed = sum(n for usage in sealed_usage(session).values()
                 for v, n in usage.items() if v != version)
    return _pending_deks(session, version) + sealed


def rotate_keks(session: Session, batch_size: int = 1000, progress: Progress | None = None,
                new_version: bool = True, max_batches: int | None = None) -> RotationReport:
    """Rewrap all DEKs under the current KEK, creating a new version first unless resuming,
    then reseal every sealed secret of caseflow.crypto.sealed under it.

    ``max_batches`` stops the DEKs early (tests use it to simulate a crash mid-way); the
    sealed secrets are then left to the run that resumes.
    """
    keystore = current_keystore()
    version = keystore.current_kek_version()
    created = False
    if new_version and pending_count(session, version) == 0:
        version = keystore.add_kek_version()
        created = True
    total = _pending_deks(session, version)
    table = PERSON_KEY
    statement = (
        update(table)
        .where(table.c.person_id == bindparam("pid"))
        .values(kek_version=bindparam("v"), wrapped=bindparam("w"), rewrapped_at=bindparam("t"))
    )
    done = batches = 0
    finished = False
    while max_batches is None or batches < max_batches:
        rows = session.execute(
            select(table.c.person_id, table.c.kek_version, table.c.key_id, table.c.wrapped)
            .where(table.c.kek_version != version)
            .order_by(table.c.person_id)
            .limit(batch_size)
        ).all()
        if not rows:
            finished = True
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
    if not finished:  # stopped early: a later run resumes, DEKs then sealed secrets
        return RotationReport(version, created, done)
    resealed = {sealed.name: reseal(session, sealed, batch_size) for sealed in SEALED_COLUMNS}
    return RotationReport(version, created, done, resealed)


def reseal(session: Session, sealed: SealedColumn, batch_size: int = 1000) -> int:
    """Seal every value of ``sealed`` under the current KEK version; returns how many moved.

    A value is rewritten only if it is still the one read (a seed re-enrolled meanwhile is
    already current and left alone). The secret itself is unchanged: an outreach session's
    data key stays the same key, so its fields are not touched."""
    clause = sealed.clause()
    key, value = clause.c[sealed.key], clause.c[sealed.column]
    current = current_keystore().current_kek_version()
    moved, last = 0, None
    while True:
        query = select(key, value).where(value.is_not(None)).order_by(key).limit(batch_size)
        if last is not None:
            query = query.where(key > last)
        rows = session.execute(query).all()
        if not rows:
            return moved
        for row_key, stored in rows:
            stored = bytes(stored)
            if secret_kek_version(stored) == current:
                continue
            fresh = reencrypt_secret(stored, purpose=sealed.purpose,
                                     context=sealed.context(row_key))
            result = session.execute(update(clause).where(key == row_key, value == stored)
                                     .values({sealed.column: fresh}))
            moved += result.rowcount
        session.commit()
        last = rows[-1][0]


def sealed_usage(session: Session) -> dict[str, dict[int, int]]:
    """Number of sealed secrets under each KEK version, by column name."""
    usage: dict[str, dict[int, int]] = {}
    for sealed in SEALED_COLUMNS:
        value = sealed.clause().c[sealed.column]
        counts = usage[sealed.name] = {}
        for stored in session.scalars(select(value).where(value.is_not(None))):
            version = secret_kek_version(bytes(stored))
            counts[version] = counts.get(version, 0) + 1
    return usage


def dek_usage(session: Session) -> dict[int, int]:
    """Number of DEKs wrapped by each KEK version."""
    rows = session.execute(
        select(PERSON_KEY.c.kek_version, func.count()).group_by(PERSON_KEY.c.kek_version)
    ).all()
    return {int(v): int(n) for v, n in rows}


def kek_usage(session: Session) -> dict[int, int]:
    """Number of keys and secrets that need each KEK version: DEKs plus sealed secrets."""
    usage = dek_usage(session)
    for counts in sealed_usage(session).values():
        for version, n in counts.items():
            usage[version] = usage.get(version, 0) + n
    return usage


def retire_kek(session: Session, version: int) -> bool:
    """Delete the key file of an old KEK version; refuses while any DEK or sealed secret
    (caseflow.crypto.sealed) uses it.

    Returns True if a file was removed (False: the version only lives in the
    environment, which the operator must clear). Backups made before the
    rotation need the old version: archive it offline first if they matter.
    """
    keystore = current_keystore()
    if version == keystore.current_kek_version():
        raise CryptoError(f"KEK version {version} is the current version and cannot be retired.")
    deks = dek_usage(session).get(version, 0)
    left = {name: counts[version] for name, counts in sealed_usage(session).items()
            if counts.get(version)}
    if deks or left:
        sealed = ""
        if left:
            sealed = (f" and seals {sum(left.values())} secrets ("
                      + ", ".join(f"{name}: {n}" for name, n in left.items()) + ")")
        raise CryptoError(
            f"KEK version {version} still wraps {deks} data keys{sealed}: "
            "run 'flask --app caseflow rotate-keys' first."
        )
    return keystore.remove_kek_file(version)
