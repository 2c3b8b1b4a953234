"""The conflicts of a record, and a professional's choice between the two values.

``open_conflicts`` is what the record shows: each field changed on a box and centrally
since their common value, with both values. ``resolve_conflict`` writes the chosen value
as a new change of the record (a new version, audited, and, where central records its
changes, an operation that boxes pull) and closes the conflict; the value not chosen
stays in the conflict row, so that nothing is lost even then.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.audit import Action, record_event
from caseflow.models.base import utcnow
from caseflow.models.sync_conflict import BOX, CENTRAL, OPEN, RESOLVED, SyncConflict
from caseflow.services import ServiceError
from caseflow.sync.registry import BY_NAME, model_of
from caseflow.sync.stored import from_json, open_blob


def open_conflicts(session: Session, person_id: uuid.UUID) -> list[SyncConflict]:
    """The person's fields waiting for a choice, oldest first."""
    return list(session.scalars(
        select(SyncConflict).where(SyncConflict.person_id == person_id,
                                   SyncConflict.status == OPEN)
        .order_by(SyncConflict.opened_at, SyncConflict.column)))


def readable_value(session: Session, conflict: SyncConflict, side: str) -> Any:
    """One side's value as the field reads it (a ciphertext opened with the person's key)."""
    stored = conflict.central_value if side == CENTRAL else conflict.box_value
    model = model_of(conflict.table_name)
    column = model.__table__.c[conflict.column]
    fields = getattr(model, "__encrypted_fields__", {})
    if stored is None or conflict.column not in fields:
        return from_json(column, stored)
    plain = open_blob(session, model, conflict.column, conflict.row_id, conflict.person_id,
                      from_json(column, stored))
    return fields[conflict.column].decode(plain)


def _attribute(model: type, column_name: str) -> str:
    for attr in model.__mapper__.column_attrs:
        if attr.columns[0].name == column_name:
            return attr.key
    raise KeyError(column_name)


def resolve_conflict(session: Session, conflict: SyncConflict, choice: str, user) -> None:
    """Keep the chosen side's value (``"central"`` or ``"box"``) and close the conflict."""
    from caseflow.access.person import person_access
    from caseflow.models.person import Person

    if choice not in (CENTRAL, BOX):
        raise ServiceError(_l("Choose one of the two values."))
    if conflict.status != OPEN:
        raise ServiceError(_l("This difference was already settled."))
    person = session.get(Person, conflict.person_id) if conflict.person_id else None
    if person is None or not person_access(user, person).may_write:
        raise ServiceError(_l("You cannot write in this person's record."))
    spec = BY_NAME[conflict.table_name]
    model = model_of(spec.name)
    record = session.get(model, conflict.row_id)
    value = readable_value(session, conflict, choice)
    fields = getattr(model, "__encrypted_fields__", {})
    name = conflict.column if conflict.column in fields else _attribute(model, conflict.column)
    if getattr(record, name) != value:
        setattr(record, name, value)
        if hasattr(record, "version"):
            record.version += 1
    conflict.status = RESOLVED
    conflict.chosen = choice
    conflict.chosen_value = conflict.central_value if choice == CENTRAL else conflict.box_value
    conflict.resolved_by_id = user.id
    conflict.resolved_at = utcnow()
    record_event(Action.UPDATE, actor_id=user.id, object_type="sync_conflict",
                 object_id=str(conflict.id), person_code=person.code,
                 details={"table": conflict.table_name, "field": conflict.column,
                          "chosen": choice})
    session.commit()
