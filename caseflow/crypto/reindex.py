"""Rebuilding the name tokens of people whose names are written in Arabic script.

Why: until Arabic script was read for itself (caseflow.crypto.arabic_names), an
Arabic name part was indexed under the keys of one anyascii transliteration
("الطرابلسي" -> "ltrblsy"). Its keys are now those of its Latin readings, so a
person registered in Arabic before the change keeps tokens that neither the
Arabic nor the Latin spellings look up any more. Latin names keep exactly
their keys (tests/crypto/test_arabic_names.py), so only people with an Arabic
letter in an indexed field need new tokens: this finds them (decrypting in
memory, batch by batch, as the search does) and rewrites their tokens. It is
idempotent and resumable: a second run rewrites the same tokens.

"Arabic letter" includes Persian, Pashto and Urdu letters (ژ ډ ښ...: read by
their own spellings now, by anyascii before) and presentation forms (a name
pasted from a PDF: transliterated once before, read as Arabic now).

Nothing else changes: the HMAC keys and the truncation stay, phone and date
tokens are rewritten identical. Shredded people (no data key) are skipped.
Like the data keys, the memo of name-derived values (``setup.term_cache``:
readings, keys, tokens) is emptied after each batch: in one CLI command it
would otherwise hold something derived from every Arabic name read until the
command ends (docs/SECURITY.md, "What else lives in memory").
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from caseflow.crypto.arabic_names import has_arabic
from caseflow.crypto.blind_index import person_tokens
from caseflow.crypto.errors import CryptoError
from caseflow.crypto.fields import indexed_model
from caseflow.crypto.setup import dek_cache, term_cache
from caseflow.crypto.tables import PERSON_SEARCH_TOKEN

Progress = Callable[[int, int], None]


def _indexed_texts(person: object) -> list[str]:
    cls = type(person)
    out: list[str] = []
    for name, field in cls.__encrypted_fields__.items():
        if field.index != "name":
            continue
        value = getattr(person, name)
        out += [str(v) for v in value] if isinstance(value, list) else [str(value or "")]
    return out


def reindex_arabic_names(session: Session, batch_size: int = 500,
                         progress: Progress | None = None) -> int:
    """Rewrite the tokens of every person with an Arabic letter in a name; returns how many.

    ``progress(seen, reindexed)`` is called after each batch (committed on its own).
    """
    model = indexed_model()
    seen = done = 0
    last = None
    while True:
        query = select(model).order_by(model.id).limit(batch_size)
        if last is not None:
            query = query.where(model.id > last)
        people = list(session.scalars(query))
        if not people:
            break
        last = people[-1].id
        for person in people:
            seen += 1
            try:
                texts = _indexed_texts(person)
            except CryptoError:
                continue  # shredded: nothing to read, nothing to find
            if not any(has_arabic(t) for t in texts):
                continue
            rows = [{"family": f, "token": t, "person_id": person.id}
                    for f, t in sorted(person_tokens(person))]
            session.execute(delete(PERSON_SEARCH_TOKEN)
                            .where(PERSON_SEARCH_TOKEN.c.person_id == person.id))
            if rows:
                session.execute(insert(PERSON_SEARCH_TOKEN), rows)
            done += 1
        session.commit()
        session.expunge_all()
        dek_cache().clear()
        term_cache().clear()
        if progress is not None:
            progress(seen, done)
    return done
