"""The body diagram annexed to a certificate: the lesions' numbers where the regions are,
captioned so that a reader knows which view and which side, and nothing else."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Group, String
from reportlab.lib.units import mm

from caseflow.certificates.body_diagram import (
    MARK_RADIUS,
    body_diagram,
    contains,
    legend_rows,
)
from caseflow.certificates.body_regions import REGIONS, BodyRegion, View
from caseflow.pdf import Letterhead, build_pdf
from tests.certificates.samples import pdf_text

MARKS = [(1, BodyRegion.FACE), (2, BodyRegion.BACK_LOWER), (3, BodyRegion.HAND_LEFT),
         (4, BodyRegion.HAND_LEFT)]
WIDTH = 170 * mm


def diagram_pdf(marks, language: str = "en") -> bytes:
    return build_pdf([body_diagram(marks, language, WIDTH)],
                     letterhead=Letterhead("Organisation", "Site"), title="Body diagram",
                     language=language)


def strings(drawing: Drawing) -> list[String]:
    found: list[String] = []

    def walk(node) -> None:
        if isinstance(node, String):
            found.append(node)
        elif isinstance(node, Group | Drawing):
            for child in node.contents:
                walk(child)

    walk(drawing)
    return found


def mark_centres(drawing: Drawing) -> dict[str, tuple[float, float]]:
    """Each number's circle centre, by the number it holds."""
    centres = {}
    for group in drawing.contents:
        circles = [c for c in group.contents if isinstance(c, Circle)]
        texts = [s for s in group.contents if isinstance(s, String)]
        if circles and texts:
            centres[texts[0].text] = (circles[0].cx, circles[0].cy)
    return centres


def test_it_prints_the_numbers_and_the_captions_as_text() -> None:
    text = pdf_text(diagram_pdf(MARKS))
    for word in ("Front", "Back", "Right", "Left", "1", "2", "3", "4"):
        assert word in text.split()
    assert len(PdfReader(io.BytesIO(diagram_pdf(MARKS))).pages) == 1


def test_it_prints_nothing_but_the_numbers_and_the_captions() -> None:
    words = sorted(s.text for s in strings(body_diagram(MARKS, "en", WIDTH)))
    assert words == ["1", "2", "3", "4", "Back", "Front", "Left", "Left", "Right", "Right"]


def test_it_draws_two_marks_in_one_region_apart_and_on_the_hand() -> None:
    drawing = body_diagram(MARKS, "en", WIDTH)
    centres = mark_centres(drawing)
    assert set(centres) == {"1", "2", "3", "4"}
    (x3, y3), (x4, y4) = centres["3"], centres["4"]
    assert ((x3 - x4) ** 2 + (y3 - y4) ** 2) ** 0.5 >= 2 * MARK_RADIUS  # apart
    # The person's left hand is on the reader's right of the front view (the left half).
    assert WIDTH / 4 < x3 < WIDTH / 2 and WIDTH / 4 < x4 < WIDTH / 2
    assert centres["1"][0] < WIDTH / 2 < centres["2"][0]  # face on the front, back on the back


def test_it_never_hides_a_number_under_another() -> None:
    """Three lesions in every region: each number is placed where no other one is."""
    marks = [(n, region) for n, region in enumerate(list(BodyRegion) * 3, 1)]
    centres = list(mark_centres(body_diagram(marks, "en", WIDTH)).values())
    assert len(centres) == len(marks)
    for i, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[i + 1:]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= 2 * MARK_RADIUS


def test_it_draws_the_same_diagram_whatever_the_order_of_the_marks() -> None:
    first = mark_centres(body_diagram(MARKS, "en", WIDTH))
    again = mark_centres(body_diagram(list(reversed(MARKS)), "en", WIDTH))
    assert first == again
    # The whole drawing, not only the marks (the PDF around it carries its creation date).
    assert renderSVG.drawToString(body_diagram(MARKS, "fr", WIDTH)) == \
        renderSVG.drawToString(body_diagram(list(reversed(MARKS)), "fr", WIDTH))


def test_it_takes_the_stored_codes_and_refuses_an_unknown_one() -> None:
    assert mark_centres(body_diagram([(1, "hand_left")], "en", WIDTH)) == \
        {"1": mark_centres(body_diagram([(1, BodyRegion.HAND_LEFT)], "en", WIDTH))["1"]}
    with pytest.raises(ValueError, match="elbow"):
        body_diagram([(1, "elbow")], "en", WIDTH)


def test_it_fits_a_maximum_height() -> None:
    assert body_diagram(MARKS, "en", WIDTH, max_height=100 * mm).height <= 100 * mm


def test_it_names_every_region_in_english() -> None:
    assert set(REGIONS) == set(BodyRegion)
    labels = [region.label.get("en") for region in BodyRegion]
    assert all(labels) and len(set(labels)) == len(labels)
    assert legend_rows(MARKS, "en") == [(1, "Face"), (2, "Lower back"),
                                        (3, "Palm of the left hand"), (4, "Palm of the left hand")]


@pytest.mark.parametrize("region", list(BodyRegion))
def test_it_anchors_every_region_on_the_figure_and_on_the_person_s_side(region) -> None:
    x, y = region.anchor
    assert 0 < x < 1 and 0 < y < 1
    assert contains(x, y), f"{region} is off the figure"
    words = region.value.split("_")
    if "right" in words or "left" in words:
        # The front view faces the reader: the person's right on the reader's left.
        on_readers_left = ("right" in words) == (region.view is View.FRONT)
        assert (x < 0.5) == on_readers_left
    else:
        assert x == 0.5
    assert region.view is (View.BACK if words[-1] == "back" or region.value.startswith("back")
                           or region.value == "buttocks" else View.FRONT)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_it_renders_to_png_for_a_look(tmp_path: Path) -> None:
    """CASEFLOW_BODY_DIAGRAM_PNG=/path/name keeps the picture (name.png) to look at."""
    pdf = tmp_path / "body.pdf"
    pdf.write_bytes(diagram_pdf([*MARKS, *((n, r) for n, r in enumerate(BodyRegion, 5))]))
    out = os.environ.get("CASEFLOW_BODY_DIAGRAM_PNG") or str(tmp_path / "body")
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf), out], check=True)
    assert Path(f"{out}.png").stat().st_size > 0


def test_it_tells_a_point_beside_the_body_from_one_on_it() -> None:
    """What the anchors' test relies on: between the legs, beside the head or between an arm
    and the flank is off the figure."""
    assert not contains(0.5, 0.2)
    assert not contains(0.2, 0.93)
    assert not contains(0.29, 0.6)
    assert contains(0.5, 0.6) and contains(0.5, 0.95)
