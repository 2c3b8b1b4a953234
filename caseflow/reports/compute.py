"""Indicators computed by SQL aggregation (GROUP BY), disaggregated by site, sex and age group.

Each indicator's source (sources.py) is wrapped in one subquery and counted
with COUNT(DISTINCT unit) per group: a person counts once per cell and once in
the total even when they have several rows (people indicators), while rows
are rows (contacts, events). Margins are queried rather than summed in Python
because distinct people do not add up across sites. The age group is a CASE
on the declared birth year against the period's year: the same SQL on SQLite
and PostgreSQL, and no birth date is ever decrypted.

Results are plain dataclasses with no ORM object and no name: the dashboard,
the exports and the CLI only ever see counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import String, case, distinct, func, literal, select

from caseflow.extensions import db
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.reports.definitions import INDICATORS, CategoryKind, Indicator
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


def _grouped(source, month: Month, site_ids: list[int] | None, dims: Iterable[str]):
    """Rows of (*dims, count) for one source; dims among category, site, sex, age."""
    s = source.subquery()
    person = Person.__table__
    available = {"category": s.c.category, "site": s.c.site_id, "sex": person.c.sex,
                 "age": age_group(person.c.birth_year, month.year)}
    columns = [available[d] for d in dims]
    stmt = (select(*columns, func.count(distinct(s.c.unit)))
            .select_from(s.join(person, person.c.id == s.c.person_id)))
    if site_ids is not None:
        stmt = stmt.where(s.c.site_id.in_(site_ids))
    if columns:
        stmt = stmt.group_by(*columns)
    return db.session.execute(stmt).all()


def _fill(cells: Cells, dim: str | None, rows) -> None:
    for *keys, count in rows:
        if dim is None:
            cells.total = int(count)
        else:
            target = {"site": cells.by_site, "sex": cells.by_sex, "age": cells.by_age}[dim]
            target[keys[-1]] = int(count)


def compute_figure(indicator: Indicator, month: Month,
                   site_ids: list[int] | None = None) -> Figure:
    source = SOURCES[indicator.code](month)
    figure = Figure(indicator, Cells())
    for dim in (None, "site", "sex", "age"):
        dims = [] if dim is None else [dim]
        _fill(figure.cells, dim, _grouped(source, month, site_ids, dims))
        if indicator.categories is CategoryKind.NONE:
            continue
        rows = _grouped(source, month, site_ids, ["category", *dims])
        for row in rows:
            cells = figure.categories.setdefault(str(row[0]), Cells())
            _fill(cells, dim, [tuple(row[1:])])
    figure.categories = dict(sorted(figure.categories.items()))
    return figure


def compute(month: Month, site_ids: list[int] | None = None,
            codes: Iterable[str] | None = None) -> Report:
    """Every indicator (or those named) for one month and the chosen sites (None: all)."""
    wanted = set(codes) if codes is not None else None
    figures = [compute_figure(i, month, site_ids) for i in INDICATORS
               if wanted is None or i.code in wanted]
    return Report(month, None if site_ids is None else sorted(site_ids), figures)


def monthly_by_site(code: str, months: list[Month],
                    site_ids: list[int] | None = None) -> dict[Month, dict[SiteKey, int]]:
    """One indicator's count per site for each month: the data of a stacked bar chart."""
    indicator = next(i for i in INDICATORS if i.code == code)
    out: dict[Month, dict[SiteKey, int]] = {}
    for month in months:
        rows = _grouped(SOURCES[indicator.code](month), month, site_ids, ["site"])
        out[month] = {site: int(count) for site, count in rows}
    return out


def site_codes() -> dict[int, str]:
    """Site ids to their short codes (PAN, CAL...): what figures are labelled with."""
    return dict(db.session.execute(select(Site.id, Site.code).order_by(Site.code)).all())
