"""Finding people in the user's scope: code, name parts, phone, date of birth or birth year.

Names, phones and full dates go through the blind indexes (caseflow.crypto.search):
no table is decrypted and scanned. A code is matched exactly (after a merge, the
old code leads to the survivor). A lone birth year filters on the clear
statistics column; with name parts it narrows the name matches.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from caseflow.access import in_scope_clause
from caseflow.crypto.search import search_persons
from caseflow.database import reading
from caseflow.extensions import db
from caseflow.models.person import Person, normalise_person_code
from caseflow.services.intake.duplicates import resolve_code

YEAR = re.compile(r"(?<![\d/.-])(19\d\d|20\d\d)(?![\d/.-])")
MAX_RESULTS = 50
# A search typed is kept in the user's session under a random token, so that the results
# page has an address without the name (/people/?s=<token>) that Back and reload can open.
SEARCHES = "searches"
KEPT_SEARCHES = 10
_PURPOSE = "person-search"


def remember_query(store, user_id, text: str) -> str:
    """Keep `text` in `store` (the session) and return the opaque token that finds it again.

    The session is a signed, not encrypted, cookie: the query is sealed (AES-GCM under a key
    derived from the KEK, bound to the user and the token) so that no name sits readable in
    the browser's cookie store. Only the last few searches are kept."""
    import base64
    import secrets

    from caseflow.crypto.secrets import encrypt_secret

    token = secrets.token_urlsafe(16)
    sealed = encrypt_secret(text.encode("utf-8"), purpose=_PURPOSE,
                            context=f"{user_id}|{token}")
    kept = dict(store.get(SEARCHES) or {})
    kept[token] = base64.urlsafe_b64encode(sealed).decode("ascii")
    while len(kept) > KEPT_SEARCHES:
        kept.pop(next(iter(kept)))
    store[SEARCHES] = kept
    return token


def recall_query(store, user_id, token: str) -> str | None:
    """The query kept under `token` for this user; None if unknown, expired or altered."""
    import base64
    import binascii

    from caseflow.crypto.errors import CryptoError
    from caseflow.crypto.secrets import decrypt_secret

    sealed = (store.get(SEARCHES) or {}).get(token or "")
    if not isinstance(sealed, str):
        return None
    try:
        return decrypt_secret(base64.urlsafe_b64decode(sealed), purpose=_PURPOSE,
                              context=f"{user_id}|{token}").decode("utf-8")
    except (CryptoError, binascii.Error, ValueError):
        return None


def search_people(user, text: str, limit: int = MAX_RESULTS, audit: bool = False
                  ) -> list[Person]:
    """People in the user's scope matching the query, best first.

    With `audit`, one event records the search: the codes of the people shown,
    never the query (a name is personal data)."""
    people = _search(user, text, limit)
    if audit:
        from caseflow.audit import Action, record_event
        from caseflow.database import commit_keeping_loaded

        record_event(Action.VIEW, actor_id=user.id, object_type="person_search",
                     details={"results": len(people), "codes": [p.code for p in people]})
        # The results page reads every person found: without reloading each one.
        commit_keeping_loaded()
    return people


def _search(user, text: str, limit: int) -> list[Person]:
    text = text.strip()
    if not text:
        return []
    code = normalise_person_code(text)
    if code:
        person_id = resolve_code(code)
        ids = [person_id] if person_id else []
        return _in_scope(user, ids)
    years = YEAR.findall(text)
    rest = YEAR.sub(" ", text).strip() if years else text
    if years and not rest:
        stmt = (select(Person).where(Person.birth_year == int(years[0]),
                                     in_scope_clause(user, Person.id))
                .order_by(Person.created_at.desc()).limit(limit))
        return list(db.session.scalars(stmt))
    # Ranking and decrypting up to hundreds of candidates only reads: without holding
    # SQLite's write lock, so that other requests are not kept waiting meanwhile.
    with reading():
        matches = search_persons(db.session, rest, limit=limit * 4)
    people = _in_scope(user, [m.person_id for m in matches])
    if years:
        people = [p for p in people if p.birth_year in {int(y) for y in years}]
    return people[:limit]


def _in_scope(user, ranked_ids) -> list[Person]:
    if not ranked_ids:
        return []
    # Without the enrolments and flags every Person loads: the results page reads the
    # current ones for all the people found in two queries of its own (rows_for).
    people = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.id.in_(ranked_ids), in_scope_clause(user, Person.id))
        .options(lazyload("*")))}
    return [people[i] for i in ranked_ids if i in people]
