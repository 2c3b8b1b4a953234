"""One registry of interface languages (caseflow/languages.py), from CLDR.

French and English are registered, left to right, with their own plural rules, and
Arabic right to left: adding it was one line, `language("ar")`, and a catalogue; the
pages turn right to left and offer it in the switch; the morbidity form asks for an
Arabic label. The coordinators' morbidity labels are rows
(code, language, label) and a missing one falls back to French, marked "[fr]".
"""

from __future__ import annotations

import re

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from caseflow import languages, morbidity
from caseflow.extensions import db
from caseflow.models.morbidity_label import MorbidityLabel
from tests.support.app import make_app
from tests.support.web import csrf_token_from

BEFORE = "ed91def4c768"
MORBIDITY_LABELS = "1a5b24690f97"


def _html_attribute(html: str, name: str) -> str | None:
    match = re.search(r"<html[^>]*>", html)
    assert match, "the page has no <html>"
    found = re.search(rf'\s{name}="([^"]*)"', match.group(0))
    return found.group(1) if found else None


def html_lang(html: str) -> str | None:
    return _html_attribute(html, "lang")


def html_dir(html: str) -> str | None:
    return _html_attribute(html, "dir")


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# -- the registry ---------------------------------------------------------------------------


def test_it_registers_french_first_then_english_then_arabic():
    assert languages.codes() == ("fr", "en", "ar")
    assert languages.DEFAULT == "fr"
    assert languages.choices() == [("fr", "Français"), ("en", "English"), ("ar", "العربية")]
    assert languages.is_supported("ar")
    assert languages.get("ar").direction == "rtl"
    assert not languages.is_supported("fa")
    assert not languages.is_supported(None)


def test_it_writes_french_and_english_left_to_right_with_their_plural_rules():
    french, english = languages.get("fr"), languages.get("en")

    assert (french.direction, english.direction) == ("ltr", "ltr")
    # French: zero is singular ("0 jour"); English: zero is plural ("0 days").
    assert [french.plural_forms(n) for n in (0, 1, 2)] == ["one", "one", "other"]
    assert [english.plural_forms(n) for n in (0, 1, 2)] == ["other", "one", "other"]


def test_it_takes_direction_plural_rules_and_name_of_a_new_language_from_cldr():
    arabic = languages.language("ar")

    assert arabic.direction == "rtl"
    assert arabic.name == "العربية"
    assert arabic.plural_forms(2) == "two"
    assert languages.language("fa").direction == "rtl"


def test_it_refuses_a_language_it_does_not_offer_by_name():
    with pytest.raises(ValueError, match="'xx' is not an interface language"):
        languages.get("xx")


# -- a third language -----------------------------------------------------------------------


def test_it_keeps_french_and_english_pages_left_to_right(client):
    for accept in ("fr", "en"):
        page = client.get("/login", headers={"Accept-Language": accept})
        assert html_lang(page.text) == accept
        assert html_dir(page.text) is None  # HTML's default: left to right


def test_it_turns_the_sign_in_page_right_to_left_for_a_right_to_left_language(client):
    page = client.get("/login", headers={"Accept-Language": "ar-LY,ar;q=0.9"})

    assert page.status_code == 200
    assert html_lang(page.text) == "ar"
    assert html_dir(page.text) == "rtl"
    # The way back is offered, each language in its own words.
    assert 'lang="fr">Français</button>' in page.text
    assert 'lang="en">English</button>' in page.text


def test_it_offers_the_new_language_in_the_switch(client):
    page = client.get("/login")

    assert html_lang(page.text) == "fr"
    assert html_dir(page.text) is None
    assert 'name="language" value="ar"' in page.text
    assert 'lang="ar">العربية</button>' in page.text


# -- the morbidity list ---------------------------------------------------------------------


def _add(app, code: str, **labels: str) -> None:
    with app.test_request_context():
        morbidity.add(code, labels, created_by_id=None)
        db.session.commit()


def _label(app, code: str, accept_language: str) -> str:
    with app.test_request_context(headers={"Accept-Language": accept_language}):
        return morbidity.label(code)


def test_it_keeps_one_label_row_per_language(app):
    _add(app, "malaria", fr="Paludisme", en="Malaria")

    assert _label(app, "malaria", "fr") == "Paludisme"
    assert _label(app, "malaria", "en") == "Malaria"
    with app.app_context():
        rows = db.session.scalars(db.select(MorbidityLabel).order_by(MorbidityLabel.language))
        assert [(r.code, r.language, r.label) for r in rows] == [
            ("malaria", "en", "Malaria"), ("malaria", "fr", "Paludisme")]


