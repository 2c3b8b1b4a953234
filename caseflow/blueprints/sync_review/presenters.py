"""Words for what the sync pages show: which record and field, a stored value as its field
reads on the record's own pages, a flagged operation's reason, a box's refusal."""

from __future__ import annotations

import contextlib
import enum
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum

from caseflow.i18n import country_name, join_list, language_name
from caseflow.sync import attempts, review
from caseflow.sync.queues import UNREADABLE
from caseflow.sync.registry import model_of
from caseflow.vocabulary import BirthDatePrecision, BirthDateSource, Sex

# The kind of record a conflict or a flagged operation is about.
RECORD_LABELS = {
    "person": _l("Identity"),
    "enrolment": _l("Enrolment"),
    "vulnerability_flag": _l("Vulnerabilities"),
    "consent": _l("Consent"),
    "note": _l("Note"),
    "note_revision": _l("Earlier version of a note"),
    "appointment": _l("Appointment"),
    "referral": _l("Referral"),
    "referral_status_change": _l("Referral status"),
}

# A field's label as the record's forms and pages say it.
FIELD_LABELS = {
    ("person", "family_name"): _l("Family name"),
    ("person", "given_names"): _l("Given names"),
    ("person", "aliases"): _l("Other names"),
    ("person", "birth_date"): _l("Date of birth"),
    ("person", "birth_year"): _l("Year of birth"),
    ("person", "birth_date_precision"): _l("Date of birth"),
    ("person", "birth_date_source"): _l("Date of birth"),
    ("person", "sex"): _l("Sex"),
    ("person", "nationality"): _l("Nationality"),
    ("person", "languages"): _l("Languages"),
    ("person", "interpreter_needed"): _l("needs an interpreter"),
    ("person", "phone"): _l("Phone"),
    ("person", "contact_notes"): _l("How to reach"),
    ("person", "code"): _l("Code"),
}
COLUMN_LABELS = {
    "text": _l("Text"),
    "details": _l("Details"),
    "kind": _l("Kind"),
    "occurred_at": _l("Date and time"),
    "scheduled_at": _l("Date and time"),
    "confidentiality": _l("Confidentiality"),
    "codes": _l("Codes"),
    "status": _l("Status"),
    "note": _l("Note"),
    "reason": _l("Reason"),
    "outcome": _l("Outcome"),
    "partner_name": _l("Partner"),
    "urgency": _l("Urgency"),
    "site_id": _l("Site"),
    "state": _l("State"),
    "ended_on": _l("Ended on"),
    "outcome_on": _l("Outcome date"),
}

# Columns stored as plain strings whose codes have labels.
CODED = {("person", "sex"): Sex, ("person", "birth_date_precision"): BirthDatePrecision,
         ("person", "birth_date_source"): BirthDateSource}
# Values read left to right in every language.
LTR_COLUMNS = frozenset({"phone", "code"})

REASONS = {
    review.AUTHOR_INACTIVE: _l("Its author's account was deactivated here while the box was "
                               "offline. The work was applied all the same."),
    review.AUTHOR_UNKNOWN: _l("Its author has no account here. The work was applied all the "
                              "same."),
    review.AUTHOR_LEFT_SITE: _l("Its author is no longer a member of the record's site. The "
                                "work was applied all the same."),
    review.ROW_MISSING: _l("It changes a record this server does not hold (erased, or never "
                           "arrived): kept, not applied."),
    review.KEY_MISSING: _l("The person arrived before their key: not yet searchable nor "
                           "checked for duplicates."),
    review.CODE_REISSUED: _l("The person's code was already taken here: they were given a new "
                             "code. A card printed on the box carries the old one."),
    review.CODE_CLASH: _l("A person from the central server has the code the box gave to one "
                          "of its own: left out until the box's person has a new code."),
    review.COLUMNS_UNKNOWN: _l("It names fields this version does not know (a newer box): the "
                               "known ones were applied, the whole change is kept."),
    review.UNREADABLE: _l("The record's values cannot be opened here (the person was erased): "
                          "kept, not applied."),
    review.CERTIFICATE_REFUSED: _l("A certificate this box could not have issued (a number "
                                   "outside its blocks, another site, a signature not "
                                   "its own, or a withdrawn certificate made valid again): "
                                   "kept, not applied; the register is unchanged."),
    review.NOT_SYNCED: _l("A kind of record this version does not synchronise: kept, not "
                          "applied."),
}

