"""The person page's scales panel: per scale the latest score and band, a small SVG chart
drawn on the server (title, description, one point per result with its title) and the same
figures as a table; in Arabic time runs right to left. The timeline lists each scale
administered, with its score only in the entries shown."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.user import User
from tests.scales.conftest import NOW, answers

pytestmark = pytest.mark.time_machine(NOW)


def _points(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in
            re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)]


def _svg(page: str, code: str) -> str:
    start = page.index(f'data-scale-chart="{code}"')
    return page[start:page.index("</svg>", start)]


@pytest.fixture
def three_phq(make_result, karim):
    make_result("amina", karim, "phq9", answers(9, 2, item_9=0), on=date(2026, 9, 1))  # 16
    make_result("amina", karim, "phq9", answers(9, 1, item_9=0), on=date(2026, 10, 1))  # 8
    make_result("amina", karim, "phq9", answers(9, 0, item_1=3), on=date(2026, 11, 1))  # 3


def test_it_shows_the_latest_score_band_and_a_chart_with_a_table(as_user, three_phq, karim):
    page = as_user("amina").get(f"/people/{karim}").text
    assert 'data-scale-panel="phq9"' in page
    assert 'data-latest-total="3"' in page and 'data-latest-band="none_minimal"' in page
    svg = _svg(page, "phq9")
    assert 'role="img"' in page and "<title id=\"scale-chart-phq9-title\">" in svg
    assert "3 results from" in svg  # the description says what the chart shows
    points = _points(svg)
    assert len(points) == 3
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert xs == sorted(xs)  # oldest on the left in English
    assert ys[0] < ys[1] < ys[2]  # 16, 8, 3: the line goes down
    assert "<polyline" in svg and "<script" not in page.split('id="scales"')[1].split(
        "</section>")[0]
    table = page.split('data-scale-table="phq9"')[1].split("</table>")[0]
    assert [int(t) for t in re.findall(r'<bdi dir="ltr">(\d+) / 27</bdi>', table)] == [3, 8, 16]
    assert "Administer a scale" in page


def test_it_runs_time_right_to_left_in_arabic(app, as_user, three_phq, karim):
    with app.app_context():
        db.session.execute(update(User).where(User.login == "amina").values(language="ar"))
        db.session.commit()
    page = as_user("amina").get(f"/people/{karim}").text
    assert 'dir="rtl"' in page
    xs = [p[0] for p in _points(_svg(page, "phq9"))]
    assert xs == sorted(xs, reverse=True)  # the oldest on the right


def test_it_warns_on_the_panel_when_the_latest_phq_has_item_9(as_user, make_result, karim):
    make_result("amina", karim, "phq9", answers(9, 0, item_9=1))
    page = as_user("amina").get(f"/people/{karim}").text
    assert "data-suicide-warning" in page and "Ask about suicide risk now" in page


def test_it_draws_one_panel_per_scale_and_a_single_result(as_user, make_result, karim):
    make_result("amina", karim, "gad7", answers(7, 2))
    make_result("amina", karim, "rhs15", {**answers(14, 0), 15: 6})
    page = as_user("amina").get(f"/people/{karim}").text
    assert page.index('data-scale-panel="gad7"') < page.index('data-scale-panel="rhs15"')
    assert len(_points(_svg(page, "gad7"))) == 1 and "<polyline" not in _svg(page, "gad7")
    assert 'data-latest-band="positive"' in page  # by the thermometer


def test_it_lists_each_scale_on_the_timeline(as_user, three_phq, karim):
    page = as_user("amina").get(f"/people/{karim}").text
    assert page.count('data-entry-kind="scale_result"') == 3
    assert "PHQ-9 administered" in page


def test_it_shows_no_panel_to_whoever_may_not_read_scales(as_user, three_phq, karim):
    page = as_user("sara").get(f"/people/{karim}")
    assert page.status_code == 200
    assert 'id="scales"' not in page.text and "scale_result" not in page.text