def test_it_shows_the_french_label_marked_when_a_language_has_none(app):
    _add(app, "gale_croutee", fr="Gale croûteuse")

    assert _label(app, "gale_croutee", "fr") == "Gale croûteuse"
    assert _label(app, "gale_croutee", "en") == "Gale croûteuse [fr]"
    # Still before "Other", which closes the list.
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert morbidity.choices()[-2:] == [("gale_croutee", "Gale croûteuse [fr]"),
                                            ("other", "Other")]


def test_it_shows_another_language_marked_when_even_french_is_missing(app):
    _add(app, "heatstroke", en="Heatstroke")

    assert _label(app, "heatstroke", "fr") == "Heatstroke [en]"


def test_it_refuses_a_label_in_a_language_it_does_not_offer(app):
    with app.test_request_context(), pytest.raises(ValueError):
        morbidity.add("malaria", {"xx": "?"}, created_by_id=None)


def test_it_asks_the_coordinator_for_one_label_per_language(client, as_user):
    as_user("claire")

    page = client.get("/morbidity")

    assert page.status_code == 200
    assert "Libellé en français" in visible_text(page.text)
    assert "Libellé en anglais" in visible_text(page.text)
    assert 'name="label_fr"' in page.text and 'name="label_en"' in page.text


def test_it_asks_for_an_arabic_label_once_arabic_is_registered(app, client, as_user):
    _add(app, "scabies_crusted", fr="Gale croûteuse", en="Crusted scabies")
    as_user("claire")
    page = client.get("/morbidity")
    assert "Libellé en arabe" in visible_text(page.text)
    arabic_input = re.search(r'<input[^>]*name="label_ar"[^>]*>', page.text).group(0)
    assert 'dir="rtl"' in arabic_input and 'lang="ar"' in arabic_input

    added = client.post("/morbidity", data={
        "code": "malaria", "label_fr": "Paludisme", "label_en": "Malaria",
        "label_ar": "ملاريا", "csrf_token": csrf_token_from(page.text)})
    assert added.status_code == 302

    arabic_page = client.get("/morbidity", headers={"Accept-Language": "ar"}).text
    assert "ملاريا" in arabic_page
    # Added before Arabic existed: French, marked.
    assert "Gale croûteuse [fr]" in arabic_page


# -- the migration --------------------------------------------------------------------------


def test_it_moves_the_label_columns_to_rows_and_back(backend, tmp_path, database_url, keys_dir):
    url = (f"sqlite:///{tmp_path / 'migrated.sqlite'}" if backend == "sqlite" else database_url)
    app = make_app(url, keys_dir)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO morbidity_code (code, label_fr, label_en, active, created_at) "
                "VALUES ('malaria', 'Paludisme', 'Malaria', :yes, CURRENT_TIMESTAMP), "
                "('heatstroke', 'Coup de chaleur', 'Heatstroke', :yes, CURRENT_TIMESTAMP)"),
                {"yes": True})

        upgrade(revision=MORBIDITY_LABELS)
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT code, language, label FROM morbidity_labels "
                                     "ORDER BY code, language")).all()
        assert [tuple(r) for r in rows] == [
            ("heatstroke", "en", "Heatstroke"), ("heatstroke", "fr", "Coup de chaleur"),
            ("malaria", "en", "Malaria"), ("malaria", "fr", "Paludisme")]
        columns = {c["name"] for c in inspect(db.engine).get_columns("morbidity_code")}
        assert "label_fr" not in columns and "label_en" not in columns

        with db.engine.begin() as conn:  # a label lost since: the downgrade fills the gap
            conn.execute(text("DELETE FROM morbidity_labels WHERE code = 'heatstroke' "
                              "AND language = 'en'"))
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            restored = conn.execute(text("SELECT code, label_fr, label_en FROM morbidity_code "
                                         "ORDER BY code")).all()
        assert [tuple(r) for r in restored] == [
            ("heatstroke", "Coup de chaleur", "Coup de chaleur"),
            ("malaria", "Paludisme", "Malaria")]
        assert "morbidity_labels" not in inspect(db.engine).get_table_names()

        downgrade(revision="base")
        db.create_all()  # leave the shared test database as the other tests expect it
        db.engine.dispose()
