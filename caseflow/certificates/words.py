"""Whole numbers written in words, in French and English, for the ITT of violence certificates.

The ITT (incapacité totale de travail) decides which court hears a case, so
certificates give it in words as well as in figures: a figure alone is easy to
alter on a copy. French follows the traditional spelling that courts and
medical councils use: "vingt et un", "soixante et onze", "quatre-vingts",
"quatre-vingt-un", "deux cents", "deux cent un" (hyphens below a hundred, none
around "et" or "cent"). English uses the British "one hundred and five".
"""

from __future__ import annotations

MAX = 999

_FR_UNITS = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize",
)
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

_EN_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)
_EN_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy",
            8: "eighty", 9: "ninety"}


def _fr_below_100(n: int) -> str:
    if n <= 16:
        return _FR_UNITS[n]
    if n < 20:
        return "dix-" + _FR_UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens == 7:  # soixante-dix, soixante et onze, soixante-douze
        return "soixante et onze" if n == 71 else "soixante-" + _fr_below_100(n - 60)
    if tens == 8:  # below 1000 a round 80 always ends the number, so it takes its "s"
        return "quatre-vingts" if unit == 0 else "quatre-vingt-" + _FR_UNITS[unit]
    if tens == 9:  # quatre-vingt-dix, quatre-vingt-onze: never "et"
        return "quatre-vingt-" + _fr_below_100(n - 80)
    word = _FR_TENS[tens]
    if unit == 0:
        return word
    return f"{word} et un" if unit == 1 else f"{word}-{_FR_UNITS[unit]}"


def _french(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _fr_below_100(rest)
    head = "cent" if hundreds == 1 else f"{_FR_UNITS[hundreds]} cent"
    if rest == 0:
        return head if hundreds == 1 else head + "s"
    return f"{head} {_fr_below_100(rest)}"


def _en_below_100(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    tens, unit = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else "")


def _english(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _en_below_100(rest)
    head = f"{_EN_UNITS[hundreds]} hundred"
    return head if rest == 0 else f"{head} and {_en_below_100(rest)}"


# The languages whose numbers caseflow writes in words: a new one is a function here.
SPELLERS = {"fr": _french, "en": _english}


def has_words(language: str) -> bool:
    return language in SPELLERS


def numbers_in_words(n: int, language: str) -> str:
    """`n` (0-999) in words: numbers_in_words(21, "fr") == "vingt et un".

    Raises ValueError outside 0-999 or for a language without a speller here:
    a certificate must never print a guessed wording (phrases.itt_sentence gives
    the figures alone in such a language).
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX:
        raise ValueError(f"numbers_in_words takes a whole number from 0 to {MAX}, not {n!r}")
    speller = SPELLERS.get(language)
    if speller is None:
        raise ValueError(f"numbers_in_words: no wording for language {language!r}")
    return speller(n)
