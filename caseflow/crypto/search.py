"""Search people by name parts, phone or birth date, without decrypting the table.

1. The free query is split: dates (2007-03-01, 01/03/2007) go to the ``date``
   index, phone numbers to ``phone``, everything else is name parts;
2. tokens are looked up in ``person_search_token`` (an index scan, no decryption);
3. candidates are decrypted and confirmed: truncation collisions are dropped,
   name parts are scored by phonetic similarity, and only the best-scoring
   people (within a small margin) are returned, best first.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from caseflow.crypto import blind_index, skeleton
from caseflow.crypto.errors import CryptoError
from caseflow.crypto.normalize import parse_date

_PHONE = re.compile(r"\+?\d[\d .\-()]{5,}\d")
_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b")
# Confirmed people within this similarity of the best one are returned
# (tuned on the tune split of name-variants-dev.tsv, see bench/name_quality.py).
NAME_MARGIN = 0.10
NAME_FLOOR = 0.5
MAX_CANDIDATES = 2000


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


def _lookups(query: Query) -> list[tuple[int, set[int]]]:
    out: list[tuple[int, set[int]]] = []
    if query.name_parts:
        terms = blind_index.name_terms(" ".join(query.name_parts))
        out.append((blind_index.FAMILIES["name"], blind_index.tokens("name", terms)))
    if query.phone:
        out.append((blind_index.FAMILIES["phone"], blind_index.tokens("phone", {query.phone})))
    if query.birth_date_iso:
        out.append((blind_index.FAMILIES["date"],
                    blind_index.tokens("date", {query.birth_date_iso})))
    return out


def _name_score(query_parts: list[str], person: object) -> float:
    """Mean over query parts of their best confirmed similarity to a stored part.

    A query part also counts as matched through a pair of adjacent query parts
    ("Abdul Rahman" against a stored "Abderrahmane"). Only stored pieces that
    share a phonetic key with the query piece count (confirming the index hit
    on the plaintext); the similarity then ranks spelling closeness.
    """
    stored: list[str] = []
    for text in [person.family_name, person.given_names, *(person.aliases or [])]:
        if text:
            parts = blind_index.clean_parts(text)
            stored += parts + [a + b for a, b in pairwise(parts)]
    if not stored:
        return 0.0
    stored_keys = [(piece, blind_index.name_terms(piece)) for piece in stored]

    def best(piece: str) -> float:
        keys = blind_index.name_terms(piece)
        return max((skeleton.similarity(piece, s) for s, k in stored_keys if k & keys),
                   default=0.0)

    singles = [best(part) for part in query_parts]
    pairs = [best(a + b) for a, b in pairwise(query_parts)]
    total = 0.0
    for i, single in enumerate(singles):
        around = [pairs[j] for j in (i - 1, i) if 0 <= j < len(pairs)]
        total += max([single, *around])
    return total / len(query_parts)


def search_persons(session: Session, text: str, limit: int = 50) -> list[Match]:
    """Ranked confirmed matches for a free query; an empty query returns nothing."""
    from caseflow.models.person import Person
    from caseflow.models.search_index import PersonSearchToken as T

    query = parse_query(text)
    lookups = _lookups(query)
    if not lookups:
        return []
    clauses = [and_(T.family == fam, T.token.in_(sorted(toks))) for fam, toks in lookups if toks]
    hits: dict[uuid.UUID, set[tuple[int, int]]] = defaultdict(set)
    rows = session.execute(select(T.person_id, T.family, T.token).where(or_(*clauses))
                           .limit(MAX_CANDIDATES * 8))
    for person_id, family, token in rows:
        hits[person_id].add((family, token))
    if not hits:
        return []
    # Decrypt only the people who share the most query tokens: the others cannot
    # outrank them, and decryption is the expensive step.
    most = max(len(t) for t in hits.values())
    chosen = [p for p, t in hits.items() if len(t) >= most - 1][:MAX_CANDIDATES]
    people = session.scalars(select(Person).where(Person.id.in_(chosen)))
    scored: list[Match] = []
    for person in people:
        try:
            score = _confirm(query, person)
        except CryptoError:
            continue  # shredded people are not found
        if score > 0:
            scored.append(Match(person.id, score))
    if query.name_parts and scored:
        best = max(m.score for m in scored)
        scored = [m for m in scored if m.score >= best - NAME_MARGIN]
    scored.sort(key=lambda m: (-m.score, str(m.person_id)))
    return scored[:limit]


def _confirm(query: Query, person: object) -> float:
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
        name = _name_score(query.name_parts, person)
        if name < NAME_FLOOR:
            return 0.0
        score += name
    return score


def find_person_ids(session: Session, text: str, limit: int = 50) -> list[uuid.UUID]:
    """Ids of the people matching a free query, best first (decrypted and confirmed)."""
    return [m.person_id for m in search_persons(session, text, limit)]
