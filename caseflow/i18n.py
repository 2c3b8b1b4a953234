"""Language and time zone: the user's choice, then the browser's, then French.

The languages offered are caseflow/languages.py's registry; this module picks one of
them per request and hands the templates what the page needs (its `lang`, its
direction, the other languages for the switch).
"""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

from caseflow import languages


def select_locale() -> str:
    offered = languages.codes()
    if not has_request_context():  # command line, services called from tests
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user = current_user
    if user and user.is_authenticated and user.language in offered:
        return user.language
    if session.get("lang") in offered:
        return session["lang"]
    return request.accept_languages.best_match(offered) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def select_timezone() -> str | None:
    """Times are shown in the zone of the user's first site (programmes span Paris and Tripoli)."""
    if not has_request_context():
        return None
    user = current_user
    if user and user.is_authenticated and user.sites:
        return user.sites[0].timezone
    return None


def current_direction() -> str:
    """The reader's direction, "ltr" or "rtl": the pages' `dir`, the charts' mirroring.
    A locale outside the registry (a BABEL_DEFAULT_LOCALE set by hand) reads left to right."""
    current = str(get_locale())
    return languages.get(current).direction if languages.is_supported(current) else "ltr"


def init_app(app: Flask) -> None:
    register_filters(app)

    @app.context_processor
    def language_context():
        current = str(get_locale())
        return {
            "current_language": current,
            "current_direction": current_direction(),
            "other_languages": [
                (code, name) for code, name in languages.choices() if code != current
            ],
        }


# Country and language names come from CLDR through Babel, never from a hand-typed list.
_NOT_COUNTRIES = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}


def _collation_key(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _babel_locale():
    from babel import Locale

    return Locale.parse(str(get_locale()))


# Shown first in the pickers: where people in these programmes come from and what they speak.
# Everything else of CLDR follows, so nothing is ever missing.
FREQUENT_COUNTRIES = ("AF", "BD", "CD", "CI", "CM", "DZ", "EG", "ER", "ET", "GN", "LY", "MA",
                      "ML", "NE", "NG", "PK", "SD", "SN", "SO", "SS", "SY", "TD", "TN")
FREQUENT_LANGUAGES = ("am", "ar", "bm", "bn", "en", "fa", "ff", "fr", "ha", "ps", "so", "ti",
                      "ur", "wo")


def with_frequent_first(choices: list[tuple[str, str]], frequent: tuple[str, ...]):
    """Optgroups for a select: the frequent choices, then all the others."""
    from flask_babel import gettext

    first = [c for c in choices if c[0] in frequent]
    rest = [c for c in choices if c[0] not in frequent]
    return {gettext("Frequent choices"): first, gettext("Other choices"): rest}


def country_choices() -> list[tuple[str, str]]:
    territories = _babel_locale().territories
    codes = [c for c in territories if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES]
    return sorted(((c, territories[c]) for c in codes), key=lambda item: _collation_key(item[1]))


def language_choices() -> list[tuple[str, str]]:
    names = _babel_locale().languages
    codes = [c for c in names if c.isalpha() and c.islower() and len(c) in (2, 3)]
    return sorted(((c, names[c]) for c in codes), key=lambda item: _collation_key(item[1]))


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return _babel_locale().territories.get(code.upper(), code)


def language_name(code: str | None) -> str:
    if not code:
        return ""
    return _babel_locale().languages.get(code, code)


def list_separator() -> str:
    """What separates the items of a list in the reader's language: ", " in French and
    English, the Arabic comma "، " in Arabic (a Latin comma sits on the wrong side of an
    Arabic word). CLDR's list patterns join with "and" in Arabic ("{0} و{1}"), not a
    comma, so the separator is a message of the catalogues."""
    from flask_babel import pgettext

    return pgettext("list separator", ", ")


def join_list(items) -> str:
    return list_separator().join(str(item) for item in items)


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["join_list"] = join_list
    app.jinja_env.globals["list_separator"] = list_separator
