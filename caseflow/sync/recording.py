"""Recording: each insert or update of a synced row becomes an operation, in its transaction.

On a box (``SYNC_ROLE = "box"``), and centrally when ``SYNC_RECORD_CENTRAL`` is set (the
central server's own changes are what boxes pull), a session listener writes one
``sync_operation`` row per inserted or updated row of a synced table (caseflow/sync/
registry.py), inside the flush that writes the row: the operation exists if and only if
the change committed, whatever moment the process dies at.

What an operation holds is what the database holds, never a plaintext: the ciphertexts
are sealed before or during the flush (caseflow/crypto/fields.py: a stored row's field
is sealed when assigned; a new row's in the crypto ``before_flush``), so the listener
reads them ``after_flush``, when every value is final. The session's new and dirty sets
and each attribute's history are still those of the flush there (SQLAlchemy's contract
for ``after_flush``).

An update carries, per changed column, [value before, value after]. The value before is
in the attribute's history when it was loaded when assigned; when it was not (a row
expired by a commit, then assigned without being read), ``before_flush`` reads it from
the database first, where the old row still is. ``version`` is not carried as a change:
``base_version`` says which version of the row the change was made on.

With the default role (central, ``SYNC_RECORD_CENTRAL`` off) the listeners return before
doing anything: no statement, no cost (tests/test_query_counts.py).

The author: ``g.sync_user_id`` if set (commands and tests, ``acting_as``), else the
signed-in user; None for a change no user made (a system job).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from caseflow.models.base import utcnow
from caseflow.models.sync_operation import INSERT, LOCAL, UPDATE, SyncOperation
from caseflow.sync.registry import SyncedTable, spec_of, table_order
from caseflow.sync.stored import same_plaintext, to_json
from caseflow.sync.uuid7 import continue_after, uuid7

APPLYING = "caseflow_sync_applying"  # session.info: operations being applied, not recorded
_BEFORE = "_caseflow_sync_before"  # instance dict: values read from the database before flush
_BASE = "_caseflow_sync_base"  # instance dict: the row's version before the flush
_installed = False


def recording_device() -> str | None:
    """The device name operations are recorded under here, or None when nothing is."""
    if not has_app_context():
        return None
    config = current_app.config
    if config.get("SYNC_ROLE") == "box":
        return config["SYNC_DEVICE"]
    if config.get("SYNC_RECORD_CENTRAL"):
        return "central"
    return None


@contextmanager
def acting_as(user_id: int | None) -> Iterator[None]:
    """Record the operations made inside the block under this user (commands, tests)."""
    had, previous = "sync_user_id" in g, g.get("sync_user_id")
    g.sync_user_id = user_id
    try:
        yield
    finally:
        if had:
            g.sync_user_id = previous
        else:
            g.pop("sync_user_id", None)


def _author() -> int | None:
    if "sync_user_id" in g:
        return g.sync_user_id
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id
    return None


def _columns(obj: Any) -> list[tuple[str, Any]]:
    """(attribute key, column) of every column of the row's table."""
    return [(attr.key, attr.columns[0]) for attr in inspect(type(obj)).column_attrs]


def _active(session: Session) -> bool:
    return not session.info.get(APPLYING) and recording_device() is not None


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if not _active(session):
        return
    for obj in session.dirty:
        spec = spec_of(obj)
        if spec is None:
            continue
        state = inspect(obj)
        if state.key is None:
            continue
        obj.__dict__.pop(_BEFORE, None)  # left by a flush that failed
        obj.__dict__.pop(_BASE, None)
        unknown, changed = [], False
        for key, column in _columns(obj):
            history = state.attrs[key].history
            changed = changed or bool(history.added and key != "version")
            if history.added and not history.deleted and not history.unchanged:
                unknown.append(column)
            elif key == "version":
                # The ORM resets a version column's history during the flush: read it now.
                old = history.deleted or history.unchanged
                if old:
                    obj.__dict__[_BASE] = old[0]
                else:  # not loaded
                    unknown.append(column)
        if unknown and changed:
            table = type(obj).__table__
            with session.no_autoflush:
                row = session.connection().execute(
                    select(*unknown).where(table.c.id == obj.id)).first()
            if row is not None:
                obj.__dict__[_BEFORE] = {c.name: row[i] for i, c in enumerate(unknown)}


