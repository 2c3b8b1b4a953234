"""Enrolling someone in a new follow-up, by the form or by an imported spreadsheet, starts on
the usual programme of the site (caseflow.services.staff.sites.usual_programme), not on whichever
programme happens to be listed first."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.models.site import Site
from tests.people.test_intake_site_programme import selected
from tests.support.records import site_id


@pytest.mark.parametrize(("login", "site", "programme"), [
    ("hugo", "CAL", "general"),             # Calais: general care
    ("amina", "PAN", "minority_recourse"),  # Pantin: day centre for minors
])
def test_it_opens_the_enrol_form_on_the_usual_programme_of_the_site_shown(
        app, client, as_user, register, login, site, programme):
    person = register(login, site, "Haile", "Yonas", born=2007)
    as_user(login)
    page = client.get(f"/people/{person}/enrol")
    assert page.status_code == 200
    with app.app_context():
        assert selected(page.text, "site_id") == str(site_id(site))
    assert selected(page.text, "programme") == programme


def test_it_opens_the_enrol_form_on_the_usual_programme_set_by_the_administrator(
        app, client, as_user, register):
    person = register("hugo", "CAL", "Haile", "Yonas", born=2007)
    with app.app_context():
        db.session.get(Site, site_id("CAL")).default_programme = "tb_treatment"
        db.session.commit()
    as_user("hugo")
    assert selected(client.get(f"/people/{person}/enrol").text, "programme") == "tb_treatment"


def _import(runner, tmp_path, site, *options):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("family_name,given_names,birth_date\nTesfay,Salam,2008\n", encoding="utf-8")
    return runner.invoke(args=["import-persons", str(sheet), "--site", site, *options])


def _programmes(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Enrolment.programme)))


@pytest.mark.parametrize(("site", "programme"), [("MAR", "shelter_stay"),
                                                 ("PAN", "minority_recourse")])
def test_it_imports_at_the_usual_programme_of_the_site_when_none_is_given(
        app, runner, tmp_path, site, programme):
    result = _import(runner, tmp_path, site)
    assert result.exit_code == 0, result.output
    assert _programmes(app) == [programme]


def test_it_imports_at_the_programme_given_on_the_command_line(app, runner, tmp_path):
    result = _import(runner, tmp_path, "MAR", "--programme", "general")
    assert result.exit_code == 0, result.output
    assert _programmes(app) == ["general"]
