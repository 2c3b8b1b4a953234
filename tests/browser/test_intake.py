"""A nurse in Calais registers a young man with consent on a phone, in the real browser;
a psychologist in Pantin later finds him under another spelling."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.support.browser import page_width
from tests.support.web import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, live_server, login):
    page.goto(f"{live_server}/login")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_it_registers_a_person_with_consent_on_a_phone(open_page, live_server, artifacts):
    page = open_page(viewport=PHONE)
    sign_in(page, live_server, "hugo")
    page.locator(".menu-button").click()  # on a phone the menu is behind its button
    page.get_by_role("link", name="Enregistrer une personne").first.click()
    page.get_by_label("Nom de famille (déclaré)").fill("Gebremariam")
    page.get_by_label("Prénoms (déclarés)").fill("Yohannes")
    page.locator("#identity-more > summary").click()  # other names are folded
    page.get_by_label("Autres noms").fill("Yohanes Gebre Mariam")
    page.get_by_label("Date de naissance (déclarée)").fill("2008")
    page.get_by_label("Sexe").select_option("male")
    page.get_by_label("Nationalité (déclarée)").select_option("ER")
    page.get_by_label("Langues parlées").select_option(["ti"])
    page.get_by_label("A besoin d’un interprète").check()
    # Consent to care and to data processing: asked every time, no answer is pre-set.
    for question in ("Consentement aux soins", "Consentement au traitement des données"):
        page.get_by_role("group", name=question, exact=True).get_by_label(
            "Donné", exact=True).check()
    page.get_by_label("Consentement au partage au sein de l’équipe de soins").select_option(
        "given")
    page.get_by_label("Interprète", exact=True).select_option("professional_phone")
    page.get_by_label("Langue interprétée").select_option("ti")
    page.screenshot(path=str(artifacts / "intake-fr-360.png"), full_page=True)
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Gebremariam Yohannes")
    expect(page.locator('tr[data-consent-purpose="team_sharing"]')).to_contain_text("Donné")
    expect(page.get_by_text("≈ 2008 (déclaré)")).to_be_visible()
    width = page_width(page)
    assert width <= PHONE["width"]
    page.screenshot(path=str(artifacts / "person-fr-360.png"), full_page=True)
    code = page.locator(".big-code").inner_text()

    # Later, in Pantin: the record is out of Yasmine's scope until a transfer...
    other = open_page()
    sign_in(other, live_server, "claire")
    other.get_by_role("link", name="Personnes").first.click()
    other.get_by_label("Nom, autre nom, code, téléphone ou date de naissance").fill(
        "yohanes gebremariam")
    other.get_by_role("button", name="Rechercher").click()
    expect(other.get_by_text(code)).to_be_visible()
    other.screenshot(path=str(artifacts / "search-fr-desktop.png"), full_page=True)