def _person_id(obj: Any, spec: SyncedTable) -> Any:
    if spec.person_column:
        return getattr(obj, spec.person_column)
    if spec.person_via:
        parent = getattr(obj, spec.person_via, None)
        return getattr(parent, "person_id", None)
    return None


def _insert_payload(obj: Any) -> dict[str, Any]:
    state = obj.__dict__
    return {column.name: to_json(column, state[key] if key in state else getattr(obj, key))
            for key, column in _columns(obj)}


def _update_payload(obj: Any) -> tuple[dict[str, list[Any]], int | None]:
    state = inspect(obj)
    known = obj.__dict__.pop(_BEFORE, {})
    base_version = obj.__dict__.pop(_BASE, None)
    if base_version is None:
        base_version = known.get("version")
    changes: dict[str, list[Any]] = {}
    encrypted = getattr(type(obj), "__encrypted_fields__", {})
    for key, column in _columns(obj):
        if key == "version":
            continue
        history = state.attrs[key].history
        if not history.added:
            continue
        if history.deleted:
            before = history.deleted[0]
        elif history.unchanged:
            before = history.unchanged[0]
        else:
            before = known.get(column.name)
        after = history.added[0]
        if before is not None and after is not None and before == after:
            continue
        if (column.name in encrypted and before is not None and after is not None
                and same_plaintext(obj, column.name, before, after)):
            continue  # sealed again, unchanged (two sealings of one value differ)
        changes[column.name] = [to_json(column, before), to_json(column, after)]
    return changes, base_version


def operation_row(device: str, user_id: int | None, table_name: str, row_id: Any,
                  person_id: Any, kind: str, payload: dict, base_version: int | None,
                  now: Any = None) -> dict[str, Any]:
    """The values of one new operation recorded here."""
    return {"id": uuid7(), "device": device, "user_id": user_id, "table_name": table_name,
            "row_id": row_id, "person_id": person_id, "kind": kind,
            "base_version": base_version, "payload": payload, "created_at": now or utcnow(),
            "state": LOCAL, "arrival": uuid7(), "conflicted": []}


def _after_flush(session: Session, _ctx: Any) -> None:
    if not _active(session):
        return
    device = recording_device()
    user_id = _author()
    now = utcnow()
    rows = []

    def add(obj: Any, spec: SyncedTable, kind: str, payload: dict, base: int | None) -> None:
        rows.append(operation_row(device, user_id, spec.name, obj.id, _person_id(obj, spec),
                                  kind, payload, base, now))

    new_ids = set()
    inserted = [(o, spec) for o in session.new if (spec := spec_of(o)) is not None]
    if inserted or any(spec_of(o) is not None for o in session.dirty):
        _device_floor(session, device)
    # Parents before children (a person before their notes): the order rows can land in.
    order = table_order()
    inserted.sort(key=lambda pair: order[pair[1].name])
    for obj, spec in inserted:
        new_ids.add(id(obj))
        add(obj, spec, INSERT, _insert_payload(obj), None)
    for obj in session.dirty:
        spec = spec_of(obj)
        if spec is None or id(obj) in new_ids or inspect(obj).key is None:
            continue
        changes, base_version = _update_payload(obj)
        if changes:
            add(obj, spec, UPDATE, changes, base_version)
    if rows:
        session.connection().execute(insert(SyncOperation.__table__), rows)


def _device_floor(session: Session, device: str) -> None:
    """Continue the device's sequence after its greatest stored id (another process, a
    restart after the clock was set back). One indexed read per flush that records; on a
    box, SQLite's write lock (BEGIN IMMEDIATE) is already held, so no other process can
    store an id in between."""
    continue_after(session.connection().execute(   # (PostgreSQL has no max() of a uuid)
        select(SyncOperation.id).where(SyncOperation.device == device)
        .order_by(SyncOperation.id.desc()).limit(1)).scalar())


def install() -> None:
    """Listen on every Session; idempotent. The listeners do nothing where nothing syncs."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    _installed = True
