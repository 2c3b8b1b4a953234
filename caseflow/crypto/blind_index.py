"""Blind indexes: truncated HMAC-SHA256 of normalised identity values.

Families: ``name`` (phonetic keys of name parts, from family name, given names
and aliases together, so parts match in any order and any field), ``phone``
(E.164) and ``date`` (ISO birth date). Each family has its own HMAC key,
derived from the blind-index key, so equal values in two families give
unrelated tokens.

Truncation follows CipherSweet's coincidence rule: with R expected people and
L bits, each token value is shared by about C = R / 2^L people; CipherSweet
asks 2 <= C <= sqrt(R). We take L = floor(log2 R) - 2, so C is between 4 and
8 people per token value and per indexed value (e.g. about 6 at R = 100,000
with L = 14): a token alone never points to one person, and search stays a
handful of candidates, confirmed after decryption. See docs/SECURITY.md for what each family leaks.
"""

from __future__ import annotations

import hmac
import math
import re
from collections.abc import Iterable
from datetime import date
from itertools import pairwise

from caseflow.crypto import skeleton
from caseflow.crypto.normalize import name_parts, phone_e164
from caseflow.crypto.setup import crypto_state

FAMILIES = {"name": 1, "phone": 2, "date": 3}
MIN_BITS, MAX_BITS = 8, 31
_ARTICLES = {"al", "el", "ul", "il"}
_SUN_ARTICLES = re.compile(r"^[aeiu]([dnrstz])$")  # ad-Din, ar-Rahman, as-Salam, an-Nour
# "Abdel/Abdul/Abder-" + name: the article is spelled, assimilated or left out.
_ABD = re.compile(r"^abd[aeiou]l?(?=[^aeiou])")


def token_bits(population: int) -> int:
    """Bits kept from each HMAC, by the coincidence rule above."""
    bits = math.floor(math.log2(max(population, 2))) - 2
    return max(MIN_BITS, min(MAX_BITS, bits))


def _family_key(family: str) -> bytes:
    state = crypto_state()
    cache = state.__dict__.setdefault("_index_keys", {})
    if family not in cache:
        root = state.keystore.index_key
        cache[family] = hmac.digest(root, b"caseflow.blind-index.v1|" + family.encode(), "sha256")
    return cache[family]


def tokens(family: str, terms: Iterable[str]) -> set[int]:
    """Truncated keyed hashes of normalised terms of one family."""
    key = _family_key(family)
    shift = 32 - token_bits(crypto_state().index_population)
    return {
        int.from_bytes(hmac.digest(key, term.encode(), "sha256")[:4], "big") >> shift
        for term in terms
    }


def clean_parts(text: str) -> list[str]:
    """Name parts with Arabic articles folded in: "Nour al-Din" -> ["nour", "din"]."""
    parts = name_parts(text)
    out: list[str] = []
    for i, part in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if part in _ARTICLES and nxt:
            continue
        sun = _SUN_ARTICLES.match(part)
        if sun and nxt.startswith(sun.group(1)):
            continue
        out.append(part)
    return out


def name_terms(text: str) -> set[str]:
    """Phonetic keys of each part and of each pair of adjacent parts joined.

    Joining makes "Abdul Rahman" meet "Abderrahmane" and "Nour Eddine" meet
    "Noureddine"; order of the parts does not matter for single parts.
    """
    parts = clean_parts(text)
    pieces = parts + [a + b for a, b in pairwise(parts)]
    return {key for piece in pieces for key in skeleton.keys(_ABD.sub("abd", piece))}


def phone_terms(text: str) -> set[str]:
    e164 = phone_e164(text, crypto_state().phone_region)
    return {e164} if e164 else set()


def date_terms(value: date) -> set[str]:
    return {value.isoformat()}


def person_tokens(person: object) -> set[tuple[int, int]]:
    """(family, token) pairs for every indexed field of a person (values decrypted in memory)."""
    terms: dict[str, set[str]] = {"name": set(), "phone": set(), "date": set()}
    for name, field in type(person).__encrypted_fields__.items():
        if not field.index:
            continue
        value = getattr(person, name)
        if value is None or value == "" or value == []:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if field.index == "name":
                terms["name"] |= name_terms(str(item))
            elif field.index == "phone":
                terms["phone"] |= phone_terms(str(item))
            elif field.index == "date":
                terms["date"] |= date_terms(item)
    return {(FAMILIES[f], t) for f, ts in terms.items() for t in tokens(f, ts)}
