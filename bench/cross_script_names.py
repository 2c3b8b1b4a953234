"""Name search across scripts on tests/data/arabic-names-dev.tsv, through the real search.

Arabic → Latin: one Latin spelling per cluster is registered, for every
cluster, and each cluster's Arabic spelling is searched; repeated with the
second spelling registered, the third..., so that every Latin spelling is
met once (a cluster with fewer spellings keeps its last one registered, as a
distractor, and is not queried again). Latin → Arabic: the Arabic spelling of
every cluster is registered and every Latin spelling searched. Recall: the
query returns its cluster's person; wrong: people of other clusters returned,
per query. Split as the file says ("tune": the rules were tuned on it;
"test": held out). Run alone: python -m bench.cross_script_names [--misses].
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import Row, make_app, workdir
from caseflow.crypto import find_person_ids
from caseflow.extensions import db
from caseflow.models import Person

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "arabic-names-dev.tsv"
SPLITS = ("tune", "test")


@dataclass
class Tally:
    queries: int = 0
    found: int = 0
    wrong: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, query: str, wanted, found: list, show: str) -> None:
        self.queries += 1
        self.found += wanted in found
        self.wrong += len(set(found) - {wanted})
        if wanted not in found or len(found) > 1:
            self.misses.append(f"{query} -> {show} (found {wanted in found}, "
                               f"others {len(set(found) - {wanted})})")


def clusters() -> list[tuple[str, list[str], str]]:
    """(Arabic spelling, Latin spellings, split) of each line of the file."""
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            arabic, latin, split = line.split("\t")
            out.append((arabic, latin.split("|"), split))
    return out


def _register(names: list[str]) -> list:
    app = make_app(workdir(), population=len(names))
    with app.app_context():
        db.create_all()
        people = [Person(family_name=name) for name in names]
        db.session.add_all(people)
        db.session.commit()
        ids = [p.id for p in people]
        db.session.remove()
    return app, ids


def arabic_to_latin(data, quick: bool = False) -> dict[str, Tally]:
    stats = {s: Tally() for s in SPLITS}
    rounds = 1 if quick else max(len(latin) for _, latin, _ in data)
    for r in range(rounds):
        registered = [latin[min(r, len(latin) - 1)] for _, latin, _ in data]
        app, ids = _register(registered)
        with app.app_context():
            for person_id, (arabic, latin, split), name in zip(ids, data, registered,
                                                                strict=True):
                if r < len(latin):
                    stats[split].add(arabic, person_id, find_person_ids(db.session, arabic),
                                     name)
            db.session.remove()
    return stats


def latin_to_arabic(data, quick: bool = False) -> dict[str, Tally]:
    stats = {s: Tally() for s in SPLITS}
    app, ids = _register([arabic for arabic, _, _ in data])
    with app.app_context():
        for person_id, (arabic, latin, split) in zip(ids, data, strict=True):
            for spelling in latin[:2] if quick else latin:
                stats[split].add(spelling, person_id, find_person_ids(db.session, spelling),
                                 arabic)
        db.session.remove()
    return stats


def run(quick: bool = False) -> list[Row]:
    data = clusters()
    rows = []
    for label, stats in (("Arabic query → Latin-registered", arabic_to_latin(data, quick)),
                         ("Latin query → Arabic-registered", latin_to_arabic(data, quick))):
        for split in SPLITS:
            t = stats[split]
            recall, per_query = t.found / t.queries, t.wrong / t.queries
            ok = recall >= 0.90 and per_query <= 0.5
            rows.append(Row(f"cross-script names, {len(data)} registered",
                            f"{label}, {split}: {t.queries} queries",
                            f"recall {recall:.3f}, wrong {per_query:.2f}/query",
                            "recall ≥ 0.90, wrong ≤ 0.5", "met" if ok else "missed"))
    return rows


def main() -> None:
    """Print the figures, and with --misses each query missed or with wrong people."""
    data = clusters()
    for label, stats in (("arabic->latin", arabic_to_latin(data)),
                         ("latin->arabic", latin_to_arabic(data))):
        for split in SPLITS:
            t = stats[split]
            print(f"{label} {split}: {t.queries} queries, recall {t.found / t.queries:.3f}, "
                  f"wrong {t.wrong / t.queries:.2f}/query")
            if "--misses" in sys.argv and split == "tune":
                print("\n".join("   " + m for m in t.misses))


if __name__ == "__main__":
    main()
