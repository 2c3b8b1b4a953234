"""Crypto-shredding: delete a person's wrapped DEK, and with it every copy of their data.

Ciphertexts stay where they are (rows, backups, replicas) but no key opens
them any more. Search tokens go too, so the person is no longer findable.
The caller commits (or rolls back) with the rest of the erasure.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete
from sqlalchemy.orm import Session

from caseflow.crypto import envelope
from caseflow.crypto.fields import AD_IDS, KEY_REF, PENDING
from caseflow.crypto.tables import PERSON_KEY, PERSON_SEARCH_TOKEN


def shred_person(session: Session, person_id: uuid.UUID) -> bool:
    """Delete the person's data key and search tokens; True if a key was deleted."""
    session.flush()
    deleted = session.execute(delete(PERSON_KEY).where(PERSON_KEY.c.person_id == person_id))
    session.execute(delete(PERSON_SEARCH_TOKEN)
                    .where(PERSON_SEARCH_TOKEN.c.person_id == person_id))
    envelope.forget(person_id)
    _forget_plaintexts(session, person_id)
    return bool(deleted.rowcount)


def _forget_plaintexts(session: Session, person_id: uuid.UUID) -> None:
    """Drop decrypted values cached on loaded rows of this person."""
    for obj in list(session.identity_map.values()):
        attr = getattr(type(obj), "__encrypted_person_attr__", None)
        if attr is None or obj.__dict__.get(attr) != person_id:
            continue
        for name in list(obj.__dict__):
            if name.startswith("_caseflow_plain_") or name in (
                    PENDING, "_caseflow_new_key", KEY_REF, AD_IDS):
                del obj.__dict__[name]
