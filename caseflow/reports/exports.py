"""CSV and PDF exports of a month's indicators: suppressed, stated, audited, with no name.

Both exports are built from tables.rows(suppressed=True), from figures
computed with every margin (FULL) for this month and the previous one, so that
the PDF hides exactly the cells the CSV hides (suppression.py), and both are
audited here rather than in the views, so the web download and the scheduled
CLI send leave the same trace (Action.EXPORT, object_type "indicators").
The PDF's metadata title is generic and carries no site or person.
"""

from __future__ import annotations

import io

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from caseflow import csv_cells
from caseflow.audit import Action, record_event
from caseflow.database import reading
from caseflow.extensions import db
from caseflow.pdf import FONT, FONT_BOLD, Letterhead, build_pdf, escape, styles
from caseflow.reports.charts import HIDDEN_COLOUR, month_bars
from caseflow.reports.compute import FULL, Report, compute, site_codes
from caseflow.reports.definitions import BY_CODE, CHART_MONTHS, CHARTED
from caseflow.reports.period import Month
from caseflow.reports.suppression import SECONDARY_MARK, statement, threshold
from caseflow.reports.tables import layout_for, rows

TITLE = _l("Activity indicators")
PALETTE = ("#1f5f8b", "#e07b39", "#3a8d5c", "#8e5ea2", "#c23b3b", "#7f7f7f", "#b8a03a")


HIDDEN = _l("hidden")


def _reports(month: Month, site_ids: list[int] | None) -> tuple[Report, Report]:
    """The month and the previous one with every margin: the previous month's column
    shows only its totals, but hides what that month's own export hides."""
    return (compute(month, site_ids, grain=FULL),
            compute(month.previous(), site_ids, grain=FULL))


ALL_SITES = _l("all sites")


def in_language(text, language: str) -> str:
    """A lazy label read in the export's language, whatever the reader's interface language."""
    with force_locale(language):
        return str(text)


def _scope(site_ids: list[int] | None, codes: dict[int, str], language: str) -> str:
    if site_ids is None:
        return in_language(ALL_SITES, language)
    return "+".join(codes.get(s, str(s)) for s in site_ids)


def audit_export(actor_id: int | None, fmt: str, month: Month,
                 site_ids: list[int] | None) -> None:
    record_event(Action.EXPORT, actor_id=actor_id, object_type="indicators",
                 object_id=month.key, details={"format": fmt, "month": month.key,
                                               "sites": "all" if site_ids is None else site_ids,
                                               "threshold": threshold()})
    db.session.commit()


def csv_bytes(month: Month, site_ids: list[int] | None, language: str,
              actor_id: int | None = None) -> bytes:
    """UTF-8 with a BOM (Excel reads accents right), headers in `language`, suppressed.
    Computed without holding SQLite's write lock (database.reading), then audited."""
    with reading():
        body = _csv(month, site_ids, language)
    audit_export(actor_id, "csv", month, site_ids)
    return body


