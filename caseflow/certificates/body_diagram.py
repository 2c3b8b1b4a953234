"""The body diagram of a certificate's annex: two outline figures with the lesions' numbers.

The Istanbul Protocol's medico-legal report and the French certificate of findings after
violence annex a body diagram on which each lesion of the lesion table is marked by its
number. Two plain figures, front and back, side by side: neutral and without sex
characteristics (the diagram describes injuries, not a body), drawn in grey so that the
numbers stand out, captioned in the certificate's language with the person's right and left
on each view (the front view shows their right on the reader's left: body_regions.py). The
diagram carries nothing about the person but the lesions' numbers; the legend (the lesion
table, or `legend_rows`) says what each number is. The same marks always draw the same
diagram, so a reissued certificate prints the same annex.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from reportlab.graphics.shapes import Circle, Ellipse, Group, Path, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from caseflow.certificates.body_regions import BodyRegion, View
from caseflow.certificates.wording import pgettext
from caseflow.pdf import FONT, FONT_BOLD, register_fonts
from caseflow.pdf.drawing import Drawing, text_width

CAPTIONS = {View.FRONT: pgettext("body diagram", "Front"),
            View.BACK: pgettext("body diagram", "Back")}
RIGHT = pgettext("body diagram", "Right")
LEFT = pgettext("body diagram", "Left")

# The figure's box is half as wide as it is tall (body_regions.py's coordinates).
ASPECT = 0.5
# One side of the figure, in its box's normalised coordinates (x from the midline outwards,
# y from the soles up), from under the chin round the arm and the hand, down the flank and
# the outer leg, round the foot and up the inner leg to the crotch; the other side mirrors it.
_SIDE = (
    (0.056, 0.885), (0.064, 0.845), (0.16, 0.832), (0.236, 0.815), (0.27, 0.79),
    (0.30, 0.72), (0.34, 0.63), (0.384, 0.56), (0.41, 0.495), (0.444, 0.462),
    (0.456, 0.42), (0.436, 0.385), (0.40, 0.375), (0.366, 0.39), (0.356, 0.43),
    (0.356, 0.478), (0.342, 0.53), (0.316, 0.58), (0.268, 0.645), (0.228, 0.72),
    (0.204, 0.762), (0.194, 0.72), (0.172, 0.63), (0.208, 0.54), (0.202, 0.46),
    (0.15, 0.30), (0.148, 0.22), (0.104, 0.065), (0.124, 0.03), (0.118, 0.01),
    (0.036, 0.01), (0.046, 0.065), (0.044, 0.20), (0.044, 0.30), (0.024, 0.44),
    (0.0, 0.47),
)
OUTLINE: tuple[tuple[float, float], ...] = (
    tuple((0.5 + x, y) for x, y in _SIDE)
    + tuple((0.5 - x, y) for x, y in reversed(_SIDE[:-1]))
)
HEAD = (0.5, 0.93, 0.10, 0.062)  # centre x, centre y, radius x, radius y

LINE = colors.HexColor("#8a8a8a")
FILL = colors.HexColor("#f3f3f3")
INK = colors.HexColor("#222222")
QUIET = colors.HexColor("#555555")

MARK_RADIUS = 5.8
MARK_SIZE = 7  # the number's font size, smaller for one of two digits or more
MARK_GAP = 1.4
CAPTION_SIZE = 10
SIDE_SIZE = 8
SIDE_GAP = 0.12  # between the head and the right/left markers, in figure widths
CAPTION_SPACE = 18  # above the figures: the captions
FOOT_SPACE = 4  # below them
COLUMN_FILL = 0.78  # the share of its half of the width a figure takes


def body_diagram(marks: Sequence[tuple[int, BodyRegion | str]], language: str, width: float,
                 *, max_height: float | None = None, direction: str = "ltr") -> Drawing:
    """The two figures, `width` wide (points), each mark's number circled on its region.

    `marks` are (lesion number, region) pairs, a region as a BodyRegion or its stored code;
    a number whose place is taken (several lesions in one region) goes to the nearest free
    place on the figure. `max_height` shrinks the figures to fit a page's frame.

    Right to left (an Arabic certificate) the front view comes first on the reader's side,
    the right; each figure stays as it is (the person's right is where it is on a body, not
    a matter of reading), its captions shaped (caseflow.pdf.drawing)."""
    register_fonts()
    column = width / 2
    figure_width = column * COLUMN_FILL
    if max_height is not None:
        figure_width = min(figure_width, (max_height - CAPTION_SPACE - FOOT_SPACE) * ASPECT)
    figure_height = figure_width / ASPECT
    drawing = Drawing(width, figure_height + CAPTION_SPACE + FOOT_SPACE, direction=direction)
    boxes = {}
    views = (View.BACK, View.FRONT) if direction == "rtl" else (View.FRONT, View.BACK)
    for index, view in enumerate(views):
        box = (index * column + (column - figure_width) / 2, FOOT_SPACE,
               figure_width, figure_height)
        boxes[view] = box
        drawing.add(_figure(box))
        drawing.add(_captions(view, language, box, index * column))
    for number, x, y in _placed(marks, boxes):
        drawing.add(_mark(number, x, y))
    return drawing


def legend_rows(marks: Iterable[tuple[int, BodyRegion | str]],
                language: str) -> list[tuple[int, str]]:
    """(number, region's name) for each mark, in the order of the numbers."""
    return [(number, BodyRegion(region).label.get(language))
            for number, region in sorted(marks, key=lambda mark: mark[0])]


def contains(x: float, y: float) -> bool:
    """Whether a point of the figure's box (normalised) is on the figure: the head or the
    outline. The regions' anchors must all be, or a number would float beside the body."""
    cx, cy, rx, ry = HEAD
    if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1:
        return True
    inside = False
    for (x1, y1), (x2, y2) in zip(OUTLINE, OUTLINE[1:] + OUTLINE[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _figure(box: tuple[float, float, float, float]) -> Group:
    """The outline, smoothed through its points, and the head over the top of the neck."""
    x0, y0, w, h = box
    points = [(x0 + x * w, y0 + y * h) for x, y in OUTLINE]
    body = Path(strokeColor=LINE, strokeWidth=0.9, fillColor=FILL, strokeLineJoin=1)
    body.moveTo(*points[0])
    count = len(points)
    for i in range(count):
        p0, p1, p2, p3 = (points[(i + k) % count] for k in (-1, 0, 1, 2))
        # Catmull-Rom through the points, as cubic Béziers (tension 1/6 of the chord).
        body.curveTo(p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6,
                     p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6, *p2)
    body.closePath()
    cx, cy, rx, ry = HEAD
    head = Ellipse(x0 + cx * w, y0 + cy * h, rx * w, ry * h, strokeColor=LINE,
                   strokeWidth=0.9, fillColor=FILL)
    return Group(body, head)


def _captions(view: View, language: str, box: tuple[float, float, float, float],
              left: float) -> Group:
    """The view's name over the figure, and the person's right and left at its sides."""
    x0, y0, w, h = box
    caption = String(x0 + w / 2, y0 + h + 6, CAPTIONS[view].get(language),
                     fontName=FONT_BOLD, fontSize=CAPTION_SIZE, fillColor=INK,
                     textAnchor="middle")
    # The front view faces the reader: the person's right is on the reader's left.
    on_left, on_right = (RIGHT, LEFT) if view is View.FRONT else (LEFT, RIGHT)
    texts = (on_left.get(language), on_right.get(language))
    # Beside the head, on the figure's sides, so that each figure's markers are its own:
    # a long word is shrunk to fit between the head and its column's edge (`left`; the
    # figure is centred in its column, so the other side has the same room).
    head_left, head_right = x0 + (HEAD[0] - HEAD[2]) * w, x0 + (HEAD[0] + HEAD[2]) * w
    gap = SIDE_GAP * w
    room = head_left - gap - left - 2
    size = min([SIDE_SIZE] + [SIDE_SIZE * room / text_width(text, FONT, SIDE_SIZE)
                              for text in texts if text])
    y = y0 + HEAD[1] * h - size / 3
    return Group(
        caption,
        String(head_left - gap, y, texts[0], fontName=FONT, fontSize=size, fillColor=QUIET,
               textAnchor="end"),
        String(head_right + gap, y, texts[1], fontName=FONT, fontSize=size, fillColor=QUIET,
               textAnchor="start"),
    )


def _placed(marks: Iterable[tuple[int, BodyRegion | str]],
            boxes: dict[View, tuple[float, float, float, float]]
            ) -> list[tuple[int, float, float]]:
    """Where each number goes (points): on its region's anchor, or, when that place is taken
    by a number already placed, the nearest free place on the figure. Placed in the order
    of the numbers, so that the drawing does not depend on the order the marks came in and
    several lesions in one region, or in neighbouring ones, never hide each other's number."""
    placed: list[tuple[int, float, float]] = []
    taken: dict[View, list[tuple[float, float]]] = {View.FRONT: [], View.BACK: []}
    apart = 2 * MARK_RADIUS + MARK_GAP - 1e-6
    for number, code in sorted(marks, key=lambda mark: (mark[0], str(mark[1]))):
        region = BodyRegion(code)
        x0, y0, w, h = boxes[region.view]
        ax, ay = x0 + region.anchor[0] * w, y0 + region.anchor[1] * h
        free = [(ax + dx, ay + dy) for dx, dy in _OFFSETS
                if all(math.dist((ax + dx, ay + dy), other) >= apart
                       for other in taken[region.view])]
        on_figure = [(x, y) for x, y in free if contains((x - x0) / w, (y - y0) / h)]
        x, y = (on_figure or free or [(ax, ay)])[0]
        taken[region.view].append((x, y))
        placed.append((number, x, y))
    return placed


def _offsets(rings: int) -> list[tuple[float, float]]:
    """The places around an anchor, nearest first: a hexagonal grid of the marks' size in
    columns, so that the next place is straight below (limbs are vertical), then above,
    then diagonally."""
    step = 2 * MARK_RADIUS + MARK_GAP
    points = [(column * step * math.sqrt(3) / 2, (row + (column % 2) / 2) * step)
              for column in range(-rings, rings + 1) for row in range(-rings, rings + 1)]
    return sorted(points, key=lambda p: (round(math.hypot(*p), 6), round(abs(p[0]), 6), p[1],
                                         p[0]))


_OFFSETS = _offsets(6)


def _mark(number: int, x: float, y: float) -> Group:
    """A lesion's number in a circle, white on the grey figure so that it reads on a copy."""
    text = str(number)
    size = min(MARK_SIZE, 1.5 * MARK_RADIUS / stringWidth(text, FONT_BOLD, 1))
    return Group(
        Circle(x, y, MARK_RADIUS, strokeColor=INK, strokeWidth=0.8, fillColor=colors.white),
        String(x, y - size * 0.36, text, fontName=FONT_BOLD, fontSize=size, fillColor=INK,
               textAnchor="middle"),
    )
