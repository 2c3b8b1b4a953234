"""Drawings (charts, the body diagram) and tables whose words may be Arabic.

reportlab's graphics draw a `String` with canvas.drawString: each character's
default glyph, left to right, so Arabic prints unjoined and backwards. This
module's `Drawing` is reportlab's, drawn by a renderer that sends the strings
through caseflow.pdf.text (bidi order, HarfBuzz shaping, the Arabic font) in the
drawing's direction, keeping each String's anchor ("start" is the left end, as
in reportlab, whatever the direction: the caller places a string, the renderer
shapes it). A left-to-right drawing with no Arabic in a string draws that string
exactly as reportlab does, so French documents print the bytes they always did.

`mirror_table` turns a table's rows, widths and style round for a right-to-left
document: an Arabic reader starts a table at its right, as a line.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab import rl_config
from reportlab.graphics import shapes
from reportlab.graphics.renderbase import renderScaledDrawing
from reportlab.graphics.renderPDF import _PDFRenderer
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isString

from caseflow.pdf import register_fonts
from caseflow.pdf import text as bidi_text

_ANCHORS = {"start": "left", "inherited": "left", "end": "right", "middle": "centre"}


class _ShapingRenderer(_PDFRenderer):
    """reportlab's PDF renderer, but a String goes through caseflow.pdf.text."""

    def __init__(self, direction: str) -> None:
        super().__init__()
        self.direction = direction

    def drawString(self, stringObj):  # reportlab's name
        if self.direction != "rtl" and not bidi_text.has_rtl(stringObj.text):
            plain = bidi_text.without_controls(stringObj.text)
            if plain != stringObj.text:  # no bidi control printed as a glyph
                stringObj = stringObj.copy()
                stringObj.text = plain
            super().drawString(stringObj)
            return
        if not self._fill:
            return
        state = self._tracker.getState()
        anchor = _ANCHORS.get(state["textAnchor"], "left")
        runs = bidi_text.line(stringObj.text, state["fontName"], state["fontSize"],
                              self.direction)
        total = sum(run.width for run in runs)
        left = {"left": stringObj.x, "right": stringObj.x - total,
                "centre": stringObj.x - total / 2}[anchor]
        bidi_text.draw_runs(self._canvas, runs, left, stringObj.y, state["fontSize"])


class Drawing(shapes.Drawing):
    """reportlab's Drawing, its strings shaped and ordered in `direction`."""

    _attrMap = AttrMap(BASE=shapes.Drawing, direction=AttrMapValue(isString))

    def __init__(self, width: float, height: float, *nodes, direction: str = "ltr",
                 **keywords) -> None:
        super().__init__(width, height, *nodes, **keywords)
        self.direction = direction

    def draw(self, showBoundary=rl_config._unset_):  # reportlab's name: platypus draws it
        register_fonts()
        renderer = _ShapingRenderer(getattr(self, "direction", "ltr"))
        boundary = (showBoundary if showBoundary is not rl_config._unset_
                    else getattr(self, "_showBoundary", rl_config._unset_))
        renderer.draw(renderScaledDrawing(self), self.canv, 0, 0, showBoundary=boundary)


def text_width(line: str, font_name: str, size: float) -> float:
    """The printed width of one line (Arabic measured shaped, in its font)."""
    register_fonts()
    return bidi_text.width(line, font_name, size)


def _mirror_column(column: int, count: int) -> int:
    return count - 1 - column if column >= 0 else -column - 1


def mirror_table(rows: Sequence[Sequence], widths: Sequence[float] | None,
                 commands: Sequence[tuple], direction: str):
    """(rows, widths, style commands) laid out for `direction`: unchanged in LTR; in
    RTL the columns in the other order (the first on the right) and each command's
    columns with them. Cell alignment is the caller's: a column of numbers stays
    right-aligned in both directions, because digits are written left to right in
    Arabic too and a right edge keeps units under units."""
    if direction != "rtl":
        return [list(row) for row in rows], widths, list(commands)
    count = max(len(row) for row in rows)
    mirrored = [list(reversed(row)) for row in rows]
    out = []
    for command in commands:
        name, (c0, r0), (c1, r1), *rest = command
        first, last = _mirror_column(c1, count), _mirror_column(c0, count)
        if name == "SPAN":
            # A span prints its first cell's content: the one that was its first before.
            row = mirrored[r0]
            row[first], row[last] = row[last], row[first]
        out.append((name, (first, r0), (last, r1), *rest))
    return mirrored, list(reversed(widths)) if widths is not None else None, out


__all__ = ["Drawing", "mirror_table", "text_width"]
