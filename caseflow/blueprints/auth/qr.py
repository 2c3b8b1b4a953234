"""The enrolment QR code as inline SVG (the page's CSP allows no script and no outside image).

The certificates' encoder (caseflow/qr_code.py); here its module matrix is drawn as
one SVG path, built from integers only, so nothing typed by anyone
reaches the markup.
"""

from __future__ import annotations

from markupsafe import Markup

from caseflow import qr_code

QUIET = 4  # modules of white around the code (the standard's quiet zone)
PIXELS = 232
SVG = Markup(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{pixels}" '
    'height="{pixels}" role="img" aria-label="{label}" shape-rendering="crispEdges" class="qr">'
    '<rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
)


def qr_svg(data: str, label: str) -> Markup:
    modules = qr_code.modules(data)
    size = len(modules) + 2 * QUIET
    path = []
    for row, cells in enumerate(modules):
        column = 0
        while column < len(cells):
            if not cells[column]:
                column += 1
                continue
            run = 1
            while column + run < len(cells) and cells[column + run]:
                run += 1
            path.append(f"M{column + QUIET} {row + QUIET}h{run}v1h-{run}z")
            column += run
    # Markup.format escapes every value (the label is translated text).
    return SVG.format(size=size, pixels=PIXELS, label=label, path="".join(path))
