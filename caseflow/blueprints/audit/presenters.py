"""How audit events read on the review pages: translated labels, local times, links.

Events store stable English keys (action, object type, purpose); the coordinator
reads them in her language. A key added later without a label shows as itself
rather than failing, so that a new action never hides an event from the review.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from caseflow.audit import Action
from caseflow.roles import Role
from caseflow.services.safeguards.audit_review import EventLine

ACTION_LABELS = {
    Action.LOGIN: _l("Sign-in"),
    Action.LOGIN_FAILED: _l("Failed sign-in"),
    Action.LOGOUT: _l("Sign-out"),
    Action.SESSION_EXPIRED: _l("Session expired"),
    Action.ACCOUNT_LOCKED: _l("Account locked"),
    Action.PASSWORD_CHANGED: _l("Password changed"),
    Action.PASSWORD_RESET: _l("Password reset"),
    Action.USER_CREATED: _l("Account created"),
    Action.USER_UPDATED: _l("Account changed"),
    Action.USER_DEACTIVATED: _l("Account deactivated"),
    Action.USER_REACTIVATED: _l("Account reactivated"),
    Action.USER_UNLOCKED: _l("Account unlocked"),
    Action.SITE_CREATED: _l("Site created"),
    Action.SITE_UPDATED: _l("Site changed"),
    Action.VIEW: _l("Opened"),
    Action.CREATE: _l("Created"),
    Action.UPDATE: _l("Changed"),
    Action.EXPORT: _l("Exported"),
    Action.PRINT: _l("Printed"),
    Action.ISSUE: _l("Issued"),
    Action.ISSUE_CONFIRMED: _l("Issue confirmed, awaiting the password"),
    Action.REVOKE: _l("Revoked"),
    Action.VERIFY: _l("Checked on the public verification page"),
    Action.BREAK_GLASS: _l("Emergency access (break-glass)"),
    Action.AUDIT_PURGE: _l("Old audit events purged"),
    # Actions of the other parts of issue 7, by value so that a rename there cannot break
    # this page (an unknown value still shows, as itself).
    "two_factor_enabled": _l("Two-factor sign-in enabled"),
    "two_factor_disabled": _l("Two-factor sign-in disabled"),
    "two_factor_reset": _l("Two-factor sign-in reset"),
    "two_factor_failed": _l("Wrong two-factor code"),
    "recovery_code_used": _l("Recovery code used"),
    "reauthenticated": _l("Identity confirmed again"),
    "reauth_failed": _l("Identity confirmation failed"),
    "erase": _l("Record erased"),
    # Issue 14: access asked for an account and a coordinator's decision; consents confirmed.
    "role_grant_requested": _l("Access asked for an account"),
    "role_grant_approved": _l("Access approved"),
    "role_grant_refused": _l("Access refused"),
    "consent_confirmed": _l("Consent confirmed"),
    "sessions_ended": _l("All sessions ended by an administrator"),
    # Issue 21: memory custody of the keys.
    Action.KEYS_UNLOCKED: _l("Keys unlocked"),
    Action.UNLOCK_FAILED: _l("Wrong unlock passphrase"),
    Action.KEYS_SEALED: _l("Keys sealed"),
    Action.UNLOCK_PASSPHRASE_ADDED: _l("Unlock passphrase added"),
    Action.UNLOCK_PASSPHRASE_REMOVED: _l("Unlock passphrase removed"),
    Action.BOX_ENROLLED: _l("Clinic box enrolled"),
    Action.BOX_REVOKED: _l("Clinic box revoked"),
    Action.BOX_REFUSED: _l("Clinic box refused"),
    Action.BOX_KEY_PINNED: _l("Clinic box key recorded"),
    Action.BOX_KEYS_SENT: _l("Data keys sent to a clinic box"),
    Action.BOX_PUSH_RECEIVED: _l("Changes received from a clinic box"),
    Action.SYNC_RUN: _l("Sync with the central server"),
    Action.BOX_AUDIT_CHECKPOINT: _l("Clinic box audit checkpoint kept"),
}

OBJECT_TYPE_LABELS = {
    "break_glass_attempt": _l("Emergency access form sent"),
    "person": _l("Person's record"),
    "person_search": _l("Search for people"),
    "note": _l("Note"),
    "consent": _l("Consent"),
    "vulnerability_flag": _l("Vulnerability"),
    "enrolment": _l("Pathway"),
    "enrolment_transfer": _l("Transfer between sites"),
    "appointment": _l("Appointment"),
    "appointment_list": _l("Appointments of the day"),
    "lost_to_follow_up": _l("Lost to follow-up list"),
    "referral": _l("Referral"),
    "referral_letter": _l("Referral letter"),
    "certificate": _l("Certificate"),
    "duplicate_check": _l("Duplicate check"),
    "possible_duplicate": _l("Possible duplicate"),
    "duplicates_queue": _l("Possible duplicates"),
    "person_merge": _l("Merge of two records"),
    "morbidity_code": _l("Morbidity list"),
    "user": _l("Account"),
    "site": _l("Site"),
    "report": _l("Report"),
    "audit": _l("Audit trail"),
    "break_glass_offer": _l("Emergency access offered"),
    "break_glass_access": _l("Emergency access"),
    "subject_access": _l("Copy of a person's data"),
    "retention_review": _l("Records past their retention date"),
    "consent_review": _l("Consent records"),
    "certificate_register": _l("Certificate register"),
    "indicators": _l("Indicators"),
    "worklist": _l("Home page (worklist)"),
    "caseload": _l("Caseloads"),
    "referent": _l("Referent"),
    "task": _l("Task"),
}

PURPOSE_LABELS = {
    "supervision": _l("Supervision across sites"),
    "audit review": _l("Audit review"),
    "retention": _l("End of retention period"),
    "card": _l("Person's card"),
    "merge": _l("Merge of duplicates"),
    "certificate": _l("Certificate"),
    "print referral letter": _l("Referral letter"),
    "break_glass": _l("Emergency access (break-glass)"),
    "break_glass_review": _l("Review of emergency accesses"),
}

# Reads and writes made through an emergency grant carry this purpose (access/break_glass.py).
BREAK_GLASS_PURPOSE = "break_glass"


def _readable(key: str) -> str:
    return key.replace("_", " ").capitalize()


def action_label(action: str):
    return ACTION_LABELS.get(action) or _readable(action)


def action_choices() -> list[tuple[str, str]]:
    """Every action, by its label in the reader's language."""
    keys = {a.value for a in Action} | {str(k) for k in ACTION_LABELS}
    return sorted(((k, str(action_label(k))) for k in keys), key=lambda c: c[1].lower())


