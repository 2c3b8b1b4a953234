"""The interface languages: one registry, so that a new language is one line plus a catalogue.

Everything caseflow needs to know about a language comes from CLDR through Babel:
its name in itself (the language switch shows each language in its own words, so a
reader who does not understand the current page still finds theirs), the direction
of its script (the pages' `dir`), its plural rules. Nothing here is typed by hand but
the codes: Arabic was added as `language("ar")` in LANGUAGES and an Arabic catalogue
under caseflow/translations/.

This module sits below everything else (it imports Babel and the standard library
only): configuration, the locale selector, the templates, the exports and the
morbidity list all ask it which languages exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.plural import PluralRule


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@dataclass(frozen=True)
class Language:
    code: str
    direction: str  # "ltr" | "rtl"

    @property
    def name(self) -> str:
        """The language's name in itself, capitalised as at the start of a button."""
        name = _locale(self.code).get_display_name(self.code) or self.code
        return name[:1].upper() + name[1:]

    @property
    def plural_forms(self) -> PluralRule:
        """CLDR's plural rule: `plural_forms(n)` is "one", "few", "other"..."""
        return _locale(self.code).plural_form


def language(code: str) -> Language:
    """A registry entry built from CLDR (an unknown code fails here, at import)."""
    order = _locale(code).character_order
    return Language(code=code, direction="rtl" if order == "right-to-left" else "ltr")


# The interface languages, the default first. Each needs a catalogue in
# caseflow/translations/<code>/ (French is the source of truth of the programme in
# France; English is the msgids themselves; Arabic is written for the Libyan and
# Sudanese colleagues, right to left).
LANGUAGES: tuple[Language, ...] = (language("fr"), language("en"), language("ar"))

# The language when neither the account, the session nor the browser chooses one.
DEFAULT = "fr"


def codes() -> tuple[str, ...]:
    return tuple(entry.code for entry in LANGUAGES)


def is_supported(code: str | None) -> bool:
    return any(entry.code == code for entry in LANGUAGES)


def get(code: str | None) -> Language:
    """The registered language `code`; anything else is a programming or input error."""
    for entry in LANGUAGES:
        if entry.code == code:
            return entry
    raise ValueError(f"{code!r} is not an interface language (one of {', '.join(codes())})")


def choices() -> list[tuple[str, str]]:
    """(code, name in itself) for a select field, in registry order."""
    return [(entry.code, entry.name) for entry in LANGUAGES]
