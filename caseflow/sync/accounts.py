"""Accounts and sites a clinic box receives from central, landed as central holds them.

Central is the source of users and sites (caseflow/sync/fill.py): a box is filled with its
staff's accounts (their password hashes, and their two-factor seeds sealed to the box and
sealed again here under its own key), the cards of other authors its records name
(inactive, no password, no seed: a name on a note), and every site. The same landing
serves the fill, the pull (an author the box does not know yet: a colleague who joined
the site after the fill, a doctor who wrote centrally) and a person's late fill (someone
transferred to the box's site after its fill), so that a record never waits on its author.
"""

from __future__ import annotations

import base64
from typing import Any

from flask import current_app
from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from caseflow import crypto
from caseflow.sync import fill
from caseflow.sync.stored import from_json

CENTRAL = "central"


def upsert(session: Session, table: Any, values: dict, keep: frozenset = frozenset()) -> None:
    """A row of central's, by its id: inserted, or its columns (but ``keep``) replaced."""
    if session.execute(select(table.c.id).where(table.c.id == values["id"])).first() is None:
        session.execute(insert(table).values(**values))
    else:
        session.execute(update(table).where(table.c.id == values["id"])
                        .values(**{k: v for k, v in values.items() if k not in keep}))


def account(session: Session, user: dict) -> None:
    """A staff account (signs in here, its seed sealed again under this box's KEK) or an
    author's card (inactive, no password, no seed, no site)."""
    from caseflow.crypto.secrets import encrypt_secret
    from caseflow.models.user import SiteMembership, User, new_session_token

    table, memberships = User.__table__, SiteMembership.__table__
    values = {k: from_json(table.c[k], v) for k, v in user["values"].items() if k in table.c}
    user_id = values["id"]
    if user["kind"] == "staff":
        values["totp_secret"] = None
        if user.get("totp"):
            seed = crypto.open_transported_secret(
                base64.b64decode(user["totp"]), purpose=fill.TOTP_PURPOSE, sender=CENTRAL,
                recipient=current_app.config["SYNC_DEVICE"], subject=str(user_id))
            values["totp_secret"] = encrypt_secret(seed, purpose=fill.TOTP_PURPOSE,
                                                   context=fill.totp_context(user_id))
    else:
        values.update(active=False, password_hash=fill.UNUSABLE_PASSWORD, totp_secret=None,
                      totp_enabled_at=None, totp_last_step=None)
    upsert(session, table, {**values, "session_token": new_session_token()},
            keep=frozenset({"session_token"}))
    rows = [{"id": m["id"], "user_id": user_id, "site_id": m["site_id"],
             "created_at": from_json(memberships.c.created_at, m["created_at"])}
            for m in user.get("memberships", [])]
    session.execute(delete(memberships).where(or_(
        memberships.c.user_id == user_id, memberships.c.id.in_([r["id"] for r in rows]))))
    if rows:
        session.execute(insert(memberships), rows)


def reference(session: Session, answer: dict) -> None:
    from caseflow.models.site import Site

    table = Site.__table__
    for site in answer.get("sites", []):
        upsert(session, table, {k: from_json(table.c[k], v) for k, v in site.items()
                                 if k in table.c})
    for user in answer.get("users", []):
        account(session, user)
