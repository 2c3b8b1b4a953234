"""A psychologist records a session with an interpreter on a tablet; then the social worker
sees the shared part of the record and nothing of the psychologist's own notes."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_intake import sign_in

pytestmark = pytest.mark.browser
TABLET = {"width": 768, "height": 1024}


def test_it_records_a_session_and_shows_the_social_worker_only_what_she_may(
        open_page, live_server, artifacts, register):
    person = register("amina", "PAN", "Tesfaye", "Selam", born=2009, nationality="ER")

    page = open_page(viewport=TABLET)
    sign_in(page, live_server, "yasmine")
    page.goto(f"{live_server}/people/{person}")
    page.get_by_role("link", name="Nouvelle note").click()
    page.get_by_label("Séance").select_option("individual")
    page.get_by_label("Catégorie principale").select_option("psychotrauma")
    page.get_by_label("Étape de la prise en charge").select_option("intake")
    page.get_by_label("CGI-S sévérité (premier accueil et sortie)").select_option("5")
    page.get_by_label("Risque suicidaire", exact=True).select_option("none")
    page.get_by_label("Interprète", exact=True).select_option("professional_phone")
    page.get_by_label("Langue interprétée").select_option("ti")
    page.get_by_label("Qui peut lire cette note").select_option("discipline")
    page.get_by_label("Note", exact=True).fill("Reviviscences nocturnes; se sent en sécurité "
                                               "au centre.")
    page.screenshot(path=str(artifacts / "session-fr-tablet.png"), full_page=True)
    page.get_by_role("button", name="Enregistrer").click()
    entry = page.locator('[data-note-discipline="mental_health"]').first
    expect(entry).to_contain_text("Reviviscences nocturnes")
    expect(entry).to_contain_text("Interprétariat professionnel par téléphone")
    assert entry.get_attribute("data-note-confidentiality") == "discipline"

    # A shared session summary, for the team.
    page.get_by_role("link", name="Nouvelle note").click()
    page.get_by_label("Qui peut lire cette note").select_option("team")
    page.get_by_label("Note", exact=True).fill("Suivi psychologique en place, RDV hebdomadaire.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Suivi psychologique en place")).to_be_visible()

    other = open_page(viewport=TABLET)
    sign_in(other, live_server, "sara")
    other.goto(f"{live_server}/people/{person}")
    expect(other.get_by_text("Suivi psychologique en place")).to_be_visible()
    expect(other.get_by_text("Reviviscences nocturnes")).to_have_count(0)
    assert other.locator('[data-note-confidentiality="discipline"]').count() == 0
    other.screenshot(path=str(artifacts / "record-social-worker-tablet.png"), full_page=True)
