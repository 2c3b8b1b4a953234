"""Authenticated field encryption and the one-line model declaration ``encrypted()``.

Stored layout, format version 1 (33 bytes of overhead)::

    0x01 | key_id (4) | nonce (12) | AES-256-GCM ciphertext | tag (16)

Associated data = version byte | key_id | len-prefixed table | len-prefixed
column | row id (16) | person id (16). A ciphertext copied into another row,
column, table or person's record fails authentication instead of decrypting.

Usage on any model with a UUID ``id`` and a ``person_id`` (Person uses its own id)::

    class Note(Base):
        text = encrypted("text")

reads and writes plain ``str``; the column holds bytes named like the attribute.
"""

from __future__ import annotations

import json
import os
import struct
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy import LargeBinary, inspect
from sqlalchemy.orm import mapped_column, object_session

from caseflow.crypto import envelope
from caseflow.crypto.errors import CryptoError, DecryptionError

FORMAT_V1 = 1
_HEADER = struct.Struct(">B4s")
NONCE_BYTES = 12
OVERHEAD = _HEADER.size + NONCE_BYTES + 16
PENDING = "_caseflow_pending_plain"  # instance dict: plaintexts waiting for their ids
INDEX_DIRTY = "_caseflow_index_dirty"  # instance dict: blind indexes to recompute


def _json_dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _check(kind: type | tuple[type, ...], label: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not isinstance(value, kind) or (label == "date" and type(value) is not date):
            raise TypeError(f"an encrypted {label} field takes a {label} value")
        return value
    return check


# kind -> (check, encode, decode)
CODECS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], bytes], Callable[[bytes], Any]]] = {
    "text": (_check(str, "text"), str.encode, bytes.decode),
    "date": (_check(date, "date"), lambda d: d.isoformat().encode(),
             lambda b: date.fromisoformat(b.decode())),
    "json": (lambda v: v, _json_dumps, json.loads),
    "bytes": (_check(bytes, "bytes"), bytes, bytes),
}


def _lp(text: str) -> bytes:
    raw = text.encode()
    return struct.pack(">H", len(raw)) + raw


def place(table: str, column: str) -> bytes:
    """The fixed part of the associated data for one column."""
    return _lp(table) + _lp(column)


def seal(key: envelope.DataKey, where: bytes, row_id: uuid.UUID, person_id: uuid.UUID,
         plaintext: bytes) -> bytes:
    header = _HEADER.pack(FORMAT_V1, key.key_id)
    nonce = os.urandom(NONCE_BYTES)
    ad = header + where + row_id.bytes + person_id.bytes
    return header + nonce + key.cipher.encrypt(nonce, plaintext, ad)


def unseal(key: envelope.DataKey, where: bytes, row_id: uuid.UUID, person_id: uuid.UUID,
           blob: bytes, label: str) -> bytes:
    if len(blob) < OVERHEAD or blob[0] != FORMAT_V1:
        raise DecryptionError(f"{label} of row {row_id}: unknown ciphertext format.")
    header = blob[:5]
    if header[1:] != key.key_id:
        raise DecryptionError(
            f"{label} of row {row_id} was encrypted under another data key "
            "(moved from another person, or the person's key was replaced)."
        )
    ad = header + where + row_id.bytes + person_id.bytes
    try:
        return key.cipher.decrypt(blob[5:17], blob[17:], ad)
    except InvalidTag:
        raise DecryptionError(
            f"{label} of row {row_id} failed authentication: altered, or moved from "
            "another row or column."
        ) from None


