"""Indicators computed by SQL aggregation (GROUP BY), disaggregated by site, sex and age group.

Each indicator's source (sources.py) is wrapped in one subquery, queried once
per month at the finest grain (see _query): a person counts once per cell and
once in the total even when they have several rows (people indicators), while
rows are rows (contacts, events). The age group is a CASE
on the declared birth year against the period's year: the same SQL on SQLite
and PostgreSQL, and no birth date is ever decrypted.

Results are plain dataclasses with no ORM object and no name: the dashboard,
the exports and the CLI only ever see counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import String, case, func, literal, select

from caseflow.extensions import db
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.reports.definitions import BY_CODE, INDICATORS, CategoryKind, Indicator, Unit
from caseflow.reports.period import Month
from caseflow.reports.sources import SOURCES

SiteKey = int | None  # None: a row without a site (a consent recorded outside any site)


@dataclass
class Cells:
    """One count and its disaggregations."""

    total: int = 0
    by_site: dict[SiteKey, int] = field(default_factory=dict)
    by_sex: dict[str, int] = field(default_factory=dict)
    by_age: dict[str, int] = field(default_factory=dict)


@dataclass
class Figure:
    """An indicator for one month: its overall cells and, if it has a breakdown, one per code."""

    indicator: Indicator
    cells: Cells
    categories: dict[str, Cells] = field(default_factory=dict)


@dataclass
class Report:
    month: Month
    site_ids: list[int] | None  # None: every site
    figures: list[Figure]
    grain: str = "full"  # FULL, or CATEGORY when only totals were computed

    def figure(self, code: str) -> Figure:
        return next(f for f in self.figures if f.indicator.code == code)


def age_group(birth_year, year: int):
    """The age group reached in `year` from a declared birth year column (SQL CASE)."""
    age = literal(year) - birth_year
    return case(
        (birth_year.is_(None), literal("unknown", String)),
        (age < 15, literal("under_15", String)),
        (age < 18, literal("15_17", String)),
        (age < 25, literal("18_24", String)),
        else_=literal("25_plus", String),
    )


# What a figure is broken down by: everything (the month shown), categories only (the
# previous month's column), sites only (the charts' other months). Coarser grains
# skip the join to the person, which is most of a figure's cost.
FULL, CATEGORY, SITE = "full", "category", "site"


def _query(source, month: Month, site_ids: list[int] | None, people: bool, grain: str = FULL):
    """One query per indicator and month, at the finest grain asked for.

    Rows (contacts, events) add up across cells, so the database counts them
    per finest cell and the margins are sums (a source yields each row once,
    so COUNT(*) is exact). Distinct people do not add up (a person seen at two
    sites is one person in the total), so for people the database returns each
    distinct (person, cell) once and the margins are counted here as sets.
    Either way one round trip gives every margin, where a GROUP BY per margin
    would take eight.
    """
    s = source.subquery()
    person = Person.__table__
    keys = {FULL: [s.c.category, s.c.site_id, person.c.sex,
                   age_group(person.c.birth_year, month.year)],
            CATEGORY: [s.c.category], SITE: [s.c.site_id]}[grain]
    stmt = (select(s.c.unit, *keys).distinct() if people
            else select(*keys, func.count()).group_by(*keys))
    stmt = stmt.select_from(s.join(person, person.c.id == s.c.person_id) if grain == FULL else s)
    if site_ids is not None:
        stmt = stmt.where(s.c.site_id.in_(site_ids))
    return db.session.execute(stmt).all()


class _Tally:
    """Counts of one Cells: sets of people, or sums of rows."""

    def __init__(self, people: bool) -> None:
        self.people = people
        self.total: set | int = set() if people else 0
        self.margins: dict[str, dict] = {"site": {}, "sex": {}, "age": {}}

    def add(self, unit, site, sex, age, n: int, grain: str) -> None:
        margins = {FULL: (("site", site), ("sex", sex), ("age", age)), CATEGORY: (),
                   SITE: (("site", site),)}[grain]
        for margin, key in margins:
            cells = self.margins[margin]
            if self.people:
                cells.setdefault(key, set()).add(unit)
            else:
                cells[key] = cells.get(key, 0) + n
        if self.people:
            self.total.add(unit)
        else:
            self.total += n

    def cells(self) -> Cells:
        def count(value) -> int:
            return len(value) if self.people else int(value)
        site, sex, age = (self.margins[m] for m in ("site", "sex", "age"))
        return Cells(count(self.total), {k: count(v) for k, v in site.items()},
                     {k: count(v) for k, v in sex.items()}, {k: count(v) for k, v in age.items()})


def compute_figure(indicator: Indicator, month: Month, site_ids: list[int] | None = None,
                   grain: str = FULL) -> Figure:
    people = indicator.unit is Unit.PEOPLE
    overall, by_category = _Tally(people), {}
    for row in _query(SOURCES[indicator.code](month), month, site_ids, people, grain):
        unit, keys = (row[0], row[1:]) if people else (None, row[:-1])
        n = 1 if people else row[-1]
        category, site, sex, age = (tuple(keys) if grain == FULL else
                                    (keys[0], None, None, None) if grain == CATEGORY else
                                    (None, keys[0], None, None))
        overall.add(unit, site, sex, age, n, grain)
        if indicator.categories is not CategoryKind.NONE and grain != SITE:
            by_category.setdefault(str(category), _Tally(people)).add(unit, site, sex, age, n,
                                                                      grain)
    return Figure(indicator, overall.cells(),
                  {code: tally.cells() for code, tally in sorted(by_category.items())})


def compute(month: Month, site_ids: list[int] | None = None,
            codes: Iterable[str] | None = None, grain: str = FULL) -> Report:
    """Every indicator (or those named) for one month and the chosen sites (None: all).

    `grain=CATEGORY` for a month shown only as totals (the previous month beside
    the one reported): no site, sex or age margins, and no join to the person.
    """
    wanted = set(codes) if codes is not None else None
    figures = [compute_figure(i, month, site_ids, grain) for i in INDICATORS
               if wanted is None or i.code in wanted]
    return Report(month, None if site_ids is None else sorted(site_ids), figures, grain)


def monthly_by_site(code: str, months: list[Month], site_ids: list[int] | None = None,
                    known: Iterable[Report] = ()) -> dict[Month, dict[SiteKey, int]]:
    """One indicator's count per site for each month: the data of a stacked bar chart.

    Months already computed (`known`: the dashboard's month and the previous
    one) are read from their reports instead of being queried again.
    """
    indicator = BY_CODE[code]
    done = {r.month: r for r in known if r.grain == FULL and r.site_ids == (
        None if site_ids is None else sorted(site_ids))}
    out: dict[Month, dict[SiteKey, int]] = {}
    for month in months:
        report = done.get(month)
        figure = (report.figure(code) if report is not None
                  else compute_figure(indicator, month, site_ids, SITE))
        out[month] = dict(figure.cells.by_site)
    return out


def site_codes() -> dict[int, str]:
    """Site ids to their short codes (PAN, CAL...): what figures are labelled with."""
    return dict(db.session.execute(select(Site.id, Site.code).order_by(Site.code)).all())
