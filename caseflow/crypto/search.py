"""Search people by name parts, phone or birth date, without decrypting the table.

1. The free query is split: dates (2007-03-01, 01/03/2007) go to the ``date``
   index, phone numbers to ``phone``, everything else is name parts;
2. tokens are looked up in ``person_search_token`` (an index range scan on
   (family, token), no decryption), and the database ranks people by how much
   of the query their tokens cover (a weighted count of query parts, see
   ``_WEIGHT``);
3. only the best-covered candidates (at most ``MAX_DECRYPT``) are decrypted
   and confirmed: truncation collisions are dropped, name parts are scored by
   phonetic similarity, and only the best-scoring people (within a small
   margin) are returned, best first. A lone very common name at a large site
   ("Mohamed" among 100,000) is confirmed on its first 200 candidates only:
   a second name, a phone or a birth date narrows it;
4. if nobody is confirmed on the exact phonetic keys, the name parts are
   looked up once more with their near keys (one weak consonant added or
   dropped, ``skeleton.near_keys``), and confirmed the same way.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, lazyload

from caseflow.crypto import blind_index, skeleton
from caseflow.crypto.errors import CryptoError
from caseflow.crypto.fields import indexed_model
from caseflow.crypto.normalize import parse_date
from caseflow.crypto.tables import PERSON_SEARCH_TOKEN

_PHONE = re.compile(r"\+?\d[\d .\-()]{5,}\d")
_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b")
# Confirmed people within this similarity of the best one are returned
# (tuned on the tune split of name-variants-dev.tsv, see bench/name_quality.py).
NAME_MARGIN = 0.09
NAME_FLOOR = 0.5
# At most this many candidates are decrypted per lookup, best covered first. The
# near-key lookup (only when nothing matched exactly) asks for 20 to 60 tokens
# per part, each shared by a few people by design (truncation): it may decrypt
# more, so that a real near match is not lost among collisions.
MAX_DECRYPT = 200
MAX_DECRYPT_NEAR = 1000
# Coverage weight of a query slot (a name part, a phone, a birth date) that a
# person's tokens match: a part matched only through a pair of adjacent parts
# weighs less than a part matched itself; phone and birth date must match
# exactly, so they outweigh any name.
_WEIGHT = {"part": 4, "pair": 3, "near": 1, "phone": 64, "date": 64}


@dataclass(frozen=True)
class Match:
    person_id: uuid.UUID
    score: float

    def __repr__(self) -> str:
        return f"<Match {self.person_id} {self.score:.2f}>"


@dataclass
class Query:
    name_parts: list[str]
    phone: str | None
    birth_date_iso: str | None

    def __repr__(self) -> str:  # a query holds names: never show them
        return f"<Query parts={len(self.name_parts)} phone={self.phone is not None}>"


def parse_query(text: str) -> Query:
    birth = None
    for found in _DATE.findall(text):
        parsed = parse_date(found)
        if parsed is not None:
            birth = parsed.isoformat()
        text = text.replace(found, " ")
    phone = None
    for found in _PHONE.findall(text):
        terms = blind_index.phone_terms(found)
        if terms:
            phone = next(iter(terms))
        text = text.replace(found, " ")
    return Query(blind_index.clean_parts(text), phone, birth)


Slot = list[tuple[int, dict[int, set[int]]]]  # (weight, {family: tokens}), best first


def _slots(query: Query, near: bool) -> list[Slot]:
    """What the query asks for, slot by slot.

    One slot per name part: its own keys (weight 4), else the keys of a pair of
    adjacent parts it belongs to ("Abdul Rahman" against a stored
    "Abderrahmane", weight 3: a truncation collision on one pair token must not
    rank level with people who match every part); with ``near``, its near keys
    (weight 1). One slot for a phone number, one for a birth date.
    """
    name = blind_index.FAMILIES["name"]
    out: list[Slot] = []
    parts = query.name_parts
    pairs = [blind_index.tokens("name", blind_index.piece_keys(a + b))
             for a, b in pairwise(parts)]
    for i, part in enumerate(parts):
        exact = blind_index.piece_keys(part)
        if near:
            terms = set().union(*(skeleton.near_keys(k) for k in exact)) - exact
            if terms:
                out.append([(_WEIGHT["near"], {name: blind_index.tokens("name", terms)})])
            continue
        slot: Slot = [(_WEIGHT["part"], {name: blind_index.tokens("name", exact)})]
        around = set().union(*(pairs[j] for j in (i - 1, i) if 0 <= j < len(pairs)))
        if around:
            slot.append((_WEIGHT["pair"], {name: around}))
        out.append(slot)
    if not near:
        if query.phone:
            out.append([(_WEIGHT["phone"], {blind_index.FAMILIES["phone"]:
                                            blind_index.tokens("phone", {query.phone})})])
        if query.birth_date_iso:
            out.append([(_WEIGHT["date"], {blind_index.FAMILIES["date"]:
                                           blind_index.tokens("date", {query.birth_date_iso})})])
    return out


def _ranked(session: Session, slots: list[Slot], limit: int) -> list[uuid.UUID]:
    """People whose tokens cover most of the query, best first, computed in the database.

    Coverage = sum over slots of the best weight the person's tokens reach in
    that slot (MAX per slot, so two keys of one part count once). Only the
    token index is read; nothing is decrypted here.
    """
    T = PERSON_SEARCH_TOKEN.c

    def matches(by_family: dict[int, set[int]]) -> ColumnElement[bool]:
        return or_(*[and_(T.family == fam, T.token.in_(sorted(toks)))
                     for fam, toks in by_family.items()])

    wanted: dict[int, set[int]] = {}
    for slot in slots:
        for _weight, by_family in slot:
            for fam, toks in by_family.items():
                wanted.setdefault(fam, set()).update(toks)
    coverage = sum((func.max(case(*[(matches(by_family), literal(weight))
                                    for weight, by_family in slot], else_=literal(0)))
                    for slot in slots), start=literal(0))
    rows = session.execute(
        select(T.person_id, coverage.label("c")).where(matches(wanted))
        .group_by(T.person_id).order_by(coverage.desc(), T.person_id).limit(limit)
    ).all()
    if not rows:
        return []
    # Someone who misses a whole query part that the best candidate covers
    # cannot score within the margin of the best: not worth decrypting.
    floor = int(rows[0][1]) - min(slot[0][0] for slot in slots) + 1
    return [row[0] for row in rows if int(row[1]) >= floor]


def _stored_pieces(person: object) -> list[tuple[str, set[str]]]:
    stored: list[str] = []
    for text in [person.family_name, person.given_names, *(person.aliases or [])]:
        if text:
            parts = blind_index.clean_parts(text)
            stored += parts + [a + b for a, b in pairwise(parts)]
    return [(piece, blind_index.piece_keys(piece)) for piece in stored]


def _similarity(a: str, b: str, memo: dict | None) -> float:
    """skeleton.similarity, remembered for one search: a frequent name's candidates share
    their parts ("diallo" against 200 stored "diallo"), and the comparison is the costly
    step of confirming them. The memo is the search's own (nothing derived from a name
    outlives it, even in a command that searches once per imported row)."""
    if memo is None:
        return skeleton.similarity(a, b)
    key = (a, b)
    found = memo.get(key)
    if found is None:
        found = memo[key] = skeleton.similarity(a, b)
    return found


def _name_score(query_parts: list[str], person: object, near: bool = False,
                memo: dict | None = None) -> float:
    """Mean over query parts of their best confirmed similarity to a stored part.

    A query part also counts as matched through a pair of adjacent query parts
    ("Abdul Rahman" against a stored "Abderrahmane"). Only stored pieces that
    share a phonetic key with the query piece count (confirming the index hit
    on the plaintext; with ``near``, a near key of a single part counts too);
    the similarity then ranks spelling closeness.
    """
    stored_keys = _stored_pieces(person)
    if not stored_keys:
        return 0.0

    def best(piece: str, widen: bool) -> float:
        keys = blind_index.piece_keys(piece)
        if widen:
            keys = keys.union(*(skeleton.near_keys(k) for k in keys))
        return max((_similarity(piece, s, memo) for s, k in stored_keys if k & keys),
                   default=0.0)

    singles = [best(part, near) for part in query_parts]
    pairs = [best(a + b, False) for a, b in pairwise(query_parts)]
    total = 0.0
    for i, single in enumerate(singles):
        around = [pairs[j] for j in (i - 1, i) if 0 <= j < len(pairs)]
        total += max([single, *around])
    return total / len(query_parts)


def _confirm(query: Query, person: object, near: bool = False,
             memo: dict | None = None) -> float:
    """Score from decrypted values; 0 rejects (truncation collision or a field that differs)."""
    score = 0.0
    if query.phone:
        stored = blind_index.phone_terms(person.phone) if person.phone else set()
        if query.phone not in stored:
            return 0.0
        score += 1.0
    if query.birth_date_iso:
        if person.birth_date is None or person.birth_date.isoformat() != query.birth_date_iso:
            return 0.0
        score += 1.0
    if query.name_parts:
        name = _name_score(query.name_parts, person, near, memo)
        if name < NAME_FLOOR:
            return 0.0
        score += name
    return score


def _search(session: Session, query: Query, near: bool) -> list[Match]:
    person_model = indexed_model()
    slots = _slots(query, near)
    if not slots:
        return []
    chosen = _ranked(session, slots, MAX_DECRYPT_NEAR if near else MAX_DECRYPT)
    if not chosen:
        return []
    # Only the names, phone and birth date are confirmed here: the candidates' enrolments
    # and flags (loaded with every Person) are not read for up to 200 people of whom a
    # handful are kept; the page that shows the ones kept loads theirs.
    people = session.scalars(select(person_model).where(person_model.id.in_(chosen))
                             .options(lazyload("*")))
    scored: list[Match] = []
    memo: dict = {}  # this search's name comparisons (_similarity)
    for person in people:
        try:
            score = _confirm(query, person, near, memo)
        except CryptoError:
            continue  # shredded people are not found
        if score > 0:
            scored.append(Match(person.id, score))
    return scored


def search_persons(session: Session, text: str, limit: int = 50) -> list[Match]:
    """Ranked confirmed matches for a free query; an empty query returns nothing."""
    query = parse_query(text)
    scored = _search(session, query, near=False)
    if not scored and query.name_parts:
        scored = _search(session, query, near=True)
    if query.name_parts and scored:
        best = max(m.score for m in scored)
        scored = [m for m in scored if m.score >= best - NAME_MARGIN]
    scored.sort(key=lambda m: (-m.score, str(m.person_id)))
    return scored[:limit]


def find_person_ids(session: Session, text: str, limit: int = 50) -> list[uuid.UUID]:
    """Ids of the people matching a free query, best first (decrypted and confirmed)."""
    return [m.person_id for m in search_persons(session, text, limit)]
