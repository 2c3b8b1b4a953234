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
    grain: tuple[str, ...] = ("category", "site", "sex", "age")  # what was computed

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


# What a figure is broken down by. The CSV gives every margin (FULL); the page and the
# PDF show categories by site (SITES); the previous month's column, totals per category
# (CATEGORY); the charts' other months, sites (SITE). Only sex and age need the join to
# the person, which is most of a figure's cost: the page never pays it.
Grain = tuple[str, ...]
FULL: Grain = ("category", "site", "sex", "age")
SITES: Grain = ("category", "site")
CATEGORY: Grain = ("category",)
SITE: Grain = ("site",)


def _query(source, month: Month, site_ids: list[int] | None, people: bool, grain: Grain):
    """One query per indicator and month, at the grain asked for.

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
    columns = {"category": s.c.category, "site": s.c.site_id, "sex": person.c.sex,
               "age": age_group(person.c.birth_year, month.year)}
    keys = [columns[d] for d in grain]
    stmt = (select(s.c.unit, *keys).distinct() if people
            else select(*keys, func.count()).group_by(*keys))
    joined = "sex" in grain or "age" in grain
    stmt = stmt.select_from(s.join(person, person.c.id == s.c.person_id) if joined else s)
    if site_ids is not None:
        stmt = stmt.where(s.c.site_id.in_(site_ids))
    return db.session.execute(stmt).all()


class _Tally:
    """Counts of one Cells: sets of people, or sums of rows."""

    def __init__(self, people: bool, margins: tuple[str, ...]) -> None:
        self.people = people
        self.total: set | int = set() if people else 0
        self.margins: dict[str, dict] = {m: {} for m in margins}

    def add(self, unit, keys: dict, n: int) -> None:
        for margin, cells in self.margins.items():
            key = keys[margin]
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

        def margin(name: str) -> dict:
            return {k: count(v) for k, v in self.margins.get(name, {}).items()}
        return Cells(count(self.total), margin("site"), margin("sex"), margin("age"))


def compute_figure(indicator: Indicator, month: Month, site_ids: list[int] | None = None,
                   grain: Grain = FULL) -> Figure:
    people = indicator.unit is Unit.PEOPLE
    margins = tuple(d for d in grain if d != "category")
    overall, by_category = _Tally(people, margins), {}
    split = indicator.categories is not CategoryKind.NONE and "category" in grain
    for row in _query(SOURCES[indicator.code](month), month, site_ids, people, grain):
        unit, values = (row[0], row[1:]) if people else (None, row[:-1])
        n = 1 if people else row[-1]
        keys = dict(zip(grain, values, strict=True))
        overall.add(unit, keys, n)
        if split:
            by_category.setdefault(str(keys["category"]), _Tally(people, margins)).add(
                unit, keys, n)
    return Figure(indicator, overall.cells(),
                  {code: tally.cells() for code, tally in sorted(by_category.items())})


def compute(month: Month, site_ids: list[int] | None = None,
            codes: Iterable[str] | None = None, grain: Grain = FULL) -> Report:
    """Every indicator (or those named) for one month and the chosen sites (None: all).

    `grain`: the margins wanted (see FULL, SITES, CATEGORY, SITE); the ones left
    out are empty in the report.
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
    done = {r.month: r for r in known if "site" in r.grain and r.site_ids == (
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