def is_break_glass(line: EventLine) -> bool:
    details = line.event.details if isinstance(line.event.details, dict) else {}
    return (line.event.action == Action.BREAK_GLASS or line.event.purpose == BREAK_GLASS_PURPOSE
            or bool(details.get("break_glass")))


def _role_label(role) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return str(role or "")


def row(line: EventLine) -> dict:
    """One table row; every value already decided here, the template only prints."""
    event = line.event
    if event.actor_id is None:
        actor, actor_url = _l("caseflow (system or public page)"), None
    else:
        actor = line.actor_name or _l("Account #%(id)s", id=event.actor_id)
        actor_url = url_for("audit.user", user_id=event.actor_id)
    return {
        "seq": event.seq,
        "when": format_datetime(event.occurred_at, "medium"),
        "actor": actor,
        "actor_url": actor_url,
        "role": _role_label(line.actor_role) if line.actor_role else "",
        "site": line.site_name or line.actor_site_name or "",
        "site_is_actors": not line.site_name and bool(line.actor_site_name),
        "action": event.action,
        "action_label": action_label(event.action),
        "break_glass": is_break_glass(line),
        "object": OBJECT_TYPE_LABELS.get(event.object_type) or _readable(event.object_type or ""),
        "person_code": event.person_code or "",
        "person_url": (url_for("audit.person", code=event.person_code)
                       if event.person_code else None),
        "purpose": PURPOSE_LABELS.get(event.purpose, event.purpose or ""),
        "address": event.remote_addr or "",
    }
