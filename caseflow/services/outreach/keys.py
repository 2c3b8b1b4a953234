"""The data key of each outreach session: made when the session is, opened before any of
its encrypted fields (or its contacts') is read or written.

The key is sealed under the KEK by caseflow.crypto.secrets and cached for the request
in the same cache as persons' keys (keyed by the session's id), so that the field
encryption of caseflow.crypto works unchanged for sessions and contacts.
The column is registered in caseflow.crypto.sealed (OUTREACH_SESSION_KEY: its purpose and
context come from there), so `rotate-keys` reseals these keys (the key itself, hence the
fields, unchanged) and `retire-kek` refuses a KEK version that still seals one.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseflow.crypto.envelope import DataKey
from caseflow.crypto.sealed import OUTREACH_SESSION_KEY
from caseflow.crypto.secrets import decrypt_secret, encrypt_secret
from caseflow.crypto.setup import dek_cache

PURPOSE = OUTREACH_SESSION_KEY.purpose


def _context(session_id) -> str:
    return OUTREACH_SESSION_KEY.context(session_id)  # outreach_session.sealed_key|<id>


def give_key(session) -> None:
    """A fresh key for a new session (its id set): sealed on the row, cached for the request."""
    dek, key_id = AESGCM.generate_key(256), os.urandom(4)
    session.sealed_key = encrypt_secret(key_id + dek, purpose=PURPOSE,
                                        context=_context(session.id))
    dek_cache()[session.id] = DataKey(key_id, AESGCM(dek))


def open_key(session) -> None:
    """Make the session's key available for this request (once)."""
    cache = dek_cache()
    if session.id in cache:
        return
    raw = decrypt_secret(session.sealed_key, purpose=PURPOSE, context=_context(session.id))
    cache[session.id] = DataKey(raw[:4], AESGCM(raw[4:]))
