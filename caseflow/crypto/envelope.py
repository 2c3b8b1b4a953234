"""Envelope encryption: a random DEK per person, wrapped by a versioned KEK.

The wrap is AES-256-GCM with associated data binding it to the person id, the
KEK version and the key id, so a wrapped key copied onto another person, or
relabelled with another version, does not open.
"""

from __future__ import annotations

import os
import struct
import uuid
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from caseflow.crypto.errors import ShreddedError, WrongKeyError
from caseflow.crypto.keystore import KeyStore
from caseflow.crypto.setup import current_keystore, dek_cache
from caseflow.crypto.tables import PERSON_KEY

__all__ = ["DataKey", "data_key", "dek_cache", "forget", "new_person_key"]

WRAP_LABEL = b"caseflow.dek.v1"
PREFETCH_BATCH = 500


class DataKey:
    """An unwrapped DEK, ready to use: never stored, never logged.

    A plain slotted class (a frozen dataclass costs a microsecond more per
    person on every list page).
    """

    __slots__ = ("cipher", "key_id")

    def __init__(self, key_id: bytes, cipher: AESGCM) -> None:
        self.key_id = key_id
        self.cipher = cipher

    def wipe(self) -> None:
        """Drop the cipher: a reference kept anywhere opens nothing any more."""
        self.cipher = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, DataKey) and self.key_id == other.key_id
                and self.cipher is other.cipher)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<DataKey id={self.key_id.hex()}>"

    @classmethod
    def generate(cls) -> DataKey:
        """A fresh random key (tests and tools; persons get theirs from new_person_key)."""
        return cls(os.urandom(4), AESGCM(AESGCM.generate_key(256)))


_VERSION = struct.Struct(">I")


def _wrap_ad(person_id: uuid.UUID, kek_version: int, key_id: bytes) -> bytes:
    return WRAP_LABEL + person_id.bytes + _VERSION.pack(kek_version) + key_id


def wrap_dek(keystore: KeyStore, kek_version: int, person_id: uuid.UUID, key_id: bytes,
             dek: bytes) -> bytes:
    nonce = os.urandom(12)
    ad = _wrap_ad(person_id, kek_version, key_id)
    return nonce + keystore.kek(kek_version).encrypt(nonce, dek, ad)


def unwrap_dek(keystore: KeyStore, kek_version: int, person_id: uuid.UUID, key_id: bytes,
               wrapped: bytes) -> bytes:
    kek = keystore.kek(kek_version)
    try:
        return kek.decrypt(wrapped[:12], wrapped[12:], _wrap_ad(person_id, kek_version, key_id))
    except InvalidTag:
        raise WrongKeyError(
            f"KEK version {kek_version} does not open the data key of person {person_id}: "
            f"the key file for version {kek_version} is wrong, or the key row was altered."
        ) from None


def new_person_key(person_id: uuid.UUID) -> dict[str, Any]:
    """Create a DEK for a new person: cache it, return the ``person_key`` row to insert."""
    keystore = current_keystore()
    version = keystore.current_kek_version()
    dek, key_id = AESGCM.generate_key(256), os.urandom(4)
    row = {
        "person_id": person_id,
        "kek_version": version,
        "key_id": key_id,
        "wrapped": wrap_dek(keystore, version, person_id, key_id, dek),
    }
    dek_cache()[person_id] = DataKey(key_id, AESGCM(dek))
    return row


_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _key_rows(conn: Connection, batch: list[uuid.UUID]) -> list[tuple]:
    """(person_id, kek_version, key_id, wrapped) of the wanted people, as plain tuples.

    Straight to the driver: ids are converted once by the column type and the
    rows mapped back to the UUIDs asked for, instead of one result-processing
    pass per row (this runs for every list page).
    """
    table = PERSON_KEY
    dialect = conn.dialect
    mark = _MARKS.get(dialect.paramstyle)
    if mark is None:
        return [tuple(r) for r in conn.execute(
            select(table.c.person_id, table.c.kek_version, table.c.key_id, table.c.wrapped)
            .where(table.c.person_id.in_(batch)))]
    convert = table.c.person_id.type.dialect_impl(dialect).bind_processor(dialect)
    wanted = {(convert(i) if convert else i): i for i in batch}
    quote = dialect.identifier_preparer.quote
    # Only the table name and placeholders go into the text; ids are bound.
    sql = (f"SELECT person_id, kek_version, key_id, wrapped FROM {quote(table.name)} "  # noqa: S608
           f"WHERE person_id IN ({', '.join([mark] * len(wanted))})")
    rows = conn.exec_driver_sql(sql, tuple(wanted)).fetchall()
    return [(wanted[r[0]], r[1], r[2], r[3]) for r in rows if r[0] in wanted]


def data_key(session: Session | None, person_id: uuid.UUID,
             wanted_with: set[uuid.UUID] | None = None) -> DataKey:
    """The person's DEK, from the per-request cache or the database.

    ``wanted_with``: other person ids likely needed soon (rows already loaded in
    the session); they are unwrapped in the same query, so a list of 10,000
    people costs 20 queries, not 10,000.
    """
    cache = dek_cache()
    found = cache.get(person_id)
    if found is not None:
        return found
    if session is None:
        raise ShreddedError(f"No data key for person {person_id} (object not in a session).")
    ids = [person_id] + [i for i in (wanted_with or ()) if i not in cache and i != person_id]
    keystore = current_keystore()
    conn = session.connection()
    keks: dict[int, AESGCM] = {}
    pack = _VERSION.pack
    for start in range(0, len(ids), PREFETCH_BATCH):
        for pid, version, key_id, wrapped in _key_rows(conn, ids[start:start + PREFETCH_BATCH]):
            kek = keks.get(version) or keks.setdefault(version, keystore.kek(version))
            key_id = bytes(key_id)
            try:  # unwrap_dek, inlined: this loop runs once per person on a list page
                dek = kek.decrypt(wrapped[:12], wrapped[12:],
                                  WRAP_LABEL + pid.bytes + pack(version) + key_id)
            except InvalidTag:
                unwrap_dek(keystore, version, pid, key_id, bytes(wrapped))  # raises, named
                raise
            cache[pid] = DataKey(key_id, AESGCM(dek))
    if person_id not in cache:
        raise ShreddedError(
            f"No data key for person {person_id}: the person was erased (crypto-shredded) "
            "or the key row is missing."
        )
    return cache[person_id]


def forget(person_id: uuid.UUID) -> None:
    """Drop a person's DEK from the request cache (after shredding), and wipe it."""
    key = dek_cache().pop(person_id, None)
    if key is not None:
        key.wipe()
