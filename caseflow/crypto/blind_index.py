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
from caseflow.crypto.errors import CryptoError
from caseflow.crypto.normalize import index_parts, phone_e164
from caseflow.crypto.setup import crypto_state, term_cache

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


def _family_keys() -> tuple[dict[str, bytes], int]:
    """Derived HMAC key per family and the right shift that keeps token_bits bits."""
    state = crypto_state()
    generation = state.keystore.check()  # memory custody: SealedError once sealed
    cached = state.__dict__.get("_index_keys")
    if cached is None or cached[0] != generation:
        root = state.keystore.index_key
        keys = {f: hmac.digest(root, b"caseflow.blind-index.v1|" + f.encode(), "sha256")
                for f in FAMILIES}
        cached = state._index_keys = (generation, (keys, 32 - token_bits(state.index_population)))
    return cached[1]


def tokens(family: str, terms: Iterable[str]) -> set[int]:
    """Truncated keyed hashes of normalised terms of one family."""
    memo = term_cache()
    derived = memo.get("family-keys")
    if derived is None:
        derived = memo["family-keys"] = _family_keys()
    keys, shift = derived
    key = keys[family]
    out = set()
    for term in terms:
        slot = f"h:{family}:{term}"
        token = memo.get(slot)
        if token is None:
            token = memo[slot] = int.from_bytes(
                hmac.digest(key, term.encode(), "sha256")[:4], "big") >> shift
        out.add(token)
    return out


def _parts(text: str) -> list[str]:
    """normalize.index_parts, word by word, memoised for the request (names repeat)."""
    try:
        memo = term_cache()
    except CryptoError:
        return index_parts(text)
    out: list[str] = []
    for word in text.split():
        found = memo.get("w:" + word)
        if found is None:
            found = memo["w:" + word] = tuple(index_parts(word))
        out += found
    return out


def clean_parts(text: str) -> list[str]:
    """Name parts with Arabic articles folded in: "Nour al-Din" -> ["nour", "din"]."""
    parts = _parts(text)
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


def piece_keys(piece: str) -> frozenset[str]:
    """Phonetic keys of one name part, or of two adjacent parts joined."""
    try:
        memo = term_cache()
    except CryptoError:  # no app context (tools, offline evaluation): no memo
        return frozenset(skeleton.keys(_ABD.sub("abd", piece)))
    found = memo.get(piece)
    if found is None:
        found = memo[piece] = frozenset(skeleton.keys(_ABD.sub("abd", piece)))
    return found


def name_terms(text: str) -> set[str]:
    """Phonetic keys of each part and of each pair of adjacent parts joined.

    Joining makes "Abdul Rahman" meet "Abderrahmane" and "Nour Eddine" meet
    "Noureddine"; order of the parts does not matter for single parts.
    """
    parts = clean_parts(text)
    pieces = parts + [a + b for a, b in pairwise(parts)]
    return {key for piece in pieces for key in piece_keys(piece)}


def _memo_name_terms(text: str) -> set[str]:
    memo = term_cache()
    found = memo.get("n:" + text)
    if found is None:
        found = memo["n:" + text] = name_terms(text)
    return found


# A national number typed in the default region, for regions whose rule is
# simply "trunk 0 + 9 digits" (checked against phonenumbers by the tests).
_FAST_NATIONAL = {"FR": ("+33", re.compile(r"0([1-9]\d{8})"))}
_PHONE_JUNK = re.compile(r"[ .\-]")


def phone_terms(text: str) -> set[str]:
    region = crypto_state().phone_region
    fast = _FAST_NATIONAL.get(region)
    if fast is not None:
        match = fast[1].fullmatch(_PHONE_JUNK.sub("", text))
        if match:
            return {fast[0] + match.group(1)}
    e164 = phone_e164(text, region)
    return {e164} if e164 else set()


def date_terms(value: date) -> set[str]:
    return {value.isoformat()}


def terms_of(field_index: str, value: object) -> set[str]:
    """Normalised terms of one indexed field value (str, date or list of str)."""
    if value is None or value == "" or value == []:
        return set()
    values = value if isinstance(value, list) else [value]
    out: set[str] = set()
    for item in values:
        if field_index == "name":
            out |= _memo_name_terms(str(item))
        elif field_index == "phone":
            out |= phone_terms(str(item))
        elif field_index == "date":
            out |= date_terms(item)
    return out


_INDEXED_FIELDS: dict[type, list[tuple[str, str]]] = {}


def _indexed_fields(cls: type) -> list[tuple[str, str]]:
    found = _INDEXED_FIELDS.get(cls)
    if found is None:
        found = _INDEXED_FIELDS[cls] = [(name, field.index) for name, field
                                        in cls.__encrypted_fields__.items() if field.index]
    return found


def _value_tokens(memo: dict, field_index: str, item: object) -> tuple[int, ...]:
    """Tokens of one value; names and dates memoised for the request (they repeat a lot,
    phone numbers do not). Memo keys are strings: no extra object for the collector."""
    if field_index == "phone":
        return tuple(tokens("phone", terms_of("phone", item)))
    slot = f"t:{field_index}:{item}"
    found = memo.get(slot)
    if found is None:
        found = memo[slot] = tuple(tokens(field_index, terms_of(field_index, item)))
    return found


def person_tokens(person: object) -> set[tuple[int, int]]:
    """(family, token) pairs for every indexed field of a person (values decrypted in memory)."""
    memo = term_cache()
    out: set[tuple[int, int]] = set()
    for name, field_index in _indexed_fields(type(person)):
        value = getattr(person, name)
        if value is None or value == "" or value == []:
            continue
        family = FAMILIES[field_index]
        for item in value if isinstance(value, list) else (value,):
            out.update((family, t) for t in _value_tokens(memo, field_index, item))
    return out
