"""Insert and read of N people: encrypted Person vs plain columns vs sqlalchemy-utils AES-GCM.

The three models are the same Person but for how identity fields are stored:
same clear columns, same unique code, and the same two relationships
(enrolments and flags, ``lazy="selectin"``, to tables of their own), so the
ORM does the same work for each and the ratio is the cost of encryption. The
plain one also has the B-tree indexes a plain model would need to search
names and phones, as the encrypted one has its blind indexes. Each write is
one ORM session.add_all + commit; each read loads every row in a fresh
context (one request) and reads every field.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, Uuid, delete, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy_utils import StringEncryptedType
from sqlalchemy_utils.types.encrypted.encrypted_type import AesGcmEngine

from bench.common import Row, fake_identity, make_app, spread, timed, workdir
from caseflow.extensions import db
from caseflow.models import Person, PersonKey, PersonSearchToken

UTILS_KEY = os.urandom(32).hex()
FIELDS = ("family_name", "given_names", "aliases", "phone", "contact_notes", "birth_date")


class BenchBase(DeclarativeBase):
    pass


def _satellites(prefix: str, person_table: str) -> tuple[type, type]:
    """Enrolment- and flag-like tables hanging off a bench person table, as Person has."""
    enrolment = type(f"{prefix}Enrolment", (BenchBase,), {
        "__tablename__": f"bench_{prefix.lower()}_enrolment",
        "__annotations__": {"id": Mapped[uuid.UUID], "person_id": Mapped[uuid.UUID],
                            "started_on": Mapped[date]},
        "id": mapped_column(Uuid, primary_key=True, default=uuid.uuid4),
        "person_id": mapped_column(ForeignKey(f"{person_table}.id"), index=True),
        "started_on": mapped_column(Date),
    })
    flag = type(f"{prefix}Flag", (BenchBase,), {
        "__tablename__": f"bench_{prefix.lower()}_flag",
        "__annotations__": {"id": Mapped[uuid.UUID], "person_id": Mapped[uuid.UUID],
                            "noted_on": Mapped[date]},
        "id": mapped_column(Uuid, primary_key=True, default=uuid.uuid4),
        "person_id": mapped_column(ForeignKey(f"{person_table}.id"), index=True),
        "noted_on": mapped_column(Date),
    })
    return enrolment, flag


_PLAIN_SAT = _satellites("Plain", "bench_plain_person")
_UTILS_SAT = _satellites("Utils", "bench_utils_person")


class PlainPerson(BenchBase):
    __tablename__ = "bench_plain_person"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    family_name: Mapped[str | None] = mapped_column(Text, index=True)
    given_names: Mapped[str | None] = mapped_column(Text, index=True)
    aliases: Mapped[list | None] = mapped_column(JSON)
    birth_date: Mapped[date | None] = mapped_column(Date, index=True)
    phone: Mapped[str | None] = mapped_column(Text, index=True)
    contact_notes: Mapped[str | None] = mapped_column(Text)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_date_precision: Mapped[str] = mapped_column(String(8), default="unknown")
    birth_date_source: Mapped[str] = mapped_column(String(20), default="declared")
    sex: Mapped[str] = mapped_column(String(8), default="unknown")
    nationality: Mapped[str | None] = mapped_column(String(2))
    languages: Mapped[list] = mapped_column(JSON, default=list)
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    enrolments = relationship(_PLAIN_SAT[0], lazy="selectin", passive_deletes="all",
                              order_by=_PLAIN_SAT[0].started_on)
    flags = relationship(_PLAIN_SAT[1], lazy="selectin", passive_deletes="all",
                         order_by=_PLAIN_SAT[1].noted_on)


def _utils(kind=String) -> StringEncryptedType:
    return StringEncryptedType(kind, UTILS_KEY, AesGcmEngine)


class UtilsPerson(BenchBase):
    """sqlalchemy-utils: no associated data, one static key, no search."""

    __tablename__ = "bench_utils_person"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    family_name = mapped_column(_utils())
    given_names = mapped_column(_utils())
    aliases = mapped_column(_utils())
    birth_date = mapped_column(_utils(Date))
    phone = mapped_column(_utils())
    contact_notes = mapped_column(_utils())
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_date_precision: Mapped[str] = mapped_column(String(8), default="unknown")
    birth_date_source: Mapped[str] = mapped_column(String(20), default="declared")
    sex: Mapped[str] = mapped_column(String(8), default="unknown")
    nationality: Mapped[str | None] = mapped_column(String(2))
    languages: Mapped[list] = mapped_column(JSON, default=list)
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    enrolments = relationship(_UTILS_SAT[0], lazy="selectin", passive_deletes="all",
                              order_by=_UTILS_SAT[0].started_on)
    flags = relationship(_UTILS_SAT[1], lazy="selectin", passive_deletes="all",
                         order_by=_UTILS_SAT[1].noted_on)


def _identities(n: int) -> list[dict]:
    rng = random.Random(11)
    out = []
    for i in range(n):
        ident = fake_identity(rng)
        ident["birth_date"] = date(2000 + i % 10, 1 + i % 12, 1 + i % 28)
        out.append(ident)
    return out


def _make(model, ident: dict, i: int):
    from caseflow.models.person import new_person_code

    values = dict(ident)
    if model is UtilsPerson:
        values["aliases"] = ",".join(values["aliases"])  # it stores strings only
    if model is Person:
        return Person(**values, birth_year=values["birth_date"].year)
    return model(code=new_person_code(), birth_year=values["birth_date"].year, **values)


def _stats(times: list[float]) -> tuple[float, float, float]:
    return statistics.median(times), min(times), max(times)


def _clear(model) -> None:
    if model is Person:
        for table in (PersonSearchToken, PersonKey, Person):
            db.session.execute(delete(table))
    else:
        db.session.execute(delete(model))
    db.session.commit()


def run(quick: bool = False) -> list[Row]:
    n = 2000 if quick else 10_000
    repeat = 5
    app = make_app(workdir())
    identities = _identities(n)
    with app.app_context():
        db.create_all()
        BenchBase.metadata.create_all(db.engine)
    models = (PlainPerson, Person, UtilsPerson)
    times: dict[str, tuple[list[float], list[float]]] = {m.__name__: ([], []) for m in models}
    # Rounds interleave the three models, so that a busy moment of the machine
    # falls on all of them alike rather than on whichever model ran then.
    for _round in range(repeat):
        for model in models:
            def write(model=model):
                with app.app_context():
                    _clear(model)
                    db.session.add_all([_make(model, ident, i)
                                        for i, ident in enumerate(identities)])
                    db.session.commit()
                    db.session.remove()

            def read(model=model):
                with app.app_context():
                    total = 0
                    for person in db.session.scalars(select(model)):
                        for field in FIELDS:
                            total += getattr(person, field) is not None
                        total += person.birth_year is not None
                    assert total == n * (len(FIELDS) + 1)
                    db.session.remove()

            for job, sink in ((write, times[model.__name__][0]), (read, times[model.__name__][1])):
                gc.collect()
                sink.append(timed(job, 1)[0])
    results = {name: (_stats(w), _stats(r)) for name, (w, r) in times.items()}
    plain_w, plain_r = results["PlainPerson"]
    rows = []
    for name, label in (("PlainPerson", "plain columns"), ("Person", "caseflow encrypted"),
                        ("UtilsPerson", "sqlalchemy-utils AES-GCM")):
        w, r = results[name]
        rows.append(Row(f"fields, {n:,} people", f"write {label} (s)", spread(w)))
        rows.append(Row(f"fields, {n:,} people", f"read {label} (s)", spread(r)))
    enc_w, enc_r = results["Person"]
    ut_w, ut_r = results["UtilsPerson"]
    rows += [
        Row(f"fields, {n:,} people", "read ratio encrypted / plain",
            f"{enc_r[0] / plain_r[0]:.2f}x",
            "≤ 1.3x", "met" if enc_r[0] / plain_r[0] <= 1.3 else "missed"),
        Row(f"fields, {n:,} people", "write ratio encrypted / plain",
            f"{enc_w[0] / plain_w[0]:.2f}x", "≤ 1.5x",
            "met" if enc_w[0] / plain_w[0] <= 1.5 else "missed"),
        Row(f"fields, {n:,} people", "read ratio encrypted / sqlalchemy-utils",
            f"{enc_r[0] / ut_r[0]:.2f}x", "report"),
        Row(f"fields, {n:,} people", "write ratio encrypted / sqlalchemy-utils",
            f"{enc_w[0] / ut_w[0]:.2f}x", "report"),
        Row(f"fields, {n:,} people", "read: encrypted minus plain, per person (µs)",
            f"{(enc_r[0] - plain_r[0]) / n * 1e6:.0f}", "report"),
        Row(f"fields, {n:,} people", "write: encrypted minus plain, per person (µs)",
            f"{(enc_w[0] - plain_w[0]) / n * 1e6:.0f}", "report"),
    ]
    return rows


if __name__ == "__main__":
    for row in run(quick=True):
        print(row)
