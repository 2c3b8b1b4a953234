"""Languages: French by default, English on request, a visible switch, a complete French catalogue.

What a user sees is checked on the pages themselves (the `lang` attribute and
the words on the screen); the catalogue is checked against the code with
Babel's own extractor, driven by the project's babel.cfg.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from caseflow.extensions import db
from caseflow.models.user import User
from tests.support.web import PERSONA_PASSWORD, csrf_token_from

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "caseflow" / "translations"
FRENCH_PO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"
FRENCH_MO = FRENCH_PO.with_suffix(".mo")
# The keywords of `make extract-messages`: Babel's defaults plus the lazy forms.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


@pytest.fixture(scope="module", autouse=True)
def french_catalogue_compiled():
    """Pages can only be French if the catalogue was compiled after its last edit."""
    if not FRENCH_MO.exists() or FRENCH_MO.stat().st_mtime < FRENCH_PO.stat().st_mtime:
        pytest.fail(
            f"{FRENCH_MO.relative_to(ROOT)} is missing or older than the .po: "
            "run 'make translations' (make test does it)."
        )


def french_catalogue():
    with FRENCH_PO.open("rb") as handle:
        return read_po(handle, locale="fr")


def strings(message) -> tuple[str, ...]:
    """A message's translations: one, or one per plural form."""
    return message.string if isinstance(message.string, tuple) else (message.string or "",)


def extracted_msgids() -> set[str]:
    """Every msgid in the code, as `make extract-messages` would find it, run in-process."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def visible_text(html: str) -> str:
    """The words of a page, without tags, with whitespace (and no-break spaces) collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]*)"', html)
    assert match, "the page has no <html lang>"
    return match.group(1)


def switch_language(client, language: str, page: str = "/login", next_path: str | None = None):
    """Press the language button the page shows (a POST to /language with its CSRF token)."""
    html = client.get(page, follow_redirects=True).text
    assert f'name="language" value="{language}"' in html, f"no {language} button on {page}"
    return client.post(
        "/language",
        data={
            "language": language,
            "next": next_path or page,
            "csrf_token": csrf_token_from(html),
        },
    )


def saved_language(app, login: str) -> str | None:
    with app.app_context():
        return db.session.scalar(db.select(User.language).where(User.login == login))


# -- which language a page is in ----------------------------------------------------------


def test_it_speaks_french_when_the_browser_states_no_language(client):
    response = client.get("/login")

    assert response.status_code == 200
    assert html_lang(response.text) == "fr"
    text = visible_text(response.text)
    assert "Se connecter" in text
    assert "Identifiant" in text
    assert "Mot de passe" in text
    assert "Sign in" not in text
    # The way back to English is offered, in English.
    assert 'lang="en">English</button>' in response.text


def test_it_speaks_english_to_a_browser_that_asks_for_english(client):
    response = client.get("/login", headers={"Accept-Language": "en"})

    assert html_lang(response.text) == "en"
    text = visible_text(response.text)
    assert "Sign in" in text
    assert "Login" in text
    assert "Se connecter" not in text
    assert 'lang="fr">Français</button>' in response.text


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"),
        ("en-GB,en;q=0.9,fr;q=0.5", "en"),
        ("ar-LY,ar;q=0.9", "ar"),  # Libya's Arabic is served by the Arabic catalogue
        ("ar-SD", "ar"),
        ("de-DE,de;q=0.9,en;q=0.5", "en"),
        ("fa-IR,fa;q=0.9", "fr"),  # a language caseflow does not offer: French
    ],
)
def test_it_follows_the_browser_s_preferred_offered_language(client, accept_language, expected):
    response = client.get("/login", headers={"Accept-Language": accept_language})

    assert html_lang(response.text) == expected


def test_it_shows_form_errors_and_error_pages_in_french(client):
    page = client.get("/login")
    response = client.post(
        "/login", data={"login": "", "password": "", "csrf_token": csrf_token_from(page.text)}
    )
    assert "Ce champ est requis." in visible_text(response.text)

    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert html_lang(missing.text) == "fr"
    assert "Page introuvable" in visible_text(missing.text)


def test_it_gives_the_generic_sign_in_error_in_french(sign_in):
    response = sign_in("amina", "not her password")

    assert response.status_code == 401
    assert "Identifiant inconnu ou mot de passe incorrect." in visible_text(response.text)


# -- the visible switch -------------------------------------------------------------------


