"""The words of the certificates: gettext msgids said in a certificate's own language, and
the sentences that agree with the sex of the person or the signer's form of address.

A certificate is written in its own language, whatever the reader's interface language:
`Wording.get(language)`, read under `force_locale(language)`. French agrees « né / née »,
« l'intéressé / l'intéressée », « Je soussigné / Je soussignée »: the recorded sex of the
person and the form of address the signer chose are known, and a judge reads « né(e) » as
a form left unfilled. A sentence that agrees is an `Agreed`: the same English msgid three
times, plain (the inclusive « (e) » form, when the sex is unknown or other or the signer
stated none) and under the gettext contexts "feminine" and "masculine" (pgettext). Whole
sentences rather than agreed words put into one: each language agrees in its own way, and
a translator sees what the reader will. English has nothing to agree: its three forms are
the msgid itself.
"""

from __future__ import annotations

import enum
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations
from flask import has_app_context
from flask_babel import force_locale, get_translations, gettext
from flask_babel import pgettext as _pgettext
from flask_babel.speaklater import LazyString

# Where the catalogues are when no app runs (the renderer alone, in its tests and benches).
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

@cache
def _packaged(language: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS), [language])


def catalogue(language: str) -> NullTranslations:
    """The gettext catalogue a certificate in `language` is written from.

    In the app, Flask-Babel's under `force_locale(language)`, so that the app's
    BABEL_TRANSLATION_DIRECTORIES apply; without an app, caseflow/translations/.
    English is the msgids themselves (no catalogue: NullTranslations)."""
    if has_app_context():
        with force_locale(language):
            return get_translations()
    return _packaged(language)


class Gender(enum.StrEnum):
    """The grammatical gender a sentence agrees with: the person's, from the recorded sex;
    the signer's, from the form of address on their account."""

    FEMININE = "feminine"
    MASCULINE = "masculine"
    INCLUSIVE = "inclusive"  # « né(e) »: sex unknown or other, or no form of address stated


def gender_of_sex(sex: str | None) -> Gender:
    """The person's agreement from the recorded sex (caseflow.vocabulary.Sex values)."""
    return {"female": Gender.FEMININE, "male": Gender.MASCULINE}.get(sex or "",
                                                                     Gender.INCLUSIVE)


class Wording(LazyString):
    """A fixed text of the certificates: an English msgid, in a gettext context or not.

    `get(language)` says it in a certificate's language (the PDF); `str()` in the
    reader's interface language (the pages), like any lazy gettext string. A context
    missing from a catalogue falls back to the msgid without context: a language that
    does not agree a sentence says it once, inclusively."""

    def __init__(self, msgid: str, context: str | None = None) -> None:
        if context is None:
            super().__init__(gettext, msgid)
        else:
            super().__init__(_pgettext, context, msgid)
        self.msgid = msgid
        self.context = context

    def get(self, language: str) -> str:
        translations = catalogue(language)
        if self.context is not None:
            text = translations.pgettext(self.context, self.msgid)
            if text != self.msgid:
                return text
        return translations.gettext(self.msgid)

    def agree(self, language: str, gender: Gender) -> str:
        """The text agreed with `gender`; a plain Wording has nothing to agree."""
        return self.get(language)


def pgettext(context: str, msgid: str) -> Wording:
    """`msgid` in a gettext context, as a Wording. Named after pybabel's default keyword so
    that `make extract-messages` extracts it with its context (msgctxt)."""
    return Wording(msgid, context)


class Agreed(Wording):
    """A sentence that agrees with a gender: its inclusive form (the plain msgid), and its
    feminine and masculine forms (the same msgid under those contexts).

    Declared as `Agreed(_l(msgid), pgettext("feminine", msgid), pgettext("masculine",
    msgid))` so that pybabel extracts all three; `str()` and `get()` say the inclusive
    form (the pages, where it names no one in particular), `agree()` the one that fits."""

    def __init__(self, inclusive: Wording, feminine: Wording, masculine: Wording) -> None:
        super().__init__(inclusive.msgid)
        forms = {Gender.FEMININE: feminine, Gender.MASCULINE: masculine}
        for gender, form in forms.items():
            if form.msgid != inclusive.msgid or form.context != gender.value:
                raise ValueError(f"the {gender} form of {inclusive.msgid!r} is not the same "
                                 f"msgid under the context {gender.value!r}")
        self.forms = forms

    def agree(self, language: str, gender: Gender) -> str:
        form = self.forms.get(gender)
        return form.get(language) if form is not None else self.get(language)

