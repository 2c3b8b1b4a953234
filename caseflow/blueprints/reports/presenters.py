"""What the indicators page shows: the request's choices resolved, rows and charts prepared.

The view stays thin and the template logic-free: every label, number and
rectangle is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from caseflow import languages
from caseflow.access.reports import indicator_site_ids
from caseflow.extensions import db
from caseflow.i18n import current_direction
from caseflow.models.site import Site
from caseflow.reports.charts import BarChart, mirrored, month_bars, stacked_bars
from caseflow.reports.compute import CATEGORY, FULL, SITES, compute, site_codes
from caseflow.reports.definitions import BY_CODE, CHART_MONTHS, CHARTED
from caseflow.reports.period import Month, last_month
from caseflow.reports.tables import layout_for, rows


@dataclass(frozen=True)
class Choice:
    """The month and sites asked for, checked against what the user may see."""

    month: Month
    site_code: str  # "" for every site the user may see
    site_ids: list[int] | None
    sites: list[tuple[str, str]]  # (code, name) for the picker

    @property
    def query(self) -> dict[str, str]:
        return {"month": self.month.key, "site": self.site_code}


def choice_from(args, user) -> Choice:
    """An unknown month falls back to last month; a site the user may not see, to all theirs."""
    month = Month.parse(args.get("month")) or last_month()
    allowed = indicator_site_ids(user)
    stmt = select(Site.id, Site.code, Site.name).order_by(Site.code)
    sites = [(i, c, n) for i, c, n in db.session.execute(stmt)
             if allowed is None or i in allowed]
    wanted = (args.get("site") or "").strip().upper()
    chosen = [i for i, c, _n in sites if c == wanted]
    if chosen:
        return Choice(month, wanted, chosen, [(c, n) for _i, c, n in sites])
    return Choice(month, "", allowed, [(c, n) for _i, c, n in sites])


def language() -> str:
    """The reader's interface language, one of the registry's: the page reads in it."""
    current = str(get_locale())
    return current if languages.is_supported(current) else languages.DEFAULT


@dataclass(frozen=True)
class Dashboard:
    header: list[str]
    rows: list[dict]
    charts: list[BarChart]
    suppressed: bool = False
    # The CSV is offered in every interface language: (code, its name in the reader's).
    export_languages: tuple[str, ...] = ()


def dashboard(choice: Choice, *, suppressed: bool = False) -> Dashboard:
    """The table (this month, the previous one, per site) and the charts.

    Exact for the medical coordinator, who works with the sites' own figures;
    `suppressed` for the data manager, whose figures leave the sites (headquarters):
    counts from 1 to 4 read "<5", their complements "x", as in the exports. The page
    shows no sex or age, but a suppressed figure is protected from every margin (FULL)
    so that the page and the CSV hide the same cells."""
    lang = language()
    # The coordinator's page shows no sex/age and skips their join to the person.
    grain, before = (FULL, FULL) if suppressed else (SITES, CATEGORY)
    report = compute(choice.month, choice.site_ids, grain=grain)
    previous = compute(choice.month.previous(), choice.site_ids, grain=before)
    codes = site_codes()
    layout = layout_for(report, codes, lang)
    keep = 5 + len(layout.site_ids)
    header = layout.header()[:keep]
    table = []
    for row in rows(report, previous, layout, suppressed=suppressed):
        first = not table or table[-1]["indicator"] != row[0]
        # The category and unit are words; the rest are counts ("12", "<5", "x"), which
        # read left to right on an Arabic page too ("<5" must not become "5>").
        table.append({"indicator": row[0], "first": first, "labels": row[1:3],
                      "counts": row[3:keep]})
    months = choice.month.last(CHART_MONTHS)
    charts = []
    for code in CHARTED:
        data = month_bars(code, months, choice.site_ids, known=(report, previous),
                          suppressed=suppressed)
        chart = stacked_bars(str(BY_CODE[code].label), data, codes, hidden_label=_("hidden"))
        charts.append(mirrored(chart) if current_direction() == "rtl" else chart)
    return Dashboard(header, table, charts, suppressed, languages.codes())
