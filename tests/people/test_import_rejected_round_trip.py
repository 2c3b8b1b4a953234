"""The rejected rows of an import, corrected and imported again: the quote that kept a
spreadsheet from running a name as a formula ('=…, '-…) is not stored with the name."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.person import Person


def test_it_stores_a_corrected_rejected_name_without_the_spreadsheet_quote(app, runner,
                                                                           tmp_path):
    sheet = tmp_path / "calais.csv"
    sheet.write_text("family_name,given_names,birth_date\n"
                     "=Diallo,-Awa,2008-13-40\n", encoding="utf-8")
    rejected = tmp_path / "calais.rejected.csv"
    first = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL",
                                "--skip-invalid", "--rejected", str(rejected)])
    assert first.exit_code == 0, first.output
    rows = list(csv.reader(io.StringIO(rejected.read_text(encoding="utf-8"))))
    assert rows[1][:2] == ["'=Diallo", "'-Awa"]

    # The operator corrects the date in the rejected file, drops the "problem" column and
    # imports it again, as the README says.
    fixed = tmp_path / "calais.fixed.csv"
    with fixed.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(rows[0][:-1])
        writer.writerow([*rows[1][:2], "2008-12-04"])
    again = runner.invoke(args=["import-persons", str(fixed), "--site", "CAL"])
    assert again.exit_code == 0, again.output
    with app.app_context():
        person = db.session.scalars(select(Person)).one()
        assert (person.family_name, person.given_names) == ("=Diallo", "-Awa")