def _csv(month: Month, site_ids: list[int] | None, language: str) -> bytes:
    report, previous = _reports(month, site_ids)
    codes = site_codes()
    layout = layout_for(report, codes, language)
    out = io.StringIO()
    writer = csv_cells.writer(out)  # no cell runs as a formula in a spreadsheet
    scope = _scope(site_ids, codes, language)
    writer.writerow([f"{in_language(TITLE, language)} {month.key} ({scope})"])
    writer.writerow(layout.header())
    writer.writerows(rows(report, previous, layout, suppressed=True))
    writer.writerow([statement(language)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _chart(code: str, month: Month, site_ids: list[int] | None, codes: dict[int, str],
           language: str, known: tuple[Report, ...] = ()) -> Drawing:
    """Bars per month stacked by site; hidden sites ("<5", "x") are not drawn at any
    height of their own: one grey segment, the published total less the published sites."""
    months = month.last(CHART_MONTHS)
    data = month_bars(code, months, site_ids, known, suppressed=True)
    sites = sorted({s for bar in data.values() for s in bar.sites},
                   key=lambda s: codes.get(s, "~") if s is not None else "~")

    def count(m: Month, s) -> int:
        shown = data[m].sites.get(s)
        return shown.count or 0 if shown is not None else 0

    series = [[count(m, s) for m in months] for s in sites]
    series.append([data[m].hidden for m in months])
    drawing = Drawing(170 * mm, 60 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, 120 * mm, 42 * mm
    chart.data = series
    chart.categoryAxis.categoryNames = [m.key for m in months]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    for i in range(len(sites)):
        chart.bars[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
    chart.bars[len(sites)].fillColor = colors.HexColor(HIDDEN_COLOUR)
    drawing.add(chart)
    drawing.add(String(12 * mm, 56 * mm, in_language(BY_CODE[code].label, language),
                       fontName=FONT_BOLD, fontSize=9))
    for i, site in enumerate(sites):
        totals = " ".join(data[m].sites[site].text if site in data[m].sites else "0"
                          for m in months)
        drawing.add(String(136 * mm, (48 - 5 * i) * mm, f"■ {codes.get(site, '—')}: {totals}",
                           fontName=FONT, fontSize=7,
                           fillColor=colors.HexColor(PALETTE[i % len(PALETTE)])))
    totals = " ".join(data[m].total.text for m in months)
    drawing.add(String(136 * mm, (48 - 5 * len(sites)) * mm,
                       f"Σ: {totals}", fontName=FONT, fontSize=7))
    drawing.add(String(136 * mm, (48 - 5 * (len(sites) + 1)) * mm,
                       f"■ {in_language(HIDDEN, language)}", fontName=FONT, fontSize=7,
                       fillColor=colors.HexColor(HIDDEN_COLOUR)))
    return drawing


def _footer(language: str) -> str:
    """Every page says that small counts are hidden; the whole statement, too long for a
    footer's two lines, is printed under the table."""
    limit = threshold()
    with force_locale(language):
        return gettext("Small counts are hidden (\"<%(limit)d\", \"%(mark)s\"): see the note "
                       "under the table.", limit=limit, mark=SECONDARY_MARK)


def pdf_bytes(month: Month, site_ids: list[int] | None, language: str,
              actor_id: int | None = None) -> bytes:
    """The monthly report: the suppressed table (totals and sites), then the charts."""
    with reading():
        body = _pdf(month, site_ids, language)
    audit_export(actor_id, "pdf", month, site_ids)
    return body


def _pdf(month: Month, site_ids: list[int] | None, language: str) -> bytes:
    report, previous = _reports(month, site_ids)  # no sex or age printed, all protected
    codes = site_codes()
    layout = layout_for(report, codes, language)
    st = styles()
    small = st["small"]
    n_sites = len(layout.site_ids)
    keep = 5 + n_sites  # indicator, category, unit, total, previous, sites (not sex/age)
    header = layout.header()[1:keep]
    table_rows = rows(report, previous, layout, suppressed=True)
    body = [r[1:keep] for r in table_rows]
    labelled, current = [], None
    for full, cut in zip(table_rows, body, strict=True):
        if full[0] != current:
            current = full[0]
            labelled.append([Paragraph(f"<b>{escape(current)}</b>", small)] + [""] * (keep - 2))
        labelled.append([Paragraph(escape(cut[0]), small), *cut[1:]])
    table = Table([[Paragraph(escape(h), small) for h in header], *labelled], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
    ]))
    story = [
        Paragraph(escape(f"{in_language(TITLE, language)} — {month.key}"), st["title"]),
        Paragraph(escape(_scope(site_ids, codes, language)), st["body"]),
        table, Spacer(1, 4 * mm), Paragraph(escape(statement(language)), small),
        Spacer(1, 6 * mm),
    ]
    story += [_chart(code, month, site_ids, codes, language, (report,)) for code in CHARTED]
    pdf = build_pdf(story, letterhead=Letterhead(organisation="caseflow",
                                                 site_name=in_language(TITLE, language)),
                    title=in_language(TITLE, language), author="caseflow",
                    footer=_footer(language), language=language)
    return pdf
