"""Shared helpers of the benchmarks: a throwaway app, timing, synthetic people, bulk loading."""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert

from caseflow import create_app
from caseflow.crypto import generate_keys
from caseflow.crypto.blind_index import person_tokens
from caseflow.demo.scale import row_of
from caseflow.extensions import db
from caseflow.models import Person, PersonKey, PersonSearchToken
from caseflow.models.person import new_person_code

SHARED = Path(os.environ.get("CASEFLOW_SHARED", "/work/shared"))
VARIANTS = SHARED / "data" / "name-variants-dev.tsv"


@dataclass
class Row:
    benchmark: str
    measure: str
    value: str
    target: str = ""
    verdict: str = ""
    baseline: str = ""  # the figure before issue 22's changes (bench/baseline.py)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median, min and max wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def spread(t: tuple[float, float, float], unit: float = 1.0, fmt: str = "{:.3f}") -> str:
    med, lo, hi = (x * unit for x in t)
    return f"{fmt.format(med)} ({fmt.format(lo)}–{fmt.format(hi)})"


def make_app(workdir: Path, population: int = 100_000, database_url: str | None = None):
    keys = workdir / "keys"
    generate_keys(keys)
    return create_app({
        "TESTING": True, "CASEFLOW_ENV": "testing", "SECRET_KEY": "b" * 40,
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{workdir / 'bench.sqlite'}",
        "KEYS_DIR": str(keys), "BLIND_INDEX_POPULATION": population,
        "AUDIT_CHECKPOINT_FILE": str(workdir / "checkpoints.jsonl"),
    })


_WORKDIRS: list[Path] = []


def workdir() -> Path:
    """A scratch folder for one benchmark's database; all are removed when the run ends."""
    path = Path(tempfile.mkdtemp(prefix="caseflow-bench-"))
    if not _WORKDIRS:
        import atexit
        import shutil

        atexit.register(lambda: [shutil.rmtree(p, ignore_errors=True) for p in _WORKDIRS])
    _WORKDIRS.append(path)
    return path


_POOL: list[str] = []


def fake_identity(rng: random.Random) -> dict:
    """Names drawn from the real spellings of the variants file (realistic collisions)."""
    if not _POOL:
        for line in VARIANTS.read_text(encoding="utf-8").splitlines():
            _POOL.extend(line.split("\t")[1].split("|"))

    def word(_n: int) -> str:
        return rng.choice(_POOL).capitalize()
    return {
        "family_name": word(rng.randint(2, 3)),
        "given_names": word(2) + (" " + word(2) if rng.random() < 0.3 else ""),
        "aliases": [word(2)] if rng.random() < 0.3 else [],
        "phone": f"06{rng.randint(0, 99_999_999):08d}",
        "contact_notes": "Rappeler le soir, hébergé chez un cousin " + word(3),
    }


def bulk_people(n: int, seed: int = 7, chunk: int = 5000) -> list:
    """Insert n encrypted people fast: rows sealed in memory, then Core executemany.

    Same ciphertexts, keys and tokens as the ORM path (the Person constructor,
    the field descriptors and ``seal_pending``, as in the flush hook, do the
    sealing), without one INSERT per object.
    """
    rng = random.Random(seed)
    ids = []
    codes: set[str] = set()
    table = Person.__table__
    for start in range(0, n, chunk):
        people, keys, tokens = [], [], []
        for _ in range(min(chunk, n - start)):
            p = Person(**fake_identity(rng), sex="unknown", birth_date_precision="unknown",
                       birth_date_source="declared", languages=[])
            while p.code in codes:
                p.code = new_person_code()
            codes.add(p.code)
            people.append(row_of(p))  # sealed as the flush hook seals, with scalar defaults
            keys.append(p.__dict__["_caseflow_new_key"])
            tokens += [{"family": f, "token": t, "person_id": p.id} for f, t in person_tokens(p)]
            ids.append(p.id)
        from caseflow.models.base import utcnow

        for row in people:
            row["created_at"] = utcnow()
        db.session.execute(insert(table), people)
        db.session.execute(insert(PersonKey), keys)
        db.session.execute(insert(PersonSearchToken), tokens)
        db.session.commit()
        from caseflow.crypto.setup import dek_cache

        dek_cache().clear()
    return ids
