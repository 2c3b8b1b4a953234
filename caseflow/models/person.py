"""Person: the patient. Identity is declared, encrypted, and searchable by blind index.

In clear stay only coded, non-identifying fields needed for statistics (birth
year, precision and source of the birth date, sex, nationality, languages);
docs/SECURITY.md says why each one is there.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, Index, Integer, String, Uuid, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from caseflow.crypto.envelope import new_person_key
from caseflow.crypto.fields import encrypted
from caseflow.models.base import Base, utcnow

if TYPE_CHECKING:
    from caseflow.models.enrolment import Enrolment
    from caseflow.models.flag import VulnerabilityFlag

# Unambiguous alphabet: no 0/O, 1/I/L, U (read aloud and handwritten codes).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BODY = 7
BIRTH_DATE_PRECISIONS = ("full", "month", "year", "unknown")
BIRTH_DATE_SOURCES = ("declared", "document", "judicial_decision")
SEXES = ("female", "male", "other", "unknown")


def _check_char(body: str) -> str:
    """Luhn mod N check character: catches any single typo and most transpositions."""
    n = len(CODE_ALPHABET)
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * CODE_ALPHABET.index(char)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return CODE_ALPHABET[(n - total % n) % n]


def new_person_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_BODY))
    return format_person_code(body + _check_char(body))


def format_person_code(raw: str) -> str:
    return f"{raw[:3]}-{raw[3:6]}-{raw[6:]}"


def normalise_person_code(typed: str) -> str | None:
    """A typed code in canonical form (``K7Q-2M4-X9``), or None if it is not valid."""
    raw = "".join(c for c in typed.upper() if c not in " -.")
    if len(raw) != CODE_BODY + 1 or any(c not in CODE_ALPHABET for c in raw):
        return None
    if _check_char(raw[:-1]) != raw[-1]:
        return None
    return format_person_code(raw)


def _in(column: str, values: tuple[str, ...]) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_valid")


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (
        # The indicators join every counted row to its person for sex and age group:
        # covered by this index, the join never reads the (large, encrypted) row.
        Index("ix_person_id_sex_birth_year", "id", "sex", "birth_year"),
        _in("birth_date_precision", BIRTH_DATE_PRECISIONS),
        _in("birth_date_source", BIRTH_DATE_SOURCES),
        _in("sex", SEXES),
    )
    __encrypted_person_attr__ = "id"  # a person's fields are bound to the person's own id

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)

    # Encrypted identity (declared): plain Python values for callers.
    family_name = encrypted("text", index="name")
    given_names = encrypted("text", index="name")
    aliases = encrypted("json", index="name")
    birth_date = encrypted("date", index="date")
    phone = encrypted("text", index="phone")
    contact_notes = encrypted("text")

    # In clear: coded, non-identifying, for statistics.
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_date_precision: Mapped[str] = mapped_column(String(8), default="unknown")
    birth_date_source: Mapped[str] = mapped_column(String(20), default="declared")
    sex: Mapped[str] = mapped_column(String(8), default="unknown")
    nationality: Mapped[str | None] = mapped_column(String(2))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped by identity edits made through a form: two people correcting the same
    # identity at once, the second is told (not silently overwritten).
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    # The record around the identity (intake issue). No delete cascade: erasing a
    # person is crypto-shredding, and merging moves these rows to the survivor.
    enrolments: Mapped[list[Enrolment]] = relationship(
        lazy="selectin", order_by="Enrolment.started_on", passive_deletes="all"
    )
    flags: Mapped[list[VulnerabilityFlag]] = relationship(
        lazy="selectin", order_by="VulnerabilityFlag.noted_on", passive_deletes="all"
    )

    def __init__(self, **kwargs: Any) -> None:
        # The id exists before insert, so every field can be bound to it at once.
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        self.code = kwargs.pop("code", None) or new_person_code()
        self.__dict__["_caseflow_new_key"] = new_person_key(self.id)
        super().__init__(**kwargs)

    def set_birth_date(self, value: date | None, precision: str, source: str = "declared") -> None:
        """Declared birth date (encrypted) with its clear statistics fields kept consistent."""
        if precision not in BIRTH_DATE_PRECISIONS or source not in BIRTH_DATE_SOURCES:
            raise ValueError("unknown birth date precision or source")
        # A month or year precision stores the first day (2007-03-01, 2007-01-01).
        self.birth_date = value if precision != "unknown" else None
        self.birth_year = value.year if value is not None and precision != "unknown" else None
        self.birth_date_precision = precision
        self.birth_date_source = source

    def __repr__(self) -> str:
        return f"<Person {self.code} {self.id}>"


@event.listens_for(Session, "before_flush")
def _unique_codes(session: Session, _ctx: Any, _instances: Any) -> None:
    """Redraw the rare person code already taken (30^7 codes: ~20% odds of one clash at 100k)."""
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
