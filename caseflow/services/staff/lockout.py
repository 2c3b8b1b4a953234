"""Counting failed proofs of identity toward the temporary lock of an account.

A wrong password at sign-in, a wrong two-factor code at sign-in, and a wrong
password or code when confirming one's identity again all count toward the
same LOGIN_LOCK_THRESHOLD: otherwise someone who has the password could try
codes without limit, and someone holding an open session could guess the
password at the re-authentication page.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from caseflow.audit import Action, record_event
from caseflow.models.user import User


def count_failure(user: User, now: datetime, action: Action,
                  details: dict[str, Any] | None = None) -> bool:
    """Record one failure (audited as `action`); True if the account is now locked.

    The caller commits, so that the count, the lock and the events are one change.
    """
    user.failed_logins += 1
    record_event(action, actor_id=user.id, details=details)
    if user.failed_logins < current_app.config["LOGIN_LOCK_THRESHOLD"]:
        return False
    user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    user.failed_logins = 0
    record_event(Action.ACCOUNT_LOCKED, actor_id=user.id, object_type="user", object_id=user.id)
    return True


def lock_message() -> str:
    """What a locked account is told, everywhere it is told."""
    from flask_babel import ngettext

    # The duration is configured (LOGIN_LOCK_MINUTES): a plural, said as the reader's
    # language says that number (Arabic: دقيقة, دقيقتان, دقائق, دقيقة...).
    return ngettext("Too many failed sign-ins for this account. It is locked for "
                    "%(num)d minute; an administrator can unlock it sooner.",
                    "Too many failed sign-ins for this account. It is locked for "
                    "%(num)d minutes; an administrator can unlock it sooner.",
                    current_app.config["LOGIN_LOCK_MINUTES"])
