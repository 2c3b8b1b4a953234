"""Importing a team's spreadsheet: every row checked first, broken rows explained."""

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.person import Person

GOOD = (
    "family_name,given_names,aliases,birth_date,sex,nationality,languages,phone,flags\n"
    "Diallo,Mamadou,Dialo;Mamadou D.,2008-03,male,GN,ff;fr,0612345678,unaccompanied_minor\n"
    "Haile,Selam,,2007,female,ER,ti,,violence;pregnant\n"
)
BROKEN_LINE = "Kamara,Ibrahim,,2008-13-40,male,XX,zz,,\n"


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Person.id)))


def test_it_imports_a_spreadsheet_and_prints_the_codes(app, runner, tmp_path):
    sheet = tmp_path / "calais.csv"
    sheet.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL"])
    assert result.exit_code == 0, result.output
    assert "Imported 2 people at Calais" in result.output
    with app.app_context():
        codes = set(db.session.scalars(select(Person.code)))
        diallo = next(p for p in db.session.scalars(select(Person))
                      if p.family_name == "Diallo")
        assert diallo.aliases == ["Dialo", "Mamadou D."]
        assert diallo.birth_date_precision == "month" and diallo.languages == ["ff", "fr"]
        assert [f.flag.value for f in diallo.flags] == ["unaccompanied_minor"]
    assert all(code in result.output for code in codes)


def test_it_reads_a_semicolon_file_with_a_byte_order_mark(app, runner, tmp_path):
    sheet = tmp_path / "excel.csv"
    content = GOOD.replace(",", "\t").replace(";", "|").replace("\t", ";").replace("|", ",")
    # Excel in French writes ';' between columns; lists inside a cell then use ','... so the
    # aliases column is kept simple here.
    content = ("family_name;given_names;birth_date\nTraoré;Awa;2009\n")
    sheet.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "PAN"])
    assert result.exit_code == 0, result.output
    assert _count(app) == 1


def test_it_explains_a_broken_row_and_imports_nothing(app, runner, tmp_path):
    sheet = tmp_path / "broken.csv"
    sheet.write_text(GOOD + BROKEN_LINE, encoding="utf-8")
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL"])
    assert result.exit_code != 0
    assert "line 4, column birth_date" in result.output
    assert "line 4, column nationality: 'XX'" in result.output
    assert "line 4, column languages: 'zz'" in result.output
    assert "nothing was imported" in result.output
    assert _count(app) == 0


def test_it_can_import_the_good_rows_and_set_the_bad_ones_aside(app, runner, tmp_path):
    sheet = tmp_path / "broken.csv"
    sheet.write_text(GOOD + BROKEN_LINE, encoding="utf-8")
    rejected = tmp_path / "to-fix.csv"
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL",
                                 "--skip-invalid", "--rejected", str(rejected)])
    assert result.exit_code == 0, result.output
    assert _count(app) == 2
    lines = rejected.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1].startswith("Kamara") and "line 4" in lines[1]


def test_it_reports_people_already_known_instead_of_creating_them(app, runner, tmp_path):
    sheet = tmp_path / "calais.csv"
    sheet.write_text(GOOD, encoding="utf-8")
    runner.invoke(args=["import-persons", str(sheet), "--site", "CAL"])
    again = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL"])
    assert again.exit_code != 0
    assert "may be someone already known" in again.output
    assert _count(app) == 2


def test_it_refuses_unknown_columns_and_sites(runner, tmp_path):
    sheet = tmp_path / "odd.csv"
    sheet.write_text("name,dob\nX,2000\n", encoding="utf-8")
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL"])
    assert result.exit_code != 0 and "unknown: name, dob" in result.output
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "NOPE"])
    assert "Unknown site code" in result.output


def test_it_reports_the_same_person_twice_in_one_file(app, runner, tmp_path):
    sheet = tmp_path / "twice.csv"
    sheet.write_text(GOOD + "Dialo,Mamadou,,2008,male,GN,,,\n", encoding="utf-8")
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL"])
    assert result.exit_code != 0
    assert "line 4: may be someone already known (line 2)" in result.output
    assert _count(app) == 0


def test_it_refuses_a_row_with_more_cells_than_columns(app, runner, tmp_path):
    sheet = tmp_path / "extra.csv"
    sheet.write_text("family_name,given_names\nKamara,Ibrahim,surplus\n", encoding="utf-8")
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL"])
    assert result.exit_code != 0
    assert "more cells than the header" in result.output


def test_it_records_who_imported_and_keeps_rejected_rows_private(app, runner, tmp_path):
    import stat

    from caseflow.models.audit import AuditEvent
    from caseflow.models.user import User

    sheet = tmp_path / "calais.csv"
    sheet.write_text(GOOD + BROKEN_LINE, encoding="utf-8")
    result = runner.invoke(args=["import-persons", str(sheet), "--site", "CAL",
                                 "--skip-invalid", "--by", "hugo"])
    assert result.exit_code == 0, result.output
    rejected = tmp_path / "calais.rejected.csv"
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600
    with app.app_context():
        hugo = db.session.scalar(select(User.id).where(User.login == "hugo"))
        creators = set(db.session.scalars(select(AuditEvent.actor_id).where(
            AuditEvent.object_type == "person", AuditEvent.action == "create")))
        assert creators == {hugo}
