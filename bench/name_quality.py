"""Name-search quality on data/name-variants-dev.tsv, through the real search.

One spelling per cluster (the first) is registered, for every cluster; every
other spelling is searched. Recall: the query returns its cluster's person.
Wrong: people of other clusters returned, per query. Clusters are split
deterministically by SHA-256 of the Arabic key (first byte % 4 == 0: held out,
about a quarter); the skeleton rules were tuned on the other part only.
"""

from __future__ import annotations

import hashlib

from bench.common import VARIANTS, Row, make_app, workdir
from caseflow.crypto import find_person_ids
from caseflow.extensions import db
from caseflow.models import Person


def clusters() -> list[tuple[str, list[str]]]:
    out = []
    for line in VARIANTS.read_text(encoding="utf-8").splitlines():
        arabic, variants = line.split("\t")
        held = hashlib.sha256(arabic.encode()).digest()[0] % 4 == 0
        out.append(("held-out" if held else "tuned", variants.split("|")))
    return out


def run(quick: bool = False) -> list[Row]:
    data = clusters()
    app = make_app(workdir(), population=len(data))
    with app.app_context():
        db.create_all()
        people = [Person(family_name=variants[0]) for _, variants in data]
        db.session.add_all(people)
        db.session.commit()
        ids = [p.id for p in people]
        db.session.remove()
    stats = {"tuned": [0, 0, 0], "held-out": [0, 0, 0]}
    with app.app_context():
        for person_id, (split, variants) in zip(ids, data, strict=True):
            for spelling in variants[1:]:
                found = find_person_ids(db.session, spelling)
                s = stats[split]
                s[0] += 1
                s[1] += person_id in found
                s[2] += len(set(found) - {person_id})
        db.session.remove()
    rows = []
    for split, (q, hit, wrong) in stats.items():
        recall, per_query = hit / q, wrong / q
        ok = recall >= 0.90 and per_query <= 0.5
        rows.append(Row(f"name search, {len(data):,} registered", f"{split}: {q} queries",
                        f"recall {recall:.3f}, wrong {per_query:.2f}/query",
                        "recall ≥ 0.90, wrong ≤ 0.5", "met" if ok else "missed"))
    return rows
