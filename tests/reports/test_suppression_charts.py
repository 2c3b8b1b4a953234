"""Charts of suppressed figures show "<5" / "x", never a hidden count, and add no hidden value."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from caseflow.extensions import db
from tests.reports.conftest import _enrol, _person

QUERY = "?month=2026-03"


@pytest.fixture
def shelter_month(app):
    """March 2026: six boys of 16 newly included at Pantin, one at the Marseille shelter."""
    with app.app_context():
        for i, site in enumerate(["PAN"] * 6 + ["MAR"]):
            person = _person("male", 2010, f"Name{i}")
            _enrol(person, site, "general", date(2026, 3, 2 + i))
        db.session.commit()


def _chart(page: str, title: str) -> str:
    figure = next(f for f in re.findall(r'<figure class="chart">.*?</figure>', page, re.S)
                  if title in f)
    return html.unescape(figure)


def test_it_never_draws_a_hidden_site_as_a_number(as_user, shelter_month):
    page = as_user("omar").get("/indicators/" + QUERY).text
    chart = _chart(page, "Nouvelles personnes incluses")
    titles = re.findall(r"<title>(.*?)</title>", chart)
    texts = re.findall(r"<text[^>]*>(.*?)</text>", chart)
    # 7 = MAR 1 + PAN 6: the page hides MAR ("<5") and PAN ("x"), the total stays.
    assert not any(re.search(r"(MAR|PAN): \d", t) for t in titles), titles
    assert any("MAR <5" in t and "PAN x" in t for t in titles), titles
    assert "7" in texts and "11" not in texts and "12" not in texts
    row = re.search(r"Nouvelles personnes incluses</th>(.*?)</tr>", page, re.S).group(1)
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c))
             for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert cells[2] == "7" and "<5" in cells and "x" in cells and "6" not in cells


def test_it_draws_exact_bars_for_the_coordinator(as_user, shelter_month):
    chart = _chart(as_user("claire").get("/indicators/" + QUERY).text,
                   "Nouvelles personnes incluses")
    titles = re.findall(r"<title>(.*?)</title>", chart)
    assert "2026-03 MAR: 1" in titles and "2026-03 PAN: 6" in titles


def test_it_draws_no_hidden_count_in_the_pdf_chart(as_user, shelter_month):
    response = as_user("omar").get("/indicators/report.pdf" + QUERY + "&lang=en")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    legend = [line for line in text.splitlines() if line.startswith(("■ MAR", "■ PAN"))]
    assert legend and all(line.split()[-1] in ("<5", "x") for line in legend), legend
    assert "Σ: 0 0 0 0 0 7" in text


def _month_positions(chart: str) -> dict[str, float]:
    return {m: float(x) for x, m in re.findall(r'<text x="([\d.]+)"[^>]*>(\d{4}-\d{2})</text>',
                                              chart)}


def test_it_draws_the_months_from_right_to_left_on_an_arabic_page(app, as_user, shelter_month):
    client = as_user("claire")
    french = _chart(client.get("/indicators/" + QUERY).text, "Nouvelles personnes incluses")
    with app.app_context():
        from caseflow.extensions import db as database
        from caseflow.models.user import User

        database.session.query(User).filter_by(login="claire").update({"language": "ar"})
        database.session.commit()
    arabic = _chart(client.get("/indicators/" + QUERY).text, "الأشخاص المُدرَجون حديثًا")

    left_to_right, right_to_left = _month_positions(french), _month_positions(arabic)
    assert left_to_right["2025-10"] < left_to_right["2026-03"]
    assert right_to_left["2025-10"] > right_to_left["2026-03"]  # the oldest on the right
    # The same bars, reflected: each bar keeps its width and its site's figure.
    assert "2026-03 MAR: 1" in re.findall(r"<title>(.*?)</title>", arabic)
    assert sorted(re.findall(r'width="([\d.]+)" height="([\d.]+)"', french)) == sorted(
        re.findall(r'width="([\d.]+)" height="([\d.]+)"', arabic))
    legend = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)"[^>]*>(PAN|MAR)<',
                        arabic)
    assert legend and all(anchor == "end" and float(x) < 260 for x, anchor, _ in legend)
