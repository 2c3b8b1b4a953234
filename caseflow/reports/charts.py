"""Stacked bar charts as inline SVG, built in Python: no JavaScript, no CDN, printable.

The presenter computes every rectangle (x, y, width, height, colour, title)
so the template only loops over them; the SVG prints as it shows, and the
chart's numbers are also in the table beside it for screen readers.

Suppressed charts (month_bars(suppressed=True)) show what the month's table
publishes and nothing more: a hidden site reads "<5" or "x", never a number,
and its height is never its count. The bar's top is the month's published
total; the hidden sites share one grey segment, the total less the published
sites, a difference anybody can already take from the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from caseflow.reports.compute import FULL, Report, SiteKey, compute_figure, monthly_by_site
from caseflow.reports.definitions import BY_CODE
from caseflow.reports.period import Month
from caseflow.reports.protection import ALL, TOTAL

PALETTE = ("#1f5f8b", "#e07b39", "#3a8d5c", "#8e5ea2", "#c23b3b", "#7f7f7f", "#b8a03a")
HIDDEN_COLOUR = "#d0d0d0"
WIDTH, HEIGHT = 520, 220
LEFT, BOTTOM, TOP = 40, 30, 12
LEGEND = 90


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class BarChart:
    title: str
    width: int = WIDTH
    height: int = HEIGHT
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    legend: list[tuple[Rect, Text]] = field(default_factory=list)
    axis: tuple[float, float, float, float] = (0, 0, 0, 0)  # x1, y1, x2, y2 of the baseline


@dataclass(frozen=True)
class Shown:
    """A count as a chart may show it: `count` None when it is hidden, `text` always."""

    count: int | None
    text: str


@dataclass(frozen=True)
class MonthBar:
    total: Shown
    sites: dict[SiteKey, Shown]

    @property
    def published(self) -> int:
        return sum(s.count for s in self.sites.values() if s.count)

    @property
    def hidden(self) -> int:
        """Height of the hidden sites' segment: the total less the published sites."""
        if self.total.count is None or not any(s.count is None for s in self.sites.values()):
            return 0
        return max(self.total.count - self.published, 0)


def _exact(per_site: dict[SiteKey, int]) -> MonthBar:
    """The coordinator's bar: every site's count, and their sum on top."""
    total = sum(per_site.values())
    return MonthBar(Shown(total, str(total)),
                    {s: Shown(n, str(n)) for s, n in per_site.items() if n})


def month_bars(code: str, months: list[Month], site_ids: list[int] | None,
               known: Iterable[Report] = (), *, suppressed: bool) -> dict[Month, MonthBar]:
    """One indicator's bars for `months`. Suppressed: each month's "all" row as that
    month's own protected table (FULL, suppression.masks) publishes it, so a chart shows
    no cell that the month's export hides."""
    if not suppressed:
        data = monthly_by_site(code, months, site_ids, known)
        return {m: _exact(per) for m, per in data.items()}
    from caseflow.reports.suppression import masks

    wanted = None if site_ids is None else sorted(site_ids)
    done = {r.month: r for r in known if r.grain == FULL and r.site_ids == wanted}
    out = {}
    for month in months:
        report = done.get(month)
        figure = (report.figure(code) if report is not None
                  else compute_figure(BY_CODE[code], month, site_ids, FULL))
        hidden = masks(figure, FULL)

        def shown(n: int, cell, hidden=hidden) -> Shown:
            return Shown(None, hidden[cell]) if cell in hidden else Shown(n, str(n))

        out[month] = MonthBar(shown(figure.cells.total, (TOTAL, ALL)),
                              {s: shown(n, ("site", ALL, s))
                               for s, n in figure.cells.by_site.items() if n})
    return out


def stacked_bars(title: str, data: dict[Month, MonthBar],
                 site_codes: dict[int, str], hidden_label: str = "") -> BarChart:
    """Bars per month (oldest first), stacked by site, with the month's total on top."""
    months = sorted(data)
    sites = sorted({s for bar in data.values() for s in bar.sites},
                   key=lambda s: site_codes.get(s, "~") if s is not None else "~")
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sites)}
    peak = max([max(bar.total.count or 0, bar.published) for bar in data.values()] + [1])
    plot_w, plot_h = WIDTH - LEFT - LEGEND, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(months), 1)
    bar_w = slot * 0.6
    chart = BarChart(title=title, axis=(LEFT, HEIGHT - BOTTOM, LEFT + plot_w, HEIGHT - BOTTOM))
    for i, month in enumerate(months):
        x = LEFT + i * slot + (slot - bar_w) / 2
        y = HEIGHT - BOTTOM
        bar = data[month]
        hidden = []
        for site in sites:
            name = site_codes.get(site, "—") if site is not None else "—"
            shown = bar.sites.get(site)
            if shown is None:
                continue
            if shown.count is None:  # drawn with the other hidden sites, never at a height
                hidden.append(f"{name} {shown.text}")
                continue
            h = plot_h * shown.count / peak
            y -= h
            chart.rects.append(Rect(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1),
                                    colour[site], f"{month.key} {name}: {shown.text}"))
        if bar.hidden:
            h = plot_h * bar.hidden / peak
            y -= h
            chart.rects.append(Rect(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1),
                                    HIDDEN_COLOUR,
                                    f"{month.key} {hidden_label}: {', '.join(hidden)}"))
        chart.texts.append(Text(round(x + bar_w / 2, 1), HEIGHT - BOTTOM + 14, month.key))
        chart.texts.append(Text(round(x + bar_w / 2, 1), round(y - 3, 1), bar.total.text))
    for i, site in enumerate(sites):
        ly = TOP + 14 * i
        name = site_codes.get(site, "—") if site is not None else "—"
        chart.legend.append((Rect(WIDTH - LEGEND + 10, ly, 10, 10, colour[site], name),
                             Text(WIDTH - LEGEND + 24, ly + 9, name, "start")))
    return chart


_OPPOSITE_ANCHOR = {"start": "end", "end": "start", "middle": "middle"}


def mirrored(chart: BarChart) -> BarChart:
    """The chart as a reader of a right-to-left page reads it: months from right to left
    (the oldest on the right), the legend on the left, its labels ending at their swatch;
    what the printed Arabic report does too (exports.py). The geometry is reflected about
    the chart's vertical middle, so the figures and the titles stay as they are."""
    def rect(r: Rect) -> Rect:
        return Rect(round(chart.width - r.x - r.width, 1), r.y, r.width, r.height, r.colour,
                    r.title)

    def text(t: Text) -> Text:
        return Text(round(chart.width - t.x, 1), t.y, t.text, _OPPOSITE_ANCHOR[t.anchor])

    x1, y1, x2, y2 = chart.axis
    return BarChart(title=chart.title, width=chart.width, height=chart.height,
                    rects=[rect(r) for r in chart.rects], texts=[text(t) for t in chart.texts],
                    legend=[(rect(r), text(t)) for r, t in chart.legend],
                    axis=(chart.width - x2, y1, chart.width - x1, y2))
