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
from sqlalchemy import LargeBinary
from sqlalchemy.orm import mapped_column, object_session
from sqlalchemy.orm.base import instance_state

from caseflow.crypto import envelope
from caseflow.crypto.errors import CryptoError, DecryptionError

FORMAT_V1 = 1
_HEADER = struct.Struct(">B4s")
NONCE_BYTES = 12
OVERHEAD = _HEADER.size + NONCE_BYTES + 16
PENDING = "_caseflow_pending_plain"  # instance dict: plaintexts waiting for their ids
INDEX_DIRTY = "_caseflow_index_dirty"  # instance dict: blind indexes to recompute
KEY_REF = "_caseflow_dek_ref"  # instance dict of a person row: their DEK, wiped at request end
AD_IDS = "_caseflow_ad_ids"  # instance dict of a person row: row id + person id, as bytes


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


def _label(label: Any, obj: Any) -> str:
    # Built only for an error message: table.column, never a value.
    return label if isinstance(label, str) else label.label(obj)


def unseal(key: envelope.DataKey, where: bytes, row_id: uuid.UUID, person_id: uuid.UUID,
           blob: bytes, label: Any, obj: Any = None) -> bytes:
    """Decrypt one field; ``label`` is "table.column" or the field (named lazily on error)."""
    header = blob[:5]
    if len(blob) < OVERHEAD or header[0] != FORMAT_V1:
        raise DecryptionError(f"{_label(label, obj)} of row {row_id}: unknown ciphertext format.")
    if header[1:] != key.key_id:
        raise DecryptionError(
            f"{_label(label, obj)} of row {row_id} was encrypted under another data key "
            "(moved from another person, or the person's key was replaced)."
        )
    try:
        return key.cipher.decrypt(blob[5:17], blob[17:], header + where + row_id.bytes
                                  + person_id.bytes)
    except InvalidTag:
        raise DecryptionError(
            f"{_label(label, obj)} of row {row_id} failed authentication: altered, or moved "
            "from another row or column."
        ) from None


_MISSING = object()
# The models whose fields are blind-indexed (the person's, the only place ``index`` is
# allowed). Crypto sits below the models and imports none: a model becomes known here by
# declaring its fields, and search loads its rows from here to confirm candidates.
_INDEXED_MODELS: list[type] = []


def indexed_model() -> type:
    """The model whose rows the blind index points at (the person)."""
    if len(_INDEXED_MODELS) != 1:
        raise CryptoError("Exactly one model may declare blind-indexed fields; found "
                          f"{[m.__name__ for m in _INDEXED_MODELS]}.")
    return _INDEXED_MODELS[0]


def _session_for(obj: Any) -> Any:
    """The object's session, else the app's Flask-SQLAlchemy session (a row built before
    ``add``), found through the app rather than imported (crypto imports no caseflow module
    above it)."""
    session = object_session(obj)
    if session is None:
        from flask import current_app, has_app_context

        if has_app_context() and "sqlalchemy" in current_app.extensions:
            session = current_app.extensions["sqlalchemy"].session()
    return session


