"""Session hooks: seal late fields, store new data keys, keep blind indexes current.

Runs inside the flush, in the same transaction as the rows it follows, so a
person, their wrapped key and their search tokens are committed or rolled
back together. Keys and tokens go to the driver's ``executemany`` (one
statement per flush, parameters converted once by the column types), not one
ORM object per row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import TableClause, delete, event, insert
from sqlalchemy.orm import Session

from caseflow.crypto import blind_index
from caseflow.crypto.fields import INDEX_DIRTY, PENDING, seal_pending
from caseflow.crypto.setup import dek_cache
from caseflow.crypto.tables import PERSON_KEY, PERSON_SEARCH_TOKEN, utcnow

NEW_KEY = "_caseflow_new_key"
_installed = False


def _encrypted(objs: Any) -> list[Any]:
    return [o for o in objs if hasattr(type(o), "__encrypted_fields__")]


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    waiting = [o for o in list(session.new) + list(session.dirty) if o.__dict__.get(PENDING)]
    if waiting:
        cache = dek_cache()
        for obj in _encrypted(waiting):
            seal_pending(obj, cache)


_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _processor(session: Session, column: Any) -> Any:
    """The driver-side conversion of one column's values (None: taken as they are)."""
    dialect = session.connection().dialect
    if _PLACEHOLDER.get(dialect.paramstyle) is None:
        return None
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _insert_many(session: Session, table: TableClause, columns: tuple[str, ...],
                 rows: list[tuple], processed: tuple[str, ...] = ()) -> None:
    """executemany at the driver, with each column's bind conversion applied once.

    ``processed``: columns whose values the caller already converted with ``_processor``.
    """
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    mark = _PLACEHOLDER.get(dialect.paramstyle)
    if mark is None:  # an unusual driver: let SQLAlchemy do it (no value was converted)
        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    procs = [None if c in processed else
             table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    if any(procs):
        rows = [tuple(v if p is None or v is None else p(v)
                      for p, v in zip(procs, row, strict=True)) for row in rows]
    quote = dialect.identifier_preparer.quote
    # Only table and column names and placeholders go into the text; values are bound.
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
           f"VALUES ({', '.join([mark] * len(columns))})")
    conn.exec_driver_sql(sql, rows)


def _after_flush(session: Session, _ctx: Any) -> None:
    new = _encrypted(session.new)
    now = utcnow()
    key_rows = [(k["person_id"], k["kek_version"], k["key_id"], k["wrapped"], now)
                for o in new if (k := o.__dict__.get(NEW_KEY)) is not None]
    _insert_many(session, PERSON_KEY,
                 ("person_id", "kek_version", "key_id", "wrapped", "created_at"), key_rows)

    # A deleted person takes their key and tokens along (SQLite may not cascade).
    gone = [o.id for o in _encrypted(session.deleted) if type(o).__encrypted_person_attr__ == "id"]
    if gone:
        session.execute(delete(PERSON_SEARCH_TOKEN)
                        .where(PERSON_SEARCH_TOKEN.c.person_id.in_(gone)))
        session.execute(delete(PERSON_KEY).where(PERSON_KEY.c.person_id.in_(gone)))

    new_ids = {id(o) for o in new}
    indexed = [o for o in new if _has_index(o)]
    indexed += [o for o in _encrypted(session.dirty)
                if id(o) not in new_ids and o.__dict__.get(INDEX_DIRTY) and _has_index(o)]
    if not indexed:
        return
    stale = [o.id for o in indexed if id(o) not in new_ids]
    if stale:
        session.execute(delete(PERSON_SEARCH_TOKEN)
                        .where(PERSON_SEARCH_TOKEN.c.person_id.in_(stale)))
    table = PERSON_SEARCH_TOKEN
    convert = _processor(session, table.c.person_id)
    rows = []
    for o in indexed:
        pid = o.id if convert is None else convert(o.id)
        rows += [(family, token, pid) for family, token in blind_index.person_tokens(o)]
    rows.sort()  # in primary-key order: B-tree inserts stay local
    _insert_many(session, table, ("family", "token", "person_id"), rows, processed=("person_id",))
    for o in indexed:
        o.__dict__.pop(INDEX_DIRTY, None)


_INDEXED: dict[type, bool] = {}


def _has_index(obj: Any) -> bool:
    cls = type(obj)
    found = _INDEXED.get(cls)
    if found is None:
        found = _INDEXED[cls] = cls.__encrypted_person_attr__ == "id" and any(
            f.index for f in cls.__encrypted_fields__.values())
    return found


def install() -> None:
    """Listen on every Session (Flask-SQLAlchemy's and plain ones); idempotent."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    _installed = True
