"""Stacked bar charts as inline SVG, built in Python: no JavaScript, no CDN, printable.

The presenter computes every rectangle (x, y, width, height, colour, title)
so the template only loops over them; the SVG prints as it shows, and the
chart's numbers are also in the table beside it for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caseflow.reports.compute import SiteKey
from caseflow.reports.period import Month

PALETTE = ("#1f5f8b", "#e07b39", "#3a8d5c", "#8e5ea2", "#c23b3b", "#7f7f7f", "#b8a03a")
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


def stacked_bars(title: str, data: dict[Month, dict[SiteKey, int]],
                 site_codes: dict[int, str]) -> BarChart:
    """Bars per month (oldest first), stacked by site, with the month's total on top."""
    months = sorted(data)
    sites = sorted({s for per in data.values() for s in per},
                   key=lambda s: site_codes.get(s, "~") if s is not None else "~")
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sites)}
    peak = max([sum(per.values()) for per in data.values()] + [1])
    plot_w, plot_h = WIDTH - LEFT - LEGEND, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(months), 1)
    bar_w = slot * 0.6
    chart = BarChart(title=title, axis=(LEFT, HEIGHT - BOTTOM, LEFT + plot_w, HEIGHT - BOTTOM))
    for i, month in enumerate(months):
        x = LEFT + i * slot + (slot - bar_w) / 2
        y = HEIGHT - BOTTOM
        for site in sites:
            count = data[month].get(site, 0)
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            name = site_codes.get(site, "—") if site is not None else "—"
            chart.rects.append(Rect(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1),
                                    colour[site], f"{month.key} {name}: {count}"))
        chart.texts.append(Text(round(x + bar_w / 2, 1), HEIGHT - BOTTOM + 14, month.key))
        chart.texts.append(Text(round(x + bar_w / 2, 1), round(y - 3, 1),
                                str(sum(data[month].values()))))
    for i, site in enumerate(sites):
        ly = TOP + 14 * i
        name = site_codes.get(site, "—") if site is not None else "—"
        chart.legend.append((Rect(WIDTH - LEGEND + 10, ly, 10, 10, colour[site], name),
                             Text(WIDTH - LEGEND + 24, ly + 9, name, "start")))
    return chart
