"""Issue 17 without a browser: the rules the phone layouts stand on, checked in the sources.

Why: a table marked `.cards` shows each cell's column name from its data-label on a phone;
a cell added later without one would show a value with no name. The browser tests
(tests/browser/test_phone_layouts.py) look at pages; these check every template at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "caseflow"
TEMPLATES = ROOT / "templates"
CSS = (ROOT / "static" / "css" / "caseflow.css").read_text(encoding="utf-8")
CARD_TABLES = re.compile(r'<div class="table-wrap cards[^"]*">(.*?)</table>', re.S)


def card_templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*.html") if "table-wrap cards" in p.read_text())


def test_it_finds_the_card_lists_of_issue_17():
    names = {str(p.relative_to(TEMPLATES)) for p in card_templates()}
    assert {"followup/day.html", "followup/lost.html", "certificates/register.html",
            "audit/_events.html", "audit/grants.html", "audit/consents.html",
            "people/show.html", "reports/dashboard.html"} <= names


@pytest.mark.parametrize("template", card_templates(), ids=lambda p: p.stem)
def test_it_names_every_cell_of_a_card_list(template):
    for table in CARD_TABLES.findall(template.read_text()):
        body = table.split("<tbody>", 1)[-1]
        cells = re.findall(r"<td\b[^>]*>", body)
        assert cells, f"{template.name}: no cell"
        unnamed = [c for c in cells if "data-label=" not in c]
        assert not unnamed, f"{template.name}: cells without data-label: {unnamed}"


def test_it_wraps_long_words_and_sizes_every_date_input():
    body = re.search(r"^body \{(.*?)\}", CSS, re.S | re.M).group(1)
    assert "overflow-wrap: anywhere" in body
    for kind in ("date", "datetime-local", "time", "month"):
        assert f"input[type={kind}]" in CSS, kind


def test_it_loads_the_menu_script_deferred_and_no_inline_script():
    base = (TEMPLATES / "base.html").read_text()
    assert re.search(r"<script src=\"[^\"]*filename='js/menu\.js'[^\"]*\" defer></script>", base)
    assert not re.search(r"<script(?![^>]*\bsrc=)", base), "an inline script breaks the CSP"
    assert "<details class=\"topbar-menu\"" in base and "<summary" in base
