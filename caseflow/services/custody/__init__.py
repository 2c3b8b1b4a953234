"""Memory custody of the keys, as the people of a site use it: unlock in the morning with a
coordinator's passphrase, seal at night or when a machine may be taken (docs/OFFLINE.md).

Each operation writes its audit event. Sealing writes the event *before* wiping the keys
(the event itself needs no key, but the transaction must not wait on anything once the
keys are gone); a failed unlock is recorded too, so that guessing shows in the trail.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from caseflow import crypto
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.user_session import UserSession
from caseflow.services import ServiceError

__all__ = ["add_passphrase", "in_memory_custody", "is_sealed", "remove_passphrase", "seal",
           "slots", "unlock"]

in_memory_custody = crypto.in_memory_custody
is_sealed = crypto.keys_sealed
slots = crypto.unlock_slots


def unlock(passphrase: str) -> None:
    """Unlock the keys with one of the keyring's passphrases; the slot's label is audited."""
    if not crypto.in_memory_custody():
        raise ServiceError(_l("This server keeps its keys in files: there is nothing to unlock."))
    try:
        label = crypto.unlock_keys(passphrase or "")
    except crypto.WrongPassphraseError:
        record_event(Action.UNLOCK_FAILED, object_type="keys")
        db.session.commit()
        raise ServiceError(_l("This passphrase does not unlock the keys. Check it (capital "
                              "letters, spaces) and try again."), field="passphrase") from None
    record_event(Action.KEYS_UNLOCKED, object_type="keys", details={"slot": label})
    db.session.commit()


def seal(actor=None, *, by: str = "page") -> bool:
    """Wipe the keys from memory now, and sign everyone out; True if the keys were unlocked.
    ``actor`` None: a command.

    Why every session ends: a coordinator seals when the machine may be taken, or the team
    leaves in a hurry; a phone still signed in then must not open the records again the
    moment someone unlocks. After the unlock, everyone signs in again (password and code).
    """
    if not crypto.in_memory_custody():
        raise ServiceError(_l("This server keeps its keys in files: it cannot be sealed. "
                              "See the offline guide to keep the keys in memory only."))
    ended = db.session.execute(delete(UserSession)).rowcount
    record_event(Action.KEYS_SEALED, actor_id=actor.id if actor is not None else None,
                 object_type="keys", details={"by": by, "sessions_ended": ended})
    db.session.commit()
    return crypto.seal_keys()


def add_passphrase(passphrase: str, label: str, actor=None) -> str:
    """Another coordinator's passphrase (the keys must be unlocked); the new slot's id."""
    try:
        slot_id = crypto.add_unlock_passphrase(passphrase, label)
    except crypto.SealedError:
        raise ServiceError(_l("Unlock the keys first.")) from None
    except crypto.CryptoError as error:
        raise ServiceError(str(error), field="passphrase") from None
    record_event(Action.UNLOCK_PASSPHRASE_ADDED, actor_id=actor.id if actor else None,
                 object_type="keys", details={"slot": label})
    db.session.commit()
    return slot_id


def remove_passphrase(slot_id: str, actor=None) -> None:
    labels = {slot["id"]: slot["label"] for slot in crypto.unlock_slots()}
    try:
        crypto.remove_unlock_passphrase(slot_id)
    except crypto.CryptoError as error:
        raise ServiceError(str(error)) from None
    record_event(Action.UNLOCK_PASSPHRASE_REMOVED, actor_id=actor.id if actor else None,
                 object_type="keys", details={"slot": labels.get(slot_id, slot_id)})
    db.session.commit()
