"""The duplicate check on real spelling variants (name-variants-dev.tsv, see its README).

False duplicates: people with different family names (one spelling of each of 150
clusters never used to tune the phonetic rules) who share a very common given name, a
birth year within one and a nationality, imported as one spreadsheet: how many are
reported as "may already be" someone else. Before issue 14: 149 of 150 here
(the outside review saw 117 of 150 on its own file).

Recall: each of them registered again under another spelling of the same family name
(and a spelling of the same given name), same birth year: how often the check names the
right person among its candidates.

Print the figures: `.venv/bin/python -m tests.people.test_intake_duplicates` (or run this
test with -s).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.person import Person
from caseflow.services.intake.duplicates import find_candidates
from caseflow.services.intake.importer import import_rows
from caseflow.services.intake.people import Identity, register_person
from caseflow.vocabulary import BirthDatePrecision, Sex
from tests.support.records import site_id

VARIANTS = Path(__file__).parents[3] / "shared" / "data" / "name-variants-dev.tsv"
if not VARIANTS.exists():
    VARIANTS = Path("/work/shared/data/name-variants-dev.tsv")
GIVEN = ["Mohamed", "Mohammed", "Muhammad", "Mouhamed"]  # the same given name, as written
PEOPLE = 150
# Held-out clusters, 150 spread over the file. Before issue 14: 149 of 150 reported as
# possible duplicates, recall 398/431 (92.3%; partly thanks to the shared given name).
# After (parameters chosen on the tuned clusters, where: 2/150 false, recall 405/430 as
# before): 4-5/150 (2.7-3.3% across runs), recall 396-397/431 (91.9-92.1%). The bounds
# leave room for ties between equally scored candidates (random ids decide the order), not
# for a regression: before the fix the false rate is 99%.
MAX_FALSE_RATE = 0.05
MIN_RECALL = 0.90


def held_out_clusters(count: int, spread: bool = True) -> list[list[str]]:
    """`count` clusters kept aside from the tuning of the phonetic rules (bench/
    name_quality.py's split). Spread over the whole file, as a site's names are spread over
    the alphabet; `spread=False`: the first ones, a dense block of near-homophones (the file
    is sorted by Arabic spelling: they all begin with alif, ba or ta)."""
    out = []
    for line in VARIANTS.read_text(encoding="utf-8").splitlines():
        arabic, variants = line.split("\t")
        if hashlib.sha256(arabic.encode()).digest()[0] % 4 == 0:
            out.append(variants.split("|"))
    if not spread or count >= len(out):
        return out[:count]
    return [out[i * len(out) // count] for i in range(count)]


def _row(family: str, given: str, year: int) -> dict[str, str]:
    return {"family_name": family.title(), "given_names": given, "aliases": "",
            "birth_date": str(year), "sex": "male", "nationality": "GN", "languages": "",
            "phone": "", "flags": ""}


def _identity(family: str, given: str, year: int) -> Identity:
    return Identity(family_name=family.title(), given_names=given,
                    birth_date=date(year, 1, 1), birth_precision=BirthDatePrecision.YEAR,
                    sex=Sex.MALE, nationality="GN")


@dataclass
class Figures:
    people: int
    false_duplicates: int
    recalled: int
    variants: int

    @property
    def false_rate(self) -> float:
        return self.false_duplicates / self.people

    @property
    def recall(self) -> float:
        return self.recalled / self.variants

    def __str__(self) -> str:
        return (f"false duplicates: {self.false_duplicates}/{self.people} "
                f"({self.false_rate:.1%}); recall of real duplicates: "
                f"{self.recalled}/{self.variants} ({self.recall:.1%})")


def measure(count: int = PEOPLE, spread: bool = True) -> Figures:
    """In an app context with no people yet: import, then look for the variants."""
    clusters = held_out_clusters(count, spread)
    years = [2007 + i % 2 for i in range(len(clusters))]  # birth years within one
    rows = [(i + 2, _row(c[0], "Mohamed", years[i])) for i, c in enumerate(clusters)]
    calais = site_id("CAL")
    report = import_rows(rows, site_id=calais, programme="general")
    if not report.created:  # all or nothing: register them anyway, to measure the recall
        for cluster, year in zip(clusters, years, strict=True):
            register_person(None, _identity(cluster[0], "Mohamed", year), site_id=calais,
                            programme="general")
    people = {(p.family_name, p.birth_year): p.id for p in db.session.scalars(select(Person))}
    recalled = variants = 0
    for cluster, year in zip(clusters, years, strict=True):
        target = people[(cluster[0].title(), year)]
        for spelling in cluster[1:]:
            variants += 1
            found = find_candidates(_identity(spelling, GIVEN[variants % len(GIVEN)], year))
            recalled += target in {c.person_id for c in found}
    return Figures(len(rows), len(report.duplicates), recalled, variants)


@pytest.mark.skipif(not VARIANTS.exists(), reason="name-variants-dev.tsv is not available")
def test_it_flags_real_duplicates_and_not_people_who_share_a_given_name(app, capsys):
    with app.app_context():
        figures = measure()
        db.session.remove()
    with capsys.disabled():
        print(f"\nduplicate check on {VARIANTS.name}: {figures}")
    assert figures.false_rate < MAX_FALSE_RATE, str(figures)
    assert figures.recall >= MIN_RECALL, str(figures)


def test_it_does_not_take_two_people_who_share_only_a_given_name_for_one(app, register):
    register("hugo", "CAL", "Traoré", "Mohamed", born=2008, nationality="GN")
    with app.app_context():
        assert find_candidates(_identity("Camara", "Mohamed", 2008)) == []
        assert find_candidates(_identity("Bangoura", "Mohamed", 2009)) == []


@pytest.mark.parametrize(("family", "given", "why"), [
    ("Traore", "Mouhamed", "the family name under another spelling"),
    ("Traoré", "Ibrahim", "the same family name, another given name"),
    ("Mohamed", "Traoré", "the whole name, family and given names swapped"),
])
def test_it_still_flags_a_likely_duplicate(app, register, family, given, why):
    existing = register("hugo", "CAL", "Traoré", "Mohamed", born=2008, nationality="GN")
    with app.app_context():
        found = [str(c.person_id) for c in find_candidates(_identity(family, given, 2008))]
    assert found == [existing], why


def test_it_flags_a_shared_phone_whatever_the_names(app, register):
    existing = register("hugo", "CAL", "Traoré", "Mohamed", born=2008, nationality="GN",
                        phone="06 12 34 56 78")
    identity = _identity("Camara", "Mohamed", 2008)
    identity.phone = "0612345678"
    with app.app_context():
        assert [str(c.person_id) for c in find_candidates(identity)] == [existing]


def main() -> None:  # pragma: no cover - a tool to print the figures
    """Print the figures; with --before, of the check as it was before issue 14 (any name
    the search confirms, a given name alone included: only years and nationality checked)."""
    import sys
    import tempfile

    from caseflow.crypto import generate_keys
    from caseflow.demo import seed_sites
    from caseflow.services.intake import duplicates
    from tests.support.app import empty_all_tables, make_app

    if "--before" in sys.argv:
        duplicates._likely = duplicates._compatible
    with tempfile.TemporaryDirectory() as tmp:
        generate_keys(Path(tmp) / "keys")
        app = make_app(f"sqlite:///{tmp}/measure.sqlite", Path(tmp) / "keys")
        with app.app_context():
            db.create_all()
            for count, spread, what in ((PEOPLE, True, "spread over the file"),
                                        (PEOPLE, False, "the first of the file"),
                                        (10_000, True, "every held-out cluster")):
                empty_all_tables()
                seed_sites()
                figures = measure(count, spread)
                print(f"{figures.people} held-out clusters ({what}): {figures}", flush=True)

if __name__ == "__main__":  # pragma: no cover
    main()