# Why a sync did not happen, by caseflow.sync.link.LinkError's reason.
LINK_FAILURES = {
    "unreachable": _l("Not synced: the central server does not answer; nothing recorded here "
                      "is lost: it is sent at the next sync."),
    "revoked": _l("Not synced: this box was revoked: seal it and hand it to the coordinator."),
    "unknown": _l("Not synced: the central server does not know this box: seal it and hand it "
                  "to the coordinator."),
    "other-key": _l("Not synced: the central server refuses this box's key: seal it and hand "
                    "it to the coordinator."),
    "not-joined": _l("Not synced: this box has not joined the central server yet (flask "
                     "join-central)."),
    # The box's audit trail does not match what central holds of it: a box whose database
    # was restored from an old backup, or tampered with. Nothing is lost; a person decides.
    "audit-mismatch": _l("Not synced: the central server refuses this box's audit trail, "
                         "which differs from what it already holds. Nothing recorded here is "
                         "lost; tell your coordinator."),
    "audit-checkpoint": _l("Not synced: the central server refuses this box's signed audit "
                           "checkpoint. Nothing recorded here is lost; tell your "
                           "coordinator."),
}
REFUSED = _l("Not synced: the central server refused the exchange; nothing recorded here is "
             "lost: it is sent at the next sync.")
SEALED = _l("Not synced: the keys are sealed. Unlock this box first; nothing recorded here is "
            "lost.")
BROKE_HERE = _l("Not synced: something went wrong on this box; nothing recorded here is lost. "
                "If it happens again, tell your coordinator.")


def synced(sent: int, received: int, applied: int) -> str:
    """A whole sync in words: what left, what came, and of that what was new here. A box
    often receives again what it already holds (94 received, none new is an ordinary
    morning), so what was received is never shown as what changed here."""
    sent_words = ngettext("%(num)d change sent", "%(num)d changes sent", sent)
    received_words = ngettext("%(num)d change received", "%(num)d changes received", received)
    if not received:
        return _("Synced: %(sent)s, %(received)s.", sent=sent_words, received=received_words)
    return _("Synced: %(sent)s; %(received)s, %(applied)s.", sent=sent_words,
             received=received_words,
             applied=ngettext("%(num)d of them new here", "%(num)d of them new here", applied))


def attempt_outcome(attempt) -> str:
    """How the last attempt (caseflow.sync.attempts.Attempt) ended, in words."""
    if attempt.ok:
        return synced(attempt.sent, attempt.received, attempt.applied)
    if attempt.outcome == attempts.SEALED:
        return str(SEALED)
    if attempt.outcome == attempts.FAILED:
        return str(BROKE_HERE)
    return link_failure(attempt.outcome)


def record_label(table: str) -> str:
    return str(RECORD_LABELS.get(table, table))


def field_label(table: str, column: str) -> str:
    label = FIELD_LABELS.get((table, column)) or COLUMN_LABELS.get(column)
    return str(label) if label is not None else column


def reason_text(reason: str | None) -> str:
    return str(REASONS.get(reason, reason or ""))


def link_failure(reason: str) -> str:
    return str(LINK_FAILURES.get(reason, REFUSED))


def _enum_class(table: str, column: str):
    coded = CODED.get((table, column))
    if coded is not None:
        return coded
    with contextlib.suppress(KeyError):
        kind = model_of(table).__table__.c[column].type
        if isinstance(kind, Enum) and kind.enum_class is not None:
            return kind.enum_class
    return None


def _label(value: Any) -> str:
    return str(getattr(value, "label", value))


def shown(table: str, column: str, value: Any) -> str:
    """``value`` of ``table.column`` as the record's pages say it ("—" when empty)."""
    if value is UNREADABLE:
        return _("cannot be read here")
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if column == "nationality":
        return country_name(value)
    if column == "languages" and isinstance(value, list):
        return join_list(language_name(v) for v in value)
    if column == "site_id":
        from caseflow.extensions import db
        from caseflow.models.site import Site

        site = db.session.get(Site, value)
        return site.name if site is not None else str(value)
    if column.endswith("discipline"):
        from caseflow.disciplines import Discipline

        with contextlib.suppress(ValueError):
            return _label(Discipline(value))
    coded = _enum_class(table, column)
    if coded is not None:
        with contextlib.suppress(ValueError):
            member = coded(value)
            return _label(member) if not isinstance(member, enum.Enum) or hasattr(
                member, "label") else str(member.value)
    if isinstance(value, datetime):
        return format_datetime(value, "short")
    if isinstance(value, date):
        return format_date(value, "medium")
    if isinstance(value, list):
        return join_list(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def ltr(column: str) -> bool:
    return column in LTR_COLUMNS
