"""Each site has its usual programme: the registration form starts on it, and follows the
site chosen without JavaScript. Administrators set it on the site form."""

import re

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.models.person import Person
from caseflow.models.site import Site
from tests.people.test_registration import intake
from tests.support.records import site_id
from tests.support.web import csrf_token_from


def selected(html: str, name: str) -> str | None:
    block = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert block, f"no {name} on the page"
    chosen = re.findall(r'<option[^>]*selected[^>]*value="([^"]*)"|'
                        r'<option[^>]*value="([^"]*)"[^>]*selected', block.group(1))
    values = [a or b for a, b in chosen]
    if values:
        return values[0]
    first = re.search(r'<option[^>]*value="([^"]*)"', block.group(1))
    return first.group(1) if first else None


def enrolled_programme(app) -> str:
    with app.app_context():
        return db.session.scalar(select(Enrolment.programme))


@pytest.mark.parametrize(("login", "site", "programme"), [
    ("hugo", "CAL", "general"),                 # Calais: mobile clinic, general care
    ("amina", "PAN", "minority_recourse"),      # Pantin: day centre for minors
    ("charlie", "TRI", "general"),              # Tripoli
    ("yasmine", "MAR", "shelter_stay"),         # Marseille and Pantin: the first site, Marseille
])
def test_it_starts_the_registration_on_the_usual_programme_of_the_users_site(
        app, client, as_user, login, site, programme):
    as_user(login)
    page = client.get("/people/new").text
    with app.app_context():
        assert selected(page, "site_id") == str(site_id(site))
    assert selected(page, "programme") == programme


def _post(client, app, **fields):
    token = csrf_token_from(client.get("/people/new").text)
    return client.post("/people/new", data=dict(intake(app, **fields), csrf_token=token))


def test_it_follows_the_site_chosen_when_the_programme_was_left_as_shown(app, client, as_user):
    as_user("sara")  # Calais and Pantin: the form opens on Calais, general care
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with app.app_context():
        pantin = site_id("PAN")
    page = _post(client, app, site_id=pantin, programme="general", programme_shown="general")
    assert page.status_code == 200
    assert selected(page.text, "programme") == "minority_recourse"
    assert "usual programme of Pantin" in page.text
    with app.app_context():
        assert db.session.scalar(select(Person)) is None  # nothing saved behind her back
    response = _post(client, app, site_id=pantin, programme="minority_recourse",
                     programme_shown="minority_recourse")
    assert response.status_code == 302
    assert enrolled_programme(app) == "minority_recourse"


def test_it_keeps_a_programme_chosen_on_purpose(app, client, as_user):
    as_user("sara")
    with app.app_context():
        pantin = site_id("PAN")
    response = _post(client, app, site_id=pantin, programme="mental_health",
                     programme_shown="general")
    assert response.status_code == 302
    assert enrolled_programme(app) == "mental_health"


def test_it_keeps_the_usual_programme_of_the_site_left_as_shown(app, client, as_user):
    as_user("sara")
    with app.app_context():
        calais = site_id("CAL")
    response = _post(client, app, site_id=calais, programme="general",
                     programme_shown="general")
    assert response.status_code == 302
    assert enrolled_programme(app) == "general"


def test_it_gives_the_demo_sites_their_usual_programmes(app):
    with app.app_context():
        usual = dict(db.session.execute(select(Site.code, Site.default_programme)).all())
    assert usual == {"PAN": "minority_recourse", "CAL": "general", "MAR": "shelter_stay",
                     "TRI": "general", "ZWA": "general"}


def test_it_sets_the_usual_programme_on_the_site_form(app, client, as_user):
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with app.app_context():
        calais = site_id("CAL")
    form = client.get(f"/admin/sites/{calais}")
    assert selected(form.text, "default_programme") == "general"
    data = {"code": "CAL", "name": "Calais", "country": "FR", "kind": "mobile_clinic",
            "timezone": "Europe/Paris", "active": "y", "default_programme": "tb_treatment",
            "version": re.search(r'name="version"[^>]*value="(\d+)"', form.text).group(1),
            "csrf_token": csrf_token_from(form.text)}
    assert client.post(f"/admin/sites/{calais}", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Site, calais).default_programme == "tb_treatment"
    assert "TB treatment" in client.get("/admin/sites").text


def test_it_creates_a_site_with_its_usual_programme_and_refuses_an_unknown_one(
        app, client, as_user):
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = client.get("/admin/sites/new")
    data = {"code": "LYO", "name": "Lyon", "country": "FR", "kind": "shelter",
            "timezone": "Europe/Paris", "active": "y", "default_programme": "nonsense",
            "csrf_token": csrf_token_from(form.text)}
    page = client.post("/admin/sites/new", data=data)
    assert page.status_code == 200 and "Not a valid choice" in page.text
    data["default_programme"] = "shelter_stay"
    assert client.post("/admin/sites/new", data=data).status_code == 302
    with app.app_context():
        lyon = db.session.scalar(select(Site).where(Site.code == "LYO"))
        assert lyon.default_programme == "shelter_stay"
