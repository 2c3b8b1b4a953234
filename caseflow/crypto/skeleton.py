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
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

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


def fine(part: str, ch: str = "S") -> str:
    text = part.replace("sch", "S").replace("tch", "S").replace("ch", ch)
    for old, new in _BEFORE_SOFT_C:
        text = text.replace(old, new)
    text = _SOFT_C.sub("s", text)
    for old, new in _AFTER_SOFT_C:
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
    """Coarse keys of one name part (one per reading of an ambiguous spelling)."""
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
    spelling ranks first (Zacky: Zaaki before Seki)."""
    best = 0.0
    for fa in _readings(a):
        for fb in _readings(b):
            best = max(best, SequenceMatcher(None, fa, fb).ratio())
    return 0.7 * best + 0.3 * SequenceMatcher(None, a, b).ratio()
