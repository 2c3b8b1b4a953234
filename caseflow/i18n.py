"""Language and time zone: the user's choice, then the browser's, then French."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def select_timezone() -> str | None:
    """Times are shown in the zone of the user's first site (programmes span Paris and Tripoli)."""
    if current_user and current_user.is_authenticated and current_user.sites:
        return current_user.sites[0].timezone
    return None


def init_app(app: Flask) -> None:
    @app.context_processor
    def language_context():
        current = str(get_locale())
        return {
            "current_language": current,
            "other_languages": [
                (code, name) for code, name in LANGUAGE_NAMES.items() if code != current
            ],
        }
