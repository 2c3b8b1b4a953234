"""Normalisation of identity values before blind indexing.

Names: Unicode NFKC, transliteration of any script to Latin (anyascii), case
folding, accents removed (part of transliteration), split into parts so that
"Diallo Amina" and "Amina DIALLO" give the same parts in any order. Arabic
script is the exception for the blind index (``index_parts``): its words stay
in Arabic letters, because one transliteration cannot meet the many Latin
spellings of an Arabic name; ``arabic_names.readings`` gives those. Phones:
E.164 with ``phonenumbers``. Dates: ISO 8601.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import phonenumbers
from anyascii import anyascii

from caseflow.crypto import arabic_names

_APOSTROPHES = re.compile(r"['’ʼ`´ʻ‘]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def name_parts(text: str) -> list[str]:
    """Lower-case ASCII parts of a name, in order: "N'Diaye-Bâ" -> ["ndiaye", "ba"]."""
    latin = anyascii(unicodedata.normalize("NFKC", text)).casefold()
    latin = _APOSTROPHES.sub("", latin)
    return [part for part in _SEPARATORS.split(latin) if part]


def index_parts(text: str) -> list[str]:
    """Name parts for the blind index: Latin parts as ``name_parts`` gives them (so
    Latin names keep their keys), Arabic words as cleaned Arabic words
    (``arabic_names.clean_word``): "Fatima الطرابلسي" -> ["fatima", "الطرابلسي"].
    Arabic presentation forms (pasted from a PDF) count as Arabic and are folded into
    letters by NFKC first; text with no Arabic letter goes to ``name_parts`` as it is."""
    if not arabic_names.has_arabic(text):
        return name_parts(text)
    out: list[str] = []
    for piece in arabic_names.split_scripts(unicodedata.normalize("NFKC", text)):
        out += arabic_names.arabic_words(piece) if arabic_names.has_arabic(piece) \
            else name_parts(piece)
    return out


def phone_e164(raw: str, default_region: str = "FR") -> str | None:
    """E.164 form of a phone number; numbers without prefix are read in ``default_region``.

    Returns None when the text is not a possible phone number at all.
    """
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", raw)
        return f"+{digits}" if len(digits) >= 6 else None
    if not phonenumbers.is_possible_number(number):
        digits = re.sub(r"\D", "", raw)
        return f"+{digits}" if len(digits) >= 6 else None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_DATE_FORMS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})$"),
)


def parse_date(text: str) -> date | None:
    """A date typed as 2007-03-01, 01/03/2007 or 01.03.2007 (day first, as in France)."""
    for form in _DATE_FORMS:
        match = form.match(text.strip())
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None
