"""Indicators computed by SQL aggregation (GROUP BY), disaggregated by site, sex and age group.

Each indicator's source (sources.py) is queried once per month, with only the
margins the caller shows (Grain): rows (contacts, events) are counted per
finest cell and summed; people are counted distinct per margin in the database
(a person counts once per cell and once in the total even when they have
several rows). The age group is a CASE
on the declared birth year against the period's year: the same SQL on SQLite
and PostgreSQL, and no birth date is ever decrypted.

Results are plain dataclasses with no ORM object and no name: the dashboard,
the exports and the CLI only ever see counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import String, case, distinct, func, literal, null, select, union_all

from caseflow.extensions import db
from caseflow.models.person import Person
from caseflow.reports import discipline_sources, figure_cache
from caseflow.reports.definitions import CategoryKind, Indicator, Unit, by_code, indicators
from caseflow.reports.period import Month, site_facts
from caseflow.reports.sources import KEPT_WHEN_CLOSED, SOURCES

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


def _columns(source, month: Month, site_ids: list[int] | None, grain: Grain):
    """The source's unit and the grain's columns (joined to the person for sex and age)."""
    s = source.subquery()
    person = Person.__table__
    available = {"category": s.c.category, "site": s.c.site_id, "sex": person.c.sex,
                 "age": age_group(person.c.birth_year, month.year)}
    joined = "sex" in grain or "age" in grain
    stmt = select(s.c.unit.label("unit"), *[available[d].label(d) for d in grain]
                  ).select_from(s.join(person, person.c.id == s.c.person_id) if joined else s)
    if site_ids is not None:
        stmt = stmt.where(s.c.site_id.in_(site_ids))
    return stmt


def _rows_figure(indicator: Indicator, stmt, grain: Grain, split: bool) -> Figure:
    """Rows (contacts, events) add up across cells: the database counts them per finest
    cell (a source yields each row once, so COUNT(*) is exact) and margins are sums."""
    counted = stmt.subquery()
    keys = [counted.c[d] for d in grain]
    overall, by_category = Cells(), {}
    for *values, n in db.session.execute(select(*keys, func.count()).group_by(*keys)):
        cell = dict(zip(grain, values, strict=True))
        targets = [overall]
        if split:
            targets.append(by_category.setdefault(str(cell["category"]), Cells()))
        for cells in targets:
            cells.total += n
            for margin, into in (("site", cells.by_site), ("sex", cells.by_sex),
                                 ("age", cells.by_age)):
                if margin in cell:
                    into[cell[margin]] = into.get(cell[margin], 0) + n
    return Figure(indicator, overall, dict(sorted(by_category.items())))


def _people_figure(indicator: Indicator, stmt, grain: Grain, split: bool) -> Figure:
    """Distinct people do not add up (a person seen at two sites is one person in the
    total), so each margin is its own COUNT(DISTINCT): the GROUPING SETS that SQLite
    lacks, written as a UNION ALL over the source materialized once. A few rows come
    back, not one per person."""
    counted = stmt.cte("counted").prefix_with("MATERIALIZED")
    margins = [d for d in grain if d != "category"]
    sets: list[tuple[str, ...]] = [(), *[(m,) for m in margins]]
    if split:
        sets += [("category",), *[("category", m) for m in margins]]
    parts = []
    for dims in sets:
        values = [counted.c[d] if d in dims else null() for d in grain]
        part = select(literal(",".join(dims)).label("dims"), *values,
                      func.count(distinct(counted.c.unit)))
        parts.append(part.group_by(*[counted.c[d] for d in dims]) if dims else part)
    overall, by_category = Cells(), {}
    for tag, *values, n in db.session.execute(union_all(*parts)):
        cell = dict(zip(grain, values, strict=True))
        dims = tag.split(",") if tag else []
        cells = (by_category.setdefault(str(cell["category"]), Cells())
                 if "category" in dims else overall)
        margin = next((d for d in dims if d != "category"), None)
        if margin is None:
            cells.total = int(n)
        else:
            {"site": cells.by_site, "sex": cells.by_sex, "age": cells.by_age}[margin][
                cell[margin]] = int(n)
    return Figure(indicator, overall, dict(sorted(by_category.items())))


def compute_figure(indicator: Indicator, month: Month, site_ids: list[int] | None = None,
                   grain: Grain = FULL) -> Figure:
    """One indicator for one month: one statement, whatever the margins; a closed month's
    figure is read back when no late write reached it (figure_cache.py)."""
    declared = SOURCES.get(indicator.code)
    source = declared or discipline_sources.source(indicator.code)
    stmt = _columns(source(month), month, site_ids, grain)
    split = indicator.categories is not CategoryKind.NONE and "category" in grain
    count = _people_figure if indicator.unit is Unit.PEOPLE else _rows_figure
    # The disciplines' indicators count the month's notes and nothing else.
    kept = indicator.code in KEPT_WHEN_CLOSED if declared else True
    how = f"{COUNTING}:{indicator.unit.value}:{split}"
    stored = figure_cache.figure(indicator.code, month, stmt,
                                 lambda: _stored(count(indicator, stmt, grain, split)), kept, how)
    return _figure(indicator, stored)


# How a statement's rows become a figure and how it is stored (_rows_figure, _people_figure,
# _stored): part of a kept figure's key. Bump it with any change to them, so that the
# figures kept by the previous release are counted again.
COUNTING = "1"


def _stored_cells(cells: Cells) -> list:
    # JSON keys are strings: the margins are kept as pairs, so that a site id stays a number
    # and "no site" stays None.
    return [cells.total, list(cells.by_site.items()), list(cells.by_sex.items()),
            list(cells.by_age.items())]


def _cells(stored: list) -> Cells:
    total, by_site, by_sex, by_age = stored
    return Cells(total, {k: n for k, n in by_site}, {k: n for k, n in by_sex},
                 {k: n for k, n in by_age})


def _stored(figure: Figure) -> dict:
    return {"cells": _stored_cells(figure.cells),
            "categories": {code: _stored_cells(c) for code, c in figure.categories.items()}}


def _figure(indicator: Indicator, stored: dict) -> Figure:
    return Figure(indicator, _cells(stored["cells"]),
                  {code: _cells(c) for code, c in stored["categories"].items()})


def compute(month: Month, site_ids: list[int] | None = None,
            codes: Iterable[str] | None = None, grain: Grain = FULL) -> Report:
    """Every indicator (or those named) for one month and the chosen sites (None: all).

    `grain`: the margins wanted (see FULL, SITES, CATEGORY, SITE); the ones left
    out are empty in the report.
    """
    wanted = set(codes) if codes is not None else None
    figures = [compute_figure(i, month, site_ids, grain) for i in indicators()
               if wanted is None or i.code in wanted]
    return Report(month, None if site_ids is None else sorted(site_ids), figures, grain)


def monthly_by_site(code: str, months: list[Month], site_ids: list[int] | None = None,
                    known: Iterable[Report] = ()) -> dict[Month, dict[SiteKey, int]]:
    """One indicator's count per site for each month: the data of a stacked bar chart.

    Months already computed (`known`: the dashboard's month and the previous
    one) are read from their reports instead of being queried again.
    """
    indicator = by_code(code)
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
    """Site ids to their short codes (PAN, CAL...): what figures are labelled with (read
    with the sites' time zones, once per request: period.site_facts)."""
    return {site_id: code for site_id, code, _zone in site_facts()}
