"""Session hooks: seal late fields, store new data keys, keep blind indexes current.

Runs inside the flush, in the same transaction as the rows it follows, so a
person, their wrapped key and their search tokens are committed or rolled
back together. Keys and tokens go through Core ``executemany`` (one statement
per flush), not one ORM object per row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from caseflow.crypto import blind_index
from caseflow.crypto.fields import INDEX_DIRTY, seal_pending

NEW_KEY = "_caseflow_new_key"
_installed = False


def _encrypted(objs: Any) -> list[Any]:
    return [o for o in objs if hasattr(type(o), "__encrypted_fields__")]


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in _encrypted(list(session.new) + list(session.dirty)):
        seal_pending(obj)
    _unique_codes(session)


def _unique_codes(session: Session) -> None:
    """Redraw the rare person code already taken (30^7 codes: ~20% odds of one clash at 100k)."""
    from caseflow.models.person import Person, new_person_code

    new = [o for o in session.new if isinstance(o, Person)]
    if not new:
        return
    codes = [o.code for o in new]
    taken: set[str] = set()
    with session.no_autoflush:
        for start in range(0, len(codes), 500):
            taken |= set(session.scalars(
                select(Person.code).where(Person.code.in_(codes[start:start + 500]))))
    seen: set[str] = set()
    for person in new:
        while person.code in taken or person.code in seen:
            person.code = new_person_code()
        seen.add(person.code)


def _after_flush(session: Session, _ctx: Any) -> None:
    from caseflow.models.keys import PersonKey
    from caseflow.models.search_index import PersonSearchToken

    new = _encrypted(session.new)
    key_rows = [o.__dict__[NEW_KEY] for o in new if NEW_KEY in o.__dict__]
    if key_rows:
        session.execute(insert(PersonKey), key_rows)

    # A deleted person takes their key and tokens along (SQLite may not cascade).
    gone = [o.id for o in _encrypted(session.deleted) if type(o).__encrypted_person_attr__ == "id"]
    if gone:
        session.execute(delete(PersonSearchToken).where(PersonSearchToken.person_id.in_(gone)))
        session.execute(delete(PersonKey).where(PersonKey.person_id.in_(gone)))

    new_ids = {id(o) for o in new}
    indexed = [o for o in new if _has_index(o)]
    indexed += [o for o in _encrypted(session.dirty)
                if id(o) not in new_ids and o.__dict__.get(INDEX_DIRTY) and _has_index(o)]
    if not indexed:
        return
    stale = [o.id for o in indexed if id(o) not in new_ids]
    if stale:
        session.execute(delete(PersonSearchToken).where(PersonSearchToken.person_id.in_(stale)))
    rows = [
        {"family": family, "token": token, "person_id": o.id}
        for o in indexed
        for family, token in sorted(blind_index.person_tokens(o))
    ]
    if rows:
        session.execute(insert(PersonSearchToken), rows)
    for o in indexed:
        o.__dict__.pop(INDEX_DIRTY, None)


def _has_index(obj: Any) -> bool:
    return type(obj).__encrypted_person_attr__ == "id" and any(
        f.index for f in type(obj).__encrypted_fields__.values()
    )


def install() -> None:
    """Listen on every Session (Flask-SQLAlchemy's and plain ones); idempotent."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    _installed = True
