"""The indicators report's layout, a deliberate change in every language (not only in
Arabic) when Arabic came: see the docstring of caseflow.reports.exports._pdf. The French
report is held to it here, as tests/pdf/test_arabic_documents.py holds the Arabic one."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.extensions import db
from caseflow.pdf import FONT
from caseflow.pdf.drawing import text_width
from caseflow.reports.exports import _PADDING, _widths
from tests.pdf.glyphs import save, words
from tests.reports.conftest import _enrol, _person


@pytest.fixture
def french_report(app, as_user):
    with app.app_context():
        for i, site in enumerate(["PAN"] * 6 + ["MAR"]):
            _enrol(_person("male", 2010, f"Name{i}"), site, "general", date(2026, 3, 2 + i))
        db.session.commit()
    pdf = as_user("omar").get("/indicators/report.pdf?month=2026-03&lang=fr").data
    save("indicators-fr", pdf)
    return words(pdf)


def _lines(printed: list[list]) -> list[str]:
    """The words of each printed line (page, baseline), joined."""
    out: dict[tuple, list[str]] = {}
    for page, _x, y, _end, _size, word in printed:
        out.setdefault((page, y), []).append(word)
    return [" ".join(found) for found in out.values()]


def test_it_spans_an_indicators_name_over_its_row_in_french(french_report):
    # One line, not "Nouvelles / personnes / incluses" wrapped in a narrow first column.
    assert "Nouvelles personnes incluses" in _lines(french_report)
    assert "Personnes en suivi de santé mentale" in _lines(french_report)


def test_it_never_cuts_a_header_word_in_french(french_report):
    printed = {word for *_place, word in french_report}
    assert {"Mois", "précédent", "événements"} <= printed


def test_it_gives_a_small_chart_whole_counts_in_french(french_report):
    """A month with no contact: 0 to 5 in steps of 1, not reportlab's 0, 0.002, ..."""
    printed = {word for *_place, word in french_report}
    assert {"1", "2", "3", "4", "5"} <= printed
    assert not any(word.startswith("0.0") for word in printed)


def test_it_makes_every_column_as_wide_as_its_widest_word():
    header = ["Catégorie", "Unité", "Total", "Mois précédent", "PAN", "CAL"]
    body = [["Ensemble", "événements", "12", "<5", "x", "0"],
            ["non précisé", "personnes", "7", "0", "0", "1"]]
    widths = _widths(header, body, 482, 8.5, 7.5)
    assert sum(widths) == pytest.approx(482)
    assert widths[1] >= text_width("événements", FONT, 7.5) + _PADDING
    assert widths[3] >= text_width("précédent", FONT, 8.5) + _PADDING
    assert widths[0] >= text_width("non précisé", FONT, 8.5) + _PADDING
    # Too narrow a page: the category gives way first, never below 25 mm.
    narrow = _widths(header, body, 200, 8.5, 7.5)
    assert sum(narrow) == pytest.approx(200) and narrow[0] == pytest.approx(25 * 72 / 25.4)
