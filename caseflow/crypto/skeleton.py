"""Phonetic skeleton of a name part, for transliteration variants.

Latin spellings of names written in Arabic, Tigrinya, Pashto, Dari, Bambara,
Pular... vary in vowels (Mohamed / Muhammad), doubled letters (Diallo / Dialo),
digraphs of one sound (Ch / Sh, Kh / K, Dj / J, Ou / W), letters the source
script does not distinguish (p / b, f / v) and letters that stand for one
Arabic letter (g / j / dj for ج, q / k, th / t, dh / d). Functions:

- ``fine(part)``: the part rewritten with one letter per sound class, vowels
  reduced to three classes (a; i for i, e, ee, ai, ei, ey; u for u, o, ou, w),
  doubles collapsed: used to rank and confirm candidates after decryption;
- ``keys(part)``: coarse keys (consonant classes, and a mark for an initial
  vowel): what the blind index hashes. Ambiguous spellings ("ch": French sh,
  Italian/German k) give one key per reading;
- ``near_keys(key)``: keys one weak consonant away (l, r, d, n, j, t, s, b
  added or dropped: Hartley / Hartiey, Velson / Feldson). Used only on the
  query side, and only when the exact keys found nobody, so stored tokens do
  not grow;
- ``similarity(a, b)``: 0..1 closeness used to rank confirmed candidates.

The rules were tuned on the "tune" part of data/name-variants-dev.tsv and are
measured on the held-out part by bench/name_quality.py (docs/BENCHMARKS.md).

A part in Arabic script has the keys of its Latin readings
(``arabic_names.readings``: the ways Latin spellings render it), so that it
meets its Latin spellings on the consonant skeleton; a Latin part's keys do
not depend on it. Across scripts, ``similarity`` compares consonant skeletons
that keep h (ح, ه: Ahmed / Hamid) and the vowels Arabic writes (long ones).
Measured by bench/cross_script_names.py on tests/data/arabic-names-dev.tsv.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from caseflow.crypto.arabic_names import has_arabic, long_vowels, readings, request_memo

# Applied in order to a lower-case ASCII part (after normalize.name_parts); plain
# replacements (fast) except soft c, which looks at the next letter. "sch" and
# "tch" come before the reading of "ch" (Schori / Shori, Mitchel / Michel).
_BEFORE_SOFT_C = (
    ("ph", "f"), ("sh", "S"), ("kh", "k"), ("gh", "g"), ("th", "t"),
    ("dh", "d"), ("dj", "j"), ("dz", "j"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("tz", "s"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
_AFTER_SOFT_C = (
    ("c", "k"), ("z", "s"), ("p", "b"), ("v", "f"), ("g", "j"),
    ("ai", "i"), ("ei", "i"), ("ey", "i"), ("ay", "i"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"),
    ("w", "u"), ("y", "i"), ("h", ""), ("e", "i"), ("o", "u"),
)
_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aiu]")
# "ch" is sh in French spellings (Chérif, Aicha), k in Italian/German (Achille, Joachim).
_CH_READINGS = ("S", "k")
# Consonant classes most often added, dropped or misread between two spellings.
_WEAK = "lrdnjtsb"
_NEAR_MIN = 3  # keys shorter than this get no near keys (they would reach too many people)


def fine(part: str, ch: str = "S", keep_h: bool = False) -> str:
    text = part.replace("sch", "S").replace("tch", "S").replace("ch", ch)
    for old, new in _BEFORE_SOFT_C:
        text = text.replace(old, new)
    text = _SOFT_C.sub("s", text)
    for old, new in _AFTER_SOFT_C:
        if not (keep_h and old == "h"):
            text = text.replace(old, new)
    return _DOUBLES.sub(r"\1", text)


def _readings(part: str) -> tuple[str, ...]:
    if "ch" in part.replace("sch", "").replace("tch", ""):
        return tuple(dict.fromkeys(fine(part, ch) for ch in _CH_READINGS))
    return (fine(part),)


def _coarse(fine_form: str) -> str:
    head = "A" if fine_form[:1] in ("a", "i", "u") else ""
    return head + _DOUBLES.sub(r"\1", _VOWELS.sub("", fine_form)) or "A"


def keys(part: str) -> set[str]:
    """Coarse keys of one name part (one per reading of an ambiguous spelling); an
    Arabic part has the keys of all its Latin readings."""
    if has_arabic(part):
        return {_coarse(f) for latin in readings(part) for f in _readings(latin)}
    return {_coarse(f) for f in _readings(part)}


def near_keys(key: str) -> set[str]:
    """Keys one weak consonant away from ``key`` (query side only)."""
    out: set[str] = set()
    if len(key) > _NEAR_MIN:
        out.update(key[:i] + key[i + 1:] for i in range(1, len(key)) if key[i] in _WEAK)
    if len(key) >= _NEAR_MIN:
        out.update(key[:i] + letter + key[i:] for i in range(1, len(key) + 1) for letter in _WEAK)
    out.discard(key)
    return out


def similarity(a: str, b: str) -> float:
    """0..1 closeness of two name parts: fine forms (best reading of "ch") mostly,
    the spelling itself a little, so that among sound-alikes the closest
    spelling ranks first (Zacky: Zaaki before Seki). Parts in Arabic script are
    compared through their readings (``_cross``)."""
    if has_arabic(a) or has_arabic(b):
        return _cross(a, b)
    best = 0.0
    for fa in _readings(a):
        for fb in _readings(b):
            best = max(best, SequenceMatcher(None, fa, fb).ratio())
    return 0.7 * best + 0.3 * SequenceMatcher(None, a, b).ratio()


# Across scripts: weight of the consonant skeleton (with h) against the fine forms, and
# of the long vowels against both (tuned on the tune split of tests/data/arabic-names-dev.tsv).
_CROSS_SKELETON = 0.5
_CROSS_VOWELS = 0.15
_LATIN_LONG = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ai", "i"), ("ay", "i"), ("ei", "i"),
               ("ey", "i"), ("y", "i"))
_LEADING_VOWELS = re.compile(r"^[aeiouy]+")
_INITIAL_VOWELS = re.compile(r"^[aiu]+")
_NOT_LONG = re.compile(r"[^aiu]")


def _hard(form: str) -> str:
    """Consonants of a fine form that keeps h, with the initial-vowel mark."""
    head = "A" if form[:1] in ("a", "i", "u") else ""
    return head + _DOUBLES.sub(r"\1", _VOWELS.sub("", form))


def latin_long_vowels(part: str) -> str:
    """The vowels of a Latin spelling that may stand for Arabic long vowels (a, i, u),
    after the first letter: o is short in these spellings (Mohamed, Omar), and e is
    either short or the Maghreb's long a (Hichem / هشام, Djamel / جمال): read as a."""
    text = _LEADING_VOWELS.sub("", part)
    for old, new in _LATIN_LONG:
        text = text.replace(old, new)
    text = text.replace("e", "a")
    return _DOUBLES.sub(r"\1", _NOT_LONG.sub("", text))


