"""The ITT in words, as a French court reads it (traditional spelling) and in British English."""

from __future__ import annotations

import pytest

from caseflow.certificates import numbers_in_words

FRENCH = {
    0: "zéro", 1: "un", 7: "sept", 10: "dix", 11: "onze", 16: "seize", 17: "dix-sept",
    19: "dix-neuf", 20: "vingt", 21: "vingt et un", 22: "vingt-deux", 30: "trente",
    31: "trente et un", 41: "quarante et un", 45: "quarante-cinq", 51: "cinquante et un",
    60: "soixante", 61: "soixante et un", 69: "soixante-neuf", 70: "soixante-dix",
    71: "soixante et onze", 72: "soixante-douze", 77: "soixante-dix-sept",
    79: "soixante-dix-neuf", 80: "quatre-vingts", 81: "quatre-vingt-un",
    88: "quatre-vingt-huit", 90: "quatre-vingt-dix", 91: "quatre-vingt-onze",
    97: "quatre-vingt-dix-sept", 99: "quatre-vingt-dix-neuf", 100: "cent", 101: "cent un",
    111: "cent onze", 121: "cent vingt et un", 171: "cent soixante et onze",
    180: "cent quatre-vingts", 181: "cent quatre-vingt-un", 200: "deux cents",
    201: "deux cent un", 280: "deux cent quatre-vingts", 300: "trois cents",
    365: "trois cent soixante-cinq",
}

ENGLISH = {
    0: "zero", 1: "one", 12: "twelve", 13: "thirteen", 19: "nineteen", 20: "twenty",
    21: "twenty-one", 45: "forty-five", 80: "eighty", 99: "ninety-nine", 100: "one hundred",
    101: "one hundred and one", 115: "one hundred and fifteen", 200: "two hundred",
    365: "three hundred and sixty-five",
}


@pytest.mark.parametrize(("n", "words"), sorted(FRENCH.items()))
def test_it_writes_french_numbers_by_the_rules(n: int, words: str) -> None:
    assert numbers_in_words(n, "fr") == words


@pytest.mark.parametrize(("n", "words"), sorted(ENGLISH.items()))
def test_it_writes_english_numbers(n: int, words: str) -> None:
    assert numbers_in_words(n, "en") == words


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_gives_every_day_from_0_to_365_its_own_wording(language: str) -> None:
    wordings = [numbers_in_words(n, language) for n in range(366)]
    assert len(set(wordings)) == 366  # no two ITTs read the same
    for words in wordings:
        assert words == words.strip() and "  " not in words and "--" not in words
        assert not any(ch.isdigit() for ch in words)


def test_it_follows_the_french_agreement_rules_across_the_range() -> None:
    for n in range(366):
        words = numbers_in_words(n, "fr")
        tail = n % 100
        # "et" only for 21, 31 ... 61 and 71, never for 81 or 91.
        assert ("et un" in words or "et onze" in words) == (tail in (21, 31, 41, 51, 61, 71))
        # "vingts" and "cents" take their "s" only when they end the number.
        assert words.endswith("quatre-vingts") == (tail == 80)
        assert ("cents" in words) == (n in (200, 300))
        # No hyphen around "cent" nor "et" (traditional spelling).
        assert "-cent" not in words and "cent-" not in words and "-et" not in words


@pytest.mark.parametrize(("n", "language"), [(-1, "fr"), (1000, "en"), (2.0, "fr"),
                                              (True, "fr"), (3, "de")])
def test_it_refuses_what_it_cannot_word(n: object, language: str) -> None:
    with pytest.raises(ValueError):
        numbers_in_words(n, language)  # type: ignore[arg-type]