class EncryptedField:
    """Descriptor over a ``LargeBinary`` column holding the sealed value.

    ``index``: a blind-index family (``"name"``, ``"phone"``, ``"date"``) to
    maintain for this field; allowed only on Person, never on clinical text.

    Reads decrypt lazily, on first access of each field, and keep the value on
    the instance next to the ciphertext it came from. Writes on a row that was
    never flushed are kept as plaintext on the instance and sealed in the
    flush (all of them at once, with ids known); writes on a stored row are
    sealed at once.
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
        # The plaintext read or written last, and the ciphertext it goes with (two
        # entries, not a tuple: one object fewer for the garbage collector per field).
        self.cache_key = f"_caseflow_plain_{name}"
        self.source_key = f"_caseflow_plain_src_{name}"
        # Declarative scans the class after __set_name__, so this becomes a real column.
        setattr(owner, self.column_attr, mapped_column(name, LargeBinary, nullable=True))
        fields = dict(getattr(owner, "__encrypted_fields__", {}))
        fields[name] = self
        owner.__encrypted_fields__ = fields
        if self.index and owner not in _INDEXED_MODELS:
            _INDEXED_MODELS.append(owner)

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
        state = obj.__dict__
        pending = state.get(PENDING)
        if pending and self.name in pending:
            return pending[self.name]
        blob = state.get(self.column_attr, _MISSING)
        if blob is _MISSING:  # expired or never loaded: let the ORM load it
            blob = getattr(obj, self.column_attr)
        if blob is None:
            return None
        if state.get(self.source_key) is blob:
            return state[self.cache_key]
        # Row and person ids as bytes, for the associated data (computed once per row).
        # Ids (and their bytes, for the associated data) and the person's DEK are
        # remembered on the row only where the person is the row itself: a related
        # row may move to another person (a merge), and must then be looked up
        # afresh. The DEK reference dies with the request: the end of the request
        # wipes every cached key (DataKey.wipe), so a row kept longer opens nothing.
        row_id = state.get("id") or obj.id
        id_bytes = state.get(AD_IDS)  # bytes: nothing for the garbage collector to track
        if id_bytes is None:
            cls = type(obj)
            if cls.__encrypted_person_attr__ == "id":
                person_id = row_id
                id_bytes = state[AD_IDS] = row_id.bytes + row_id.bytes
            else:
                person_id = getattr(obj, cls.__encrypted_person_attr__)
                id_bytes = row_id.bytes + person_id.bytes
        else:
            person_id = row_id
        key = state.get(KEY_REF)
        if key is None or key.cipher is None:
            key = envelope.dek_cache().get(person_id) or envelope.data_key(
                _session_for(obj), person_id, _loaded_person_ids(obj))
            if person_id is row_id:
                state[KEY_REF] = key
        where = self._where or self.where(type(obj))
        header = blob[:5]
        plain = None
        if header[1:] == key.key_id and header[0] == FORMAT_V1 and len(blob) >= OVERHEAD:
            try:  # noqa: SIM105 (contextlib.suppress costs more, on every field read)
                plain = key.cipher.decrypt(blob[5:17], blob[17:], header + where + id_bytes)
            except InvalidTag:
                pass
        if plain is None:  # the slow path names the problem
            plain = unseal(key, where, row_id, person_id, blob, self, obj)
        value = state[self.cache_key] = self.decode(plain)
        state[self.source_key] = blob
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        if value is not None:
            self.check(value)
        state = obj.__dict__
        if self.index:
            state[INDEX_DIRTY] = True
        if instance_state(obj).key is None:
            # Never flushed: sealed in before_flush, when ids and the session are
            # certain (constructor keyword order, a row built before session.add).
            state.setdefault(PENDING, {})[self.name] = value
            return
        row_id, person_id = self.ids(obj)
        pending = state.get(PENDING)
        if pending:
            pending.pop(self.name, None)
        self.store(obj, value, row_id, person_id)

    def store(self, obj: Any, value: Any, row_id: uuid.UUID, person_id: uuid.UUID,
              key: envelope.DataKey | None = None) -> None:
        if value is None:
            blob = None
        else:
            if key is None:
                key = envelope.dek_cache().get(person_id) or envelope.data_key(
                    _session_for(obj), person_id)
            blob = seal(key, self._where or self.where(type(obj)), row_id, person_id,
                        self.encode(value))
        setattr(obj, self.column_attr, blob)
        obj.__dict__[self.cache_key] = value
        obj.__dict__[self.source_key] = blob


def encrypted(kind: str = "text", *, index: str | None = None) -> Any:
    """Declare an encrypted attribute: ``family_name = encrypted("text", index="name")``."""
    return EncryptedField(kind, index=index)


def seal_pending(obj: Any, cache: dict | None = None) -> None:
    """Encrypt values assigned before the row was flushed (called before flush)."""
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
    key = (cache if cache is not None else envelope.dek_cache()).get(person_id)
    if key is None:
        key = envelope.data_key(_session_for(obj), person_id)
    cls = type(obj)
    fields = cls.__encrypted_fields__
    if instance_state(obj).key is not None:  # stored row: through the attribute events
        for name, value in pending.items():
            fields[name].store(obj, value, row_id, person_id, key)
        pending.clear()
        return
    # A row about to be inserted: the INSERT reads column values from the
    # instance dict, so the sealed bytes go straight there (one AES-GCM each).
    state = obj.__dict__
    header = _HEADER.pack(FORMAT_V1, key.key_id)
    ids = row_id.bytes + person_id.bytes
    encrypt = key.cipher.encrypt
    for name, value in pending.items():
        field = fields[name]
        if value is None:
            blob = None
        else:
            nonce = os.urandom(NONCE_BYTES)
            blob = header + nonce + encrypt(
                nonce, field.encode(value), header + (field._where or field.where(cls)) + ids)
        state[field.column_attr] = blob
        state[field.cache_key] = value
        state[field.source_key] = blob
    del state[PENDING]


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

