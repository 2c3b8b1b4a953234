"""Phonetic skeleton of a name part, for transliteration variants.

Latin spellings of names written in Arabic, Tigrinya, Pashto, Dari, Bambara,
Pular... vary in vowels (Mohamed / Muhammad), doubled letters (Diallo / Dialo),
digraphs of one sound (Ch / Sh, Kh / K, Dj / J, Ou / W) and letters the source
script does not distinguish (p / b, f / v). Two functions:

- ``fine(part)``: the part rewritten with one letter per sound class, vowels
  reduced to three classes (a, i, u), doubles collapsed: used to rank and
  confirm candidates after decryption;
- ``keys(part)``: coarse keys (consonant classes, and a mark for an initial
  vowel): what the blind index hashes. Ambiguous spellings ("ch": French sh,
  Italian/German k) give one key per reading.

The rules were tuned on the "tune" part of data/name-variants-dev.tsv and are
measured on the held-out part by bench/name_quality.py (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# Applied in order to a lower-case ASCII part (after normalize.name_parts); plain
# replacements (fast) except soft c, which looks at the next letter.
_BEFORE_SOFT_C = (
    ("ph", "f"), ("sch", "S"), ("sh", "S"), ("kh", "k"), ("gh", "g"), ("th", "t"),
    ("dh", "d"), ("dj", "j"), ("dz", "j"), ("ck", "k"), ("q", "k"), ("x", "ks"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
_AFTER_SOFT_C = (
    ("c", "k"), ("z", "s"), ("p", "b"), ("v", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"),
    ("w", "u"), ("y", "i"), ("h", ""), ("e", "a"), ("o", "u"),
)
_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aiu]")
# "ch" is sh in French spellings (Chérif, Aicha), k in Italian/German (Achille, Joachim).
_CH_READINGS = ("S", "k")


def fine(part: str, ch: str = "S") -> str:
    text = part.replace("ch", ch)
    for old, new in _BEFORE_SOFT_C:
        text = text.replace(old, new)
    text = _SOFT_C.sub("s", text)
    for old, new in _AFTER_SOFT_C:
        text = text.replace(old, new)
    return _DOUBLES.sub(r"\1", text)


def _coarse(fine_form: str) -> str:
    head = "A" if fine_form[:1] in ("a", "i", "u") else ""
    return head + _DOUBLES.sub(r"\1", _VOWELS.sub("", fine_form)) or "A"


def keys(part: str) -> set[str]:
    """Coarse keys of one name part (one per reading of an ambiguous spelling)."""
    readings = _CH_READINGS if "ch" in part else _CH_READINGS[:1]
    return {_coarse(fine(part, ch)) for ch in readings}


def similarity(a: str, b: str) -> float:
    """0..1 closeness of two name parts, on their fine forms (best reading of "ch")."""
    best = 0.0
    for ra in _CH_READINGS if "ch" in a else _CH_READINGS[:1]:
        for rb in _CH_READINGS if "ch" in b else _CH_READINGS[:1]:
            best = max(best, SequenceMatcher(None, fine(a, ra), fine(b, rb)).ratio())
    return best