def _vowel_score(arabic: str, latin: str) -> float:
    """Long vowels of the Arabic part found in the Latin one, and the Latin's i and u found
    in the Arabic (its a may be a short vowel the Arabic does not write)."""
    matched = sum(b.size for b in SequenceMatcher(None, arabic, latin).get_matching_blocks())
    recall = matched / len(arabic) if arabic else 1.0
    iu = sum(v in "iu" for v in latin)
    matched_iu = sum(b.size for b in SequenceMatcher(None, arabic, latin.replace("a", ""))
                     .get_matching_blocks())
    precision = min(1.0, matched_iu / iu) if iu else 1.0
    return 0.5 * recall + 0.5 * precision


def _forms(part: str) -> tuple[tuple[str, str], ...]:
    """(fine form, consonant skeleton with h) of each Latin reading of a part."""
    # a Latin e is short or the Maghreb's long a (Hacen / حسن, Hichem / هشام), not an i
    latin = readings(part) if has_arabic(part) else (part.replace("e", "a"),)
    out = []
    for text in latin:
        chs = _CH_READINGS if "ch" in text else ("S",)
        # the first vowel is whatever an initial alef or ع is read (Omar / عمر): one class
        out += [(_INITIAL_VOWELS.sub("a", fine(text, ch)), _hard(fine(text, ch, keep_h=True)))
                for ch in chs]
    return tuple(dict.fromkeys(out))


def _cross(a: str, b: str) -> float:
    """``_cross_score``, memoised for the request (a query part meets the same stored
    parts again and again while candidates are confirmed)."""
    memo = request_memo()
    if memo is None:
        return _cross_score(a, b)
    slot = f"x:{a}\x00{b}"
    found = memo.get(slot)
    if found is None:
        found = memo[slot] = _cross_score(a, b)
    return found


def _cross_score(a: str, b: str) -> float:
    """Closeness when one part (or both) is in Arabic script: the best pair of readings,
    by their fine forms and their consonants with h (weighted ``_CROSS_SKELETON``), then
    by the long vowels the Arabic writes (weighted ``_CROSS_VOWELS``)."""
    best = 0.0
    for fa, ha in _forms(a):
        for fb, hb in _forms(b):
            score = ((1 - _CROSS_SKELETON) * SequenceMatcher(None, fa, fb).ratio()
                     + _CROSS_SKELETON * SequenceMatcher(None, ha, hb).ratio())
            best = max(best, score)
    if has_arabic(a) and has_arabic(b):
        vowels = 1.0 if long_vowels(a) == long_vowels(b) else 0.5
    elif has_arabic(a):
        vowels = _vowel_score(long_vowels(a), latin_long_vowels(b))
    else:
        vowels = _vowel_score(long_vowels(b), latin_long_vowels(a))
    return (1 - _CROSS_VOWELS) * best + _CROSS_VOWELS * vowels
