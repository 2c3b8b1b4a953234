"""Declarative base shared by every model.

One naming convention for constraints so that Alembic migrations are stable and
identical on SQLite (batch mode) and PostgreSQL.
"""

from datetime import UTC, datetime

from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC timestamp: every stored time is UTC; pages convert to the site's zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def str_enum(enum_cls: type, length: int = 32) -> Enum:
    """An enum stored as its value in a VARCHAR (readable in SQL, no native PG type to migrate)."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
