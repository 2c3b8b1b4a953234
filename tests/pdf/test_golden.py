"""French and English documents print as they did before Arabic came (commit 5bfe8c3).

tests/pdf/golden/golden.json was made by tests/pdf/golden/make.py from PDFs printed by
the code of 5bfe8c3 (every certificate template in French and in English, a French
referral letter), in reportlab's invariant mode. Each document printed now must put
every word at the same place, in the same size, and be the same bytes: caseflow.pdf
hands a left-to-right line with no Arabic to reportlab as before. If a template's
wording changes on purpose, regenerate the file (make.py says how).

The indicators report is not here: its layout changed on purpose in every language
(caseflow/reports/exports.py, tests/pdf/test_indicators_layout.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reportlab import rl_config

from caseflow.pdf import isolate
from tests.pdf.glyphs import printed_lines, words
from tests.pdf.golden.documents import documents
from tests.pdf.golden.make import digest

GOLDEN = json.loads((Path(__file__).parent / "golden" / "golden.json").read_text("utf-8"))
DOCUMENTS = documents(isolate)


@pytest.fixture
def invariant():
    """reportlab's invariant mode (fixed dates and ids), restored afterwards."""
    before, rl_config.invariant = rl_config.invariant, 1
    yield
    rl_config.invariant = before


def test_it_has_a_golden_file_for_every_document():
    assert set(GOLDEN["pdf_sha256"]) == set(DOCUMENTS)
    assert set(GOLDEN["lines"]) <= set(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(GOLDEN["lines"]))
def test_it_prints_every_line_where_it_was_before(name, invariant):
    """The documents the review saw move (Istanbul fr: words pushed down a line; the
    follow-up attestation en: "2026." and the rest of the page 12 pt lower; every line
    of the letter 2-3 pt higher), line by line for a readable difference."""
    assert printed_lines(DOCUMENTS[name]()) == GOLDEN["lines"][name]


@pytest.mark.parametrize("name", sorted(GOLDEN["pdf_sha256"]))
def test_it_prints_each_word_and_byte_as_before(name, invariant):
    pdf = DOCUMENTS[name]()
    assert digest(words(pdf)) == GOLDEN["words_sha256"][name], "a word moved"
    # The same bytes too (fonts, colours, metadata): invariant mode fixes dates and ids.
    assert digest(pdf) == GOLDEN["pdf_sha256"][name]