class EncryptedField:
    """Descriptor over a ``LargeBinary`` column holding the sealed value.

    ``index``: a blind-index family (``"name"``, ``"phone"``, ``"date"``) to
    maintain for this field; allowed only on Person, never on clinical text.
    """

    def __init__(self, kind: str = "text", *, index: str | None = None) -> None:
        if kind not in CODECS:
            raise ValueError(f"unknown encrypted field kind {kind!r}")
        self.kind = kind
        self.check, self.encode, self.decode = CODECS[kind]
        self.index = index
        self.name = ""
        self._where: bytes | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.column_attr = f"_{name}_sealed"
        self.cache_key = f"_caseflow_plain_{name}"
        # Declarative scans the class after __set_name__, so this becomes a real column.
        setattr(owner, self.column_attr, mapped_column(name, LargeBinary, nullable=True))
        fields = dict(getattr(owner, "__encrypted_fields__", {}))
        fields[name] = self
        owner.__encrypted_fields__ = fields

    # -- identity of the row ------------------------------------------------

    def where(self, owner: type) -> bytes:
        if self._where is None:
            self._where = place(owner.__tablename__, self.name)
        return self._where

    @staticmethod
    def ids(obj: Any) -> tuple[uuid.UUID | None, uuid.UUID | None]:
        return obj.id, getattr(obj, type(obj).__encrypted_person_attr__, None)

    def label(self, obj: Any) -> str:
        return f"{type(obj).__tablename__}.{self.name}"

    # -- descriptor ---------------------------------------------------------

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        pending = obj.__dict__.get(PENDING)
        if pending and self.name in pending:
            return pending[self.name]
        blob = getattr(obj, self.column_attr)
        if blob is None:
            return None
        cached = obj.__dict__.get(self.cache_key)
        if cached is not None and cached[0] is blob:
            return cached[1]
        row_id, person_id = self.ids(obj)
        key = envelope.dek_cache().get(person_id) or envelope.data_key(
            object_session(obj), person_id, _loaded_person_ids(obj))
        value = self.decode(unseal(key, self.where(type(obj)), row_id, person_id, blob,
                                   self.label(obj)))
        obj.__dict__[self.cache_key] = (blob, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        if value is not None:
            self.check(value)
        if self.index:
            obj.__dict__[INDEX_DIRTY] = True
        row_id, person_id = self.ids(obj)
        if row_id is None or person_id is None:
            # Ids come later (constructor keyword order): sealed in before_flush.
            obj.__dict__.setdefault(PENDING, {})[self.name] = value
            return
        pending = obj.__dict__.get(PENDING)
        if pending:
            pending.pop(self.name, None)
        self.store(obj, value, row_id, person_id)

    def store(self, obj: Any, value: Any, row_id: uuid.UUID, person_id: uuid.UUID) -> None:
        if value is None:
            blob = None
        else:
            key = envelope.dek_cache().get(person_id) or envelope.data_key(
                object_session(obj), person_id)
            blob = seal(key, self.where(type(obj)), row_id, person_id, self.encode(value))
        setattr(obj, self.column_attr, blob)
        obj.__dict__[self.cache_key] = (blob, value)


def encrypted(kind: str = "text", *, index: str | None = None) -> Any:
    """Declare an encrypted attribute: ``family_name = encrypted("text", index="name")``."""
    return EncryptedField(kind, index=index)


def seal_pending(obj: Any) -> None:
    """Encrypt values assigned before the row's ids were known (called before flush)."""
    pending = obj.__dict__.get(PENDING)
    if not pending:
        return
    if obj.id is None:
        obj.id = uuid.uuid4()
    row_id, person_id = EncryptedField.ids(obj)
    if person_id is None:
        raise CryptoError(
            f"{type(obj).__tablename__} row {row_id}: set "
            f"{type(obj).__encrypted_person_attr__} before saving encrypted fields."
        )
    fields = type(obj).__encrypted_fields__
    for name in list(pending):
        fields[name].store(obj, pending.pop(name), row_id, person_id)


def _loaded_person_ids(obj: Any) -> set[uuid.UUID]:
    """Person ids of every encrypted row in obj's session, for batched DEK unwrapping."""
    session = object_session(obj)
    if session is None:
        return set()
    out: set[uuid.UUID] = set()
    for other in session.identity_map.values():
        attr = getattr(type(other), "__encrypted_person_attr__", None)
        if attr is not None:
            pid = other.__dict__.get(attr)
            if pid is not None:
                out.add(pid)
    return out


def is_persistent(obj: Any) -> bool:
    return inspect(obj).persistent
