"""A small line chart of one scale's totals over time, drawn as inline SVG on the server.

No JavaScript and no chart library (the app runs on a LAN without internet, and a chart
of a few points does not need one). The geometry is computed here; the template only
writes the elements. Accessibility: the SVG has a title and a description, each point a
title, and the panel gives the same figures as a table.

Right to left: in Arabic time runs from right to left (the first administration on the
right, the latest on the left) and the score axis is on the right, as an Arabic reader
reads a timeline; the SVG itself keeps direction="ltr" so that its coordinates mean the
same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 320, 130
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 10, 24  # margins in LTR; swapped left/right in RTL


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str
    level: int


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str


@dataclass(frozen=True)
class Guide:
    y: float
    x1: float
    x2: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[Point]
    polyline: str
    labels: list[Label]
    guides: list[Guide]
    axis: tuple[float, float, float, float]  # the score axis: x1, y1, x2, y2
    baseline: tuple[float, float, float, float]
    direction: str  # of the labels' text: an Arabic month name reads right to left


def _x(day: date, first: date, last: date, rtl: bool) -> float:
    span = (last - first).days
    width = WIDTH - LEFT - RIGHT
    frac = 0.5 if span == 0 else (day - first).days / span
    offset = frac * width
    return round(WIDTH - LEFT - offset if rtl else LEFT + offset, 1)


def _y(value: int, maximum: int) -> float:
    height = HEIGHT - TOP - BOTTOM
    return round(TOP + (1 - value / maximum) * height, 1)


def draw(values: list[tuple[date, int, str, int]], maximum: int, guides: list[int],
         first_label: str, last_label: str, rtl: bool) -> Chart:
    """values: (day, total, title of the point, band level), oldest first."""
    first, last = values[0][0], values[-1][0]
    points = [Point(_x(d, first, last, rtl), _y(v, maximum), title, level)
              for d, v, title, level in values]
    x_axis = WIDTH - LEFT if rtl else LEFT  # the score axis, on the reading side
    x_end = RIGHT if rtl else WIDTH - RIGHT
    bottom = HEIGHT - BOTTOM
    label_x = x_axis + 4 if rtl else x_axis - 4
    anchor_axis = "start" if rtl else "end"
    labels = [Label(label_x, _y(maximum, maximum) + 4, str(maximum), anchor_axis),
              Label(label_x, bottom + 4, "0", anchor_axis)]
    labels.append(Label(points[0].x, HEIGHT - 6, first_label,
                        "middle" if len(points) == 1 else ("end" if rtl else "start")))
    if len(points) > 1:
        labels.append(Label(points[-1].x, HEIGHT - 6, last_label, "start" if rtl else "end"))
    low, high = sorted((x_axis, x_end))
    if rtl:  # text-anchor names the start of the text in its own direction
        swap = {"start": "end", "end": "start", "middle": "middle"}
        labels = [Label(t.x, t.y, t.text, swap[t.anchor]) for t in labels]
    return Chart(
        width=WIDTH, height=HEIGHT, points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        labels=labels, guides=[Guide(_y(g, maximum), low, high) for g in guides],
        axis=(x_axis, TOP, x_axis, bottom), baseline=(low, bottom, high, bottom),
        direction="rtl" if rtl else "ltr")
