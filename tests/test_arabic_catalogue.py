"""Arabic: a complete catalogue, CLDR's six plural forms, CLDR's dates and digits.

The catalogue is held to the French one's standard (every message translated, no
fuzzy entry, every placeholder kept, nothing in the code missing from it). Its
Plural-Forms header is CLDR's rule, tested on the compiled catalogue as a page would
use it: Babel has generated two of the six forms swapped in some versions (python-babel
issue 816), so the expression is checked against CLDR for n = 0, 1, 2, 3, 11, 100, 101.
"""

from __future__ import annotations

from datetime import date

import pytest
from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.support import Translations
from flask_babel import format_date as flask_format_date
from flask_babel import format_decimal, ngettext

from caseflow import languages
from tests.test_i18n import TRANSLATIONS, extracted_msgids, strings

ARABIC_PO = TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po"
ARABIC_MO = ARABIC_PO.with_suffix(".mo")
# CLDR's category of each n, and the catalogue index of each category (gettext's order).
CLDR_FORMS = {0: "zero", 1: "one", 2: "two", 3: "few", 11: "many", 100: "other", 101: "other"}
INDEX = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 4, "other": 5}


def arabic_catalogue():
    with ARABIC_PO.open("rb") as handle:
        return read_po(handle, locale="ar")


def test_it_has_an_arabic_translation_for_every_message():
    catalogue = arabic_catalogue()
    messages = [m for m in catalogue if m.id]

    assert len(messages) > 1000
    untranslated = [m.id for m in messages if not all(s.strip() for s in strings(m))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [], f"messages with no Arabic: {untranslated[:20]}"
    assert fuzzy == []
    assert not catalogue.fuzzy


def test_it_keeps_every_placeholder_in_the_arabic_translations():
    problems = [f"{message.id!r}: {'; '.join(str(e) for e in errors)}"
                for message, errors in arabic_catalogue().check()]

    assert problems == []


def test_it_has_no_message_in_the_code_missing_from_the_arabic_catalogue():
    in_catalogue = {m.id[0] if isinstance(m.id, tuple) else m.id
                    for m in arabic_catalogue() if m.id}

    assert sorted(extracted_msgids() - in_catalogue) == []


def test_it_writes_six_plural_forms_for_every_plural_message():
    plurals = [m for m in arabic_catalogue() if m.id and isinstance(m.id, tuple)]

    assert plurals
    assert all(len(m.string) == 6 for m in plurals)


@pytest.mark.parametrize("n", sorted(CLDR_FORMS))
def test_it_picks_cldr_s_plural_form_in_the_compiled_catalogue(n):
    if not ARABIC_MO.exists() or ARABIC_MO.stat().st_mtime < ARABIC_PO.stat().st_mtime:
        pytest.fail("the Arabic catalogue is not compiled: run 'make translations'")
    compiled = Translations.load(str(TRANSLATIONS), ["ar"])
    # The forms' own words are the translators'; which one gettext picks is the header's.
    forms = [f"form{i}" for i in range(6)]

    assert languages.get("ar").plural_forms(n) == CLDR_FORMS[n]
    assert compiled.plural(n) == INDEX[CLDR_FORMS[n]]
    assert arabic_catalogue().num_plurals == 6
    assert forms[compiled.plural(n)] == f"form{INDEX[CLDR_FORMS[n]]}"


def test_it_says_the_number_of_people_in_the_form_cldr_gives_each_count(app):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        said = {n: ngettext("%(num)d person", "%(num)d people", n) for n in CLDR_FORMS}
    catalogue = arabic_catalogue()
    forms = catalogue.get(("%(num)d person", "%(num)d people")).string

    for n, text in said.items():
        assert text == forms[INDEX[CLDR_FORMS[n]]] % {"num": n}
    assert len({said[0], said[1], said[2], said[3], said[11], said[100]}) == 6


def test_it_writes_western_digits_and_gregorian_months_as_cldr_does_for_arabic_and_libya(app):
    # CLDR's default numbering system is Latin digits for Arabic and for Libya (not
    # Arabic-Indic, which is Sudan's and the Gulf's default): caseflow writes 0-9, and
    # codes, phone numbers and serials are Western digits in every language anyway.
    assert Locale.parse("ar").default_numbering_system == "latn"
    assert Locale.parse("ar_LY").default_numbering_system == "latn"
    assert format_date(date(2026, 12, 6), "long", locale="ar_LY") == "6 ديسمبر 2026"
    with app.test_request_context(headers={"Accept-Language": "ar-LY,ar;q=0.9"}):
        assert flask_format_date(date(2026, 12, 6), "long") == "6 ديسمبر 2026"
        assert flask_format_date(date(2026, 4, 1), "long") == "1 أبريل 2026"
        assert format_decimal(37.5) == "37.5"
