"""Column values in their stored form, as JSON: what an operation carries.

A ciphertext (``LargeBinary``) travels as base64, exactly the bytes stored: the box's
ciphertext lands centrally unchanged, and is opened there with the person's key.
Dates and times as ISO strings, UUIDs as strings, coded values as their codes; JSON
columns as they are.
"""

from __future__ import annotations

import base64
import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, DateTime, LargeBinary, Uuid
from sqlalchemy.orm import Session, object_session

from caseflow.crypto.envelope import data_key
from caseflow.crypto.fields import unseal
from caseflow.crypto.setup import dek_cache


def to_json(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def from_json(column: Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Uuid):
        return uuid.UUID(value)
    return value


def open_blob(session: Session | None, model: type, column: str, row_id: uuid.UUID,
              person_id: uuid.UUID, blob: bytes) -> bytes:
    """The plaintext bytes of one stored ciphertext of ``model.column``, opened with the
    person's key (from this context's cache, else unwrapped from the database)."""
    where = model.__encrypted_fields__[column].where(model)
    key = dek_cache().get(person_id) or data_key(session, person_id)
    return unseal(key, where, row_id, person_id, bytes(blob), f"{model.__tablename__}.{column}")


def same_plaintext(obj: Any, column: str, before: bytes, after: bytes) -> bool:
    """Whether two ciphertexts of one row's column hold the same value."""
    model = type(obj)
    person_id = getattr(obj, model.__encrypted_person_attr__)
    session = object_session(obj)
    return (open_blob(session, model, column, obj.id, person_id, before)
            == open_blob(session, model, column, obj.id, person_id, after))
