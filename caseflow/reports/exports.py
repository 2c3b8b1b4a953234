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
from reportlab.graphics.shapes import String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from caseflow import csv_cells, languages
from caseflow.audit import Action, record_event
from caseflow.database import reading
from caseflow.extensions import db
from caseflow.pdf import (
    FONT,
    FONT_BOLD,
    Letterhead,
    Paragraph,
    build_pdf,
    escape,
    isolate,
    styles,
)
from caseflow.pdf.drawing import Drawing, mirror_table, text_width
from caseflow.pdf.text import RLM, has_rtl
from caseflow.reports import figure_cache
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
    figure_cache.keep()  # the closed months' figures counted for the export
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
    height of their own: one grey segment, the published total less the published sites.

    In a right-to-left export (Arabic) the chart is the mirror of the French one: the
    title on the right, the months running from right (oldest) to left (newest), the
    value axis on the right, the legend on the left. An Arabic reader reads a sequence
    from the right, and the time axes of Arabic print (press, reports, the mirrored
    charts of right-to-left office software) run that way; the legend's figures, oldest
    first in the text, fall in the same right-to-left order once the line is laid out
    right to left, so the legend and the bars read the same way. The strings are drawn
    through caseflow.pdf.drawing, shaped."""
    months = month.last(CHART_MONTHS)
    data = month_bars(code, months, site_ids, known, suppressed=True)
    sites = sorted({s for bar in data.values() for s in bar.sites},
                   key=lambda s: codes.get(s, "~") if s is not None else "~")

    def count(m: Month, s) -> int:
        shown = data[m].sites.get(s)
        return shown.count or 0 if shown is not None else 0

    rtl = languages.get(language).direction == "rtl"
    series = [[count(m, s) for m in months] for s in sites]
    series.append([data[m].hidden for m in months])
    width = 170 * mm
    drawing = Drawing(width, 60 * mm, direction="rtl" if rtl else "ltr")
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 10 * mm, 120 * mm, 42 * mm
    chart.data = series
    chart.categoryAxis.categoryNames = [m.key for m in months]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    if max((sum(column) for column in zip(*series, strict=True)), default=0) < 5:
        # Counts are whole: an empty or small chart gets 0-5 in steps of 1, not 0.002.
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = 5, 1
    if rtl:
        chart.x = width - chart.x - chart.width
        chart.categoryAxis.reverseDirection = 1
        chart.valueAxis.joinAxis = chart.categoryAxis
        chart.valueAxis.joinAxisMode = "right"
        chart.valueAxis.tickLeft, chart.valueAxis.tickRight = 0, 5
        chart.valueAxis.labels.boxAnchor, chart.valueAxis.labels.dx = "w", 7
    for i in range(len(sites)):
        chart.bars[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
    chart.bars[len(sites)].fillColor = colors.HexColor(HIDDEN_COLOUR)
    drawing.add(chart)
    # The title over the chart's start; the legend beside its end, aligned on its side.
    title_x, anchor = (width - 12 * mm, "end") if rtl else (12 * mm, "start")
    legend_x = chart.x - 4 * mm if rtl else 136 * mm
    drawing.add(String(title_x, 56 * mm, in_language(BY_CODE[code].label, language),
                       fontName=FONT_BOLD, fontSize=9, textAnchor=anchor))
    def figures(texts: list[str]) -> str:
        """The months' figures, oldest first. Right to left (RLM), each figure set apart, so
        that "<5" and "x" stay as the table prints them and the oldest is on the right."""
        return f"{RLM}{' '.join(map(isolate, texts))}" if rtl else " ".join(texts)

    for i, site in enumerate(sites):
        totals = figures([data[m].sites[site].text if site in data[m].sites else "0"
                          for m in months])
        drawing.add(String(legend_x, (48 - 5 * i) * mm, f"■ {codes.get(site, '—')}: {totals}",
                           fontName=FONT, fontSize=7, textAnchor=anchor,
                           fillColor=colors.HexColor(PALETTE[i % len(PALETTE)])))
    totals = figures([data[m].total.text for m in months])
    drawing.add(String(legend_x, (48 - 5 * len(sites)) * mm,
                       f"Σ: {totals}", fontName=FONT, fontSize=7, textAnchor=anchor))
    drawing.add(String(legend_x, (48 - 5 * (len(sites) + 1)) * mm,
                       f"■ {in_language(HIDDEN, language)}", fontName=FONT, fontSize=7,
                       textAnchor=anchor, fillColor=colors.HexColor(HIDDEN_COLOUR)))
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


_PADDING = 12  # a table cell's left and right padding (reportlab's 6 points each)
_LEAST_CATEGORY = 25 * mm


def _widths(header: list[str], body: list[list[str]], total: float, head_size: float,
            size: float) -> list[float]:
    """The table's column widths, from what they hold: each figure column (and the unit's)
    as wide as its widest figure and its header's longest word ("précédent" is never cut
    in two), the category as wide as its longest name when there is room, the rest shared
    by the figure columns; the category takes what is left when there is not."""
    def word(text: str) -> float:
        return max((text_width(w, FONT, head_size) for w in text.split()), default=0.0)

    needs = [max([word(h)] + [text_width(row[i], FONT, size if i else head_size)
                              for row in body]) + _PADDING for i, h in enumerate(header)]
    rest = total - sum(needs[1:])
    if rest >= needs[0]:
        extra = (rest - needs[0]) / (len(needs) - 1)
        return [needs[0]] + [need + extra for need in needs[1:]]
    category = max(rest, _LEAST_CATEGORY)
    scale = (total - category) / sum(needs[1:])
    return [category] + [need * scale for need in needs[1:]]


def _pdf(month: Month, site_ids: list[int] | None, language: str) -> bytes:
    """The month's table and charts. The layout is the same in every language, mirrored
    in Arabic (pdf.drawing.mirror_table, charts.mirrored): it changed on purpose for the
    French and English reports too when Arabic came, because each change is better in
    any language (tests/pdf/test_indicators_layout.py holds them):

    - an indicator's name spans its row, over its categories, instead of wrapping into
      three to five lines of a narrow first column (the French table is a page shorter);
    - column widths from the content (`_widths`), so that a header word ("précédent") is
      never cut and a unit ("événements") never runs over its cell's border;
    - cells centred vertically, the category beside its figures;
    - a chart whose counts are all below 5 has a 0-5 axis in steps of 1, where reportlab
      drew 0, 0.002, 0.004... for a month with no event (counts are whole)."""
    report, previous = _reports(month, site_ids)  # no sex or age printed, all protected
    codes = site_codes()
    layout = layout_for(report, codes, language)
    direction = languages.get(language).direction
    st = styles(direction)
    small = st["small"]
    n_sites = len(layout.site_ids)
    keep = 5 + n_sites  # indicator, category, unit, total, previous, sites (not sex/age)
    header = layout.header()[1:keep]
    table_rows = rows(report, previous, layout, suppressed=True)
    body = [r[1:keep] for r in table_rows]
    labelled, current = [], None
    cell = ParagraphStyle("cell", parent=small, fontSize=7.5, leading=9.5, spaceAfter=0)

    def text(value: str):
        """A plain cell, or a Paragraph when it holds Arabic (a unit's name: "أشخاص"), which
        a Table would draw unshaped."""
        return Paragraph(escape(value), cell) if has_rtl(value) else value

    spans = []
    for full, cut in zip(table_rows, body, strict=True):
        if full[0] != current:
            current = full[0]
            # The indicator's name across the row, over its categories, never alone at
            # the foot of a page (NOSPLIT: with its first category).
            row = len(labelled) + 1
            spans += [("SPAN", (0, row), (-1, row)), ("NOSPLIT", (0, row), (-1, row + 1))]
            labelled.append([Paragraph(f"<b>{escape(current)}</b>", small)] + [""] * (keep - 2))
        labelled.append([Paragraph(escape(cut[0]), small), *map(text, cut[1:])])
    widths = _widths(header, body, 170 * mm, small.fontSize, cell.fontSize)
    # Arabic: the first column (the category) on the right, the sites on the left.
    data, widths, commands = mirror_table(
        [[Paragraph(escape(h), small) for h in header], *labelled], widths, [
            ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 7.5),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),  # numbers: units under units, either way
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *spans,
        ], direction)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    # The month and the sites' codes set apart (pdf.isolate): "2026-03" after Arabic words
    # would otherwise print "03-2026" (its digits taken as Arabic numbers, the hyphen not).
    story = [
        Paragraph(escape(f"{in_language(TITLE, language)} — {isolate(month.key)}"),
                  st["title"]),
        Paragraph(escape(isolate(_scope(site_ids, codes, language))), st["body"]),
        table, Spacer(1, 4 * mm), Paragraph(escape(statement(language)), small),
        Spacer(1, 6 * mm),
    ]
    story += [_chart(code, month, site_ids, codes, language, (report,)) for code in CHARTED]
    pdf = build_pdf(story, letterhead=Letterhead(organisation="caseflow",
                                                 site_name=in_language(TITLE, language)),
                    title=in_language(TITLE, language), author="caseflow",
                    footer=_footer(language), language=language, direction=direction)
    return pdf