def test_it_switches_an_anonymous_visitor_to_english_for_the_session(client):
    response = switch_language(client, "en", page="/login")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    english = client.get("/login")
    assert html_lang(english.text) == "en"
    assert "Sign in" in visible_text(english.text)
    # The choice made on the page beats what the browser states.
    assert html_lang(client.get("/login", headers={"Accept-Language": "fr"}).text) == "en"

    switch_language(client, "fr", page="/login")
    assert html_lang(client.get("/login", headers={"Accept-Language": "en"}).text) == "fr"


def test_it_keeps_the_language_chosen_before_signing_in(client, sign_in):
    switch_language(client, "en", page="/login")

    home = sign_in("hugo", follow_redirects=True)

    assert html_lang(home.text) == "en"
    assert "My day" in visible_text(home.text)  # the worklist, in English


def test_it_saves_the_choice_of_a_signed_in_user_for_their_next_sessions(app, client, sign_in):
    home = sign_in("amina", follow_redirects=True)
    assert "Ma journée" in visible_text(home.text)
    assert saved_language(app, "amina") is None

    response = switch_language(client, "en", page="/", next_path="/")
    assert response.status_code == 302
    assert saved_language(app, "amina") == "en"
    assert "My day" in visible_text(client.get("/").text)

    # Another browser, stating French: the sign-in page is French, her pages English.
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr-FR,fr;q=0.9"
    login_page = other.get("/login")
    assert html_lang(login_page.text) == "fr"
    home = other.post(
        "/login",
        data={
            "login": "amina",
            "password": PERSONA_PASSWORD,
            "csrf_token": csrf_token_from(login_page.text),
        },
        follow_redirects=True,
    )
    assert html_lang(home.text) == "en"
    assert "My day" in visible_text(home.text)
    assert "Doctor" in visible_text(home.text)


def test_it_shows_role_labels_in_the_reader_s_language(client, as_user):
    as_user("claire")

    text = visible_text(client.get("/").text)
    assert "Coordinateur·rice médical·e" in text
    assert "Médical" in text

    switch_language(client, "en", page="/", next_path="/")
    text = visible_text(client.get("/").text)
    assert "Medical coordinator" in text


def test_it_refuses_a_language_switch_without_the_form_s_token(app, client, as_user):
    as_user("sara")

    response = client.post("/language", data={"language": "en", "next": "/"})

    assert response.status_code == 400
    assert html_lang(response.text) == "fr"
    assert saved_language(app, "sara") is None


def test_it_ignores_a_language_it_does_not_offer(app, client, as_user):
    as_user("sara")
    html = client.get("/").text

    response = client.post(
        "/language", data={"language": "xx", "next": "/", "csrf_token": csrf_token_from(html)}
    )

    assert response.status_code == 302
    assert html_lang(client.get("/").text) == "fr"
    assert saved_language(app, "sara") is None


def test_it_returns_to_a_local_page_only_after_a_switch(client):
    html = client.get("/login").text

    response = client.post(
        "/language",
        data={
            "language": "en",
            "next": "https://evil.example/phish",
            "csrf_token": csrf_token_from(html),
        },
    )

    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


# -- the French catalogue -----------------------------------------------------------------


def test_it_has_a_french_translation_for_every_message():
    catalogue = french_catalogue()
    messages = [m for m in catalogue if m.id]

    assert messages, "the French catalogue is empty"
    untranslated = [m.id for m in messages if not all(s.strip() for s in strings(m))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [], f"messages with no French: {untranslated}"
    assert fuzzy == [], f"fuzzy (unchecked) translations: {fuzzy}"
    assert not catalogue.fuzzy, "the catalogue header is marked fuzzy"


def test_it_keeps_every_placeholder_in_the_french_translations():
    problems = [
        f"{message.id!r}: {'; '.join(str(e) for e in errors)}"
        for message, errors in french_catalogue().check()
    ]

    assert problems == []


def test_it_has_no_message_in_the_code_missing_from_the_french_catalogue():
    in_code = extracted_msgids()
    # A plural message is (singular, plural) in the catalogue; the code side keeps the singular.
    in_catalogue = {m.id[0] if isinstance(m.id, tuple) else m.id
                    for m in french_catalogue() if m.id}

    # babel.cfg's patterns must reach the code: an extraction that finds nothing would
    # make `pybabel update` mark the whole catalogue obsolete.
    assert len(in_code) > 50
    assert {"Sign in", "Medical coordinator", "Welcome, %(name)s"} <= in_code
    missing = sorted(in_code - in_catalogue)
    assert missing == [], f"run 'make extract-messages' and translate: {missing}"
