"""Each template named by its purpose on screen (issue 16): the choose list, the form's heading,
the register and the person's panel say « Certificat médical — recours en minorité », while
the PDF keeps the title the law expects (« Certificat médical »)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import update

from caseflow.certificates import TEMPLATES, render_certificate
from caseflow.extensions import db
from caseflow.models.user import User
from tests.certificates.samples import pdf_text, sample
from tests.support.certificates import issue

NAMES = {
    "fr": {"minority_recourse": "Certificat médical — recours en minorité",
           "violence_findings": "Certificat de constatations — violences",
           "istanbul_report": "Rapport médico-légal — Protocole d’Istanbul",
           "follow_up_attestation": "Attestation de suivi — dates seulement, sans information "
                                    "médicale"},
    "en": {"minority_recourse": "Medical certificate — minority recourse",
           "violence_findings": "Certificate of findings — violence",
           "istanbul_report": "Medico-legal report — Istanbul Protocol",
           "follow_up_attestation": "Attestation of follow-up — dates only, no medical "
                                    "information"},
}
PSYCHOLOGIST = {"fr": "Attestation psychologique — suivi en santé mentale",
                "en": "Psychological attestation — mental-health follow-up"}


def _reader(app, as_user, login: str, language: str):
    with app.app_context():
        db.session.execute(update(User).where(User.login == login).values(language=language))
        db.session.commit()
    return as_user(login)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_names_each_template_by_purpose_on_the_choose_page(app, awa, as_user,
                                                              language) -> None:
    page = _page(_reader(app, as_user, "amina", language), f"/people/{awa}/certificates/new")
    for name in NAMES[language].values():
        assert name in page
    psychologist = _page(_reader(app, as_user, "yasmine", language),
                         f"/people/{awa}/certificates/new")
    assert PSYCHOLOGIST[language] in psychologist


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_names_the_template_by_purpose_on_the_form(app, awa, as_user, language) -> None:
    client = _reader(app, as_user, "amina", language)
    page = _page(client, f"/people/{awa}/certificates/new?template=minority_recourse")
    assert f"<h1>{NAMES[language]['minority_recourse']}</h1>" in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_names_issued_certificates_by_purpose_in_the_register_and_panel(app, awa, as_user,
                                                                          language) -> None:
    with app.app_context():
        serial = issue("amina", awa, "minority_recourse").serial
    client = _reader(app, as_user, "amina", language)
    register = _page(client, "/certificates/")
    name = NAMES[language]["minority_recourse"]
    row = register[register.index(serial):]
    assert name in row[:row.index("</tr>")]
    # The register's filter offers the kinds by purpose too.
    for each in NAMES[language].values():
        assert f">{each}</option>" in register
    panel = _page(client, f"/people/{awa}")
    section = panel[panel.index('id="certificates"'):]
    assert name in section[:section.index("</section>")]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_keeps_the_printed_title_the_law_expects(language) -> None:
    printed = {"fr": "Certificat médical", "en": "Medical certificate"}[language]
    assert TEMPLATES["minority_recourse"].title.get(language) == printed
    text = pdf_text(render_certificate(sample("minority_recourse"), language))
    assert printed in text and NAMES[language]["minority_recourse"] not in text
