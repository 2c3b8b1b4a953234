"""Hugo, a practised nurse in Calais, registers a Kurdish-speaking young man from Iraq with
consent on his phone, keyboard first: the flow bench/intake_flow.py times and models."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from bench.intake_flow import PEOPLE, form_shape, klm, run_flow, seed_site_history, sign_in
from caseflow.extensions import db
from caseflow.models.consent import Consent
from caseflow.models.person import Person
from tests.browser.conftest import PHONE
from tests.support.browser import page_width
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser

# Issue 17: 30 controls and 3,193 px at 360 px before the folds.
CONTROLS_BEFORE, HEIGHT_BEFORE = 30, 3193


@pytest.fixture
def calais_history(app):
    with app.app_context():
        seed_site_history("CAL", "hugo", people=24)
        db.session.remove()


def test_it_registers_a_person_with_consent_in_under_a_minute_on_a_phone(
        app, calais_history, open_page, live_server, artifacts):
    page = open_page(viewport=PHONE)
    sign_in(page, live_server, "hugo", PERSONA_PASSWORD)
    page.goto(f"{live_server}/people/new")

    # What is rarely needed is folded: fewer controls, a shorter page.
    shape = form_shape(page)
    assert shape["controls"] <= 18 < CONTROLS_BEFORE
    assert shape["height"] < HEIGHT_BEFORE * 0.8
    expect(page.get_by_label("Autres noms")).to_be_hidden()
    # Calais meets Kurdish speakers from Iraq: its records put them first, though the
    # programme-wide lists do not name them.
    frequent = page.locator('#languages optgroup[label="Choix fréquents"] option')
    expect(frequent.filter(has_text="kurde")).to_have_count(1)
    expect(page.locator('#nationality optgroup[label="Choix fréquents"] option[value="IQ"]')
           ).to_have_count(1)
    page.screenshot(path=str(artifacts / "intake-fast-fr-360.png"), full_page=True)

    person = PEOPLE[0]
    run_flow(page, live_server, person)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Karim Rebwar")
    expect(page.locator('tr[data-consent-purpose="care"]')).to_contain_text("Donné")
    expect(page.locator('tr[data-consent-purpose="team_sharing"]')).to_contain_text("Donné")
    assert page_width(page) <= PHONE["width"]
    with app.app_context():
        registered = db.session.scalar(select(Person).where(Person.nationality == "IQ",
                                                            Person.interpreter_needed))
        # Picked from the frequent ones by typing "kurde" and Enter; the language
        # interpreted was filled in from it (the one language spoken that is not French).
        assert registered.languages == ["ku"]
        consents = db.session.scalars(select(Consent).where(
            Consent.person_id == registered.id)).all()
        assert {c.interpreter_language for c in consents} == {"ku"}
        assert {c.interpreter_kind.value for c in consents} == {"professional_phone"}
    estimate, _operators = klm(person)
    assert estimate < 60


def test_it_opens_the_consent_fold_and_fills_in_the_language_interpreted(
        app, calais_history, open_page, live_server):
    page = open_page(viewport=PHONE)
    sign_in(page, live_server, "hugo", PERSONA_PASSWORD)
    page.goto(f"{live_server}/people/new")
    interpreted = page.get_by_label("Langue interprétée")
    expect(interpreted).to_be_hidden()
    page.get_by_label("Langues parlées").select_option(["fr", "ku"])
    page.get_by_label("A besoin d’un interprète").check()
    expect(interpreted).to_be_visible()
    expect(interpreted).to_have_value("ku")
    # The languages spoken come first in its list.
    expect(page.locator('#interpreter_language optgroup[label="Langues parlées"] option')
           ).to_have_text(["français", "kurde"])
    # Two languages besides French: which one the interpreter spoke is the nurse's to say.
    page.get_by_label("Langues parlées").select_option(["ar", "ku"])
    expect(interpreted).to_have_value("")
    # Her own choice is never overwritten.
    interpreted.select_option("ar")
    page.get_by_label("Langues parlées").select_option(["ku"])
    expect(interpreted).to_have_value("ar")


def test_it_filters_the_nationalities_as_one_types(app, open_page, live_server):
    page = open_page(viewport=PHONE)
    sign_in(page, live_server, "hugo", PERSONA_PASSWORD)
    page.goto(f"{live_server}/people/new")
    box = page.get_by_role("searchbox").first
    box.fill("eryth")
    expect(page.get_by_label("Nationalité (déclarée)")).to_have_value("ER")
    assert page.locator("#nationality option:not([hidden])").count() <= 2  # + "Non renseigné"
    box.press("Enter")  # picks, never sends the form
    expect(page).to_have_url(f"{live_server}/people/new")
