"""The database column of a discipline: its code in a VARCHAR, read back as a Discipline.

An enum column would fix the list of disciplines in the model; this one accepts
any registered discipline and refuses the others when writing.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

from caseflow.disciplines.code import Discipline


class DisciplineColumn(TypeDecorator):
    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else Discipline(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else Discipline(value)

    def coerce_compared_value(self, op, value):
        return self
