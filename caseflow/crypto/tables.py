"""The two tables crypto reads and writes, named without importing the models.

``person_key`` (one wrapped data key per person) and ``person_search_token``
(blind-index tokens) are crypto's own storage, but their schema (foreign keys,
indexes, migrations) is declared with every other table in caseflow.models
(``PersonKey``, ``PersonSearchToken``). Crypto sits below the models (a model
declares ``encrypted(...)`` fields), so it names only the columns it uses here,
with the same types: tests/crypto/test_tables.py checks that both agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, LargeBinary, SmallInteger, Uuid, column, table

PERSON_KEY = table(
    "person_key",
    column("person_id", Uuid),
    column("kek_version", Integer),
    column("key_id", LargeBinary),
    column("wrapped", LargeBinary),
    column("created_at", DateTime),
    column("rewrapped_at", DateTime),
)

PERSON_SEARCH_TOKEN = table(
    "person_search_token",
    column("family", SmallInteger),
    column("token", Integer),
    column("person_id", Uuid),
)


def utcnow() -> datetime:
    """Naive UTC, as every stored time (the models' ``utcnow``)."""
    return datetime.now(UTC).replace(tzinfo=None)
