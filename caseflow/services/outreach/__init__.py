"""Outreach at disembarkation points and detention centres in Libya (issue 19).

Who: the medical discipline's clinical roles (doctor, nurse, midwife) of the session's
site, and coordinators (every site): contacts hold triage, complaints, vital signs and
treatment, medical content that social, legal, psychology and protection staff do not
read or write (DESIGN access rules 2 and 5). The data
manager sees aggregates only (the indicators), never these pages; administrators neither.
The places list is the coordinator's. Each operation checks, changes and writes its audit
event together (places.py, sessions.py, contacts.py); keys.py holds the sessions' data keys.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow import countries
from caseflow.disciplines import medical
from caseflow.roles import Role
from caseflow.services import ServiceError

OUTREACH_ROLES = frozenset(medical.SPEC.roles)  # doctor, nurse, midwife, coordinator


class InputErrors(ServiceError):
    """Several fields refused at once: {field name: message}, the first one as `message`."""

    def __init__(self, errors: dict[str, object]):
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field)
        self.errors = errors


def may_manage_places(user) -> bool:
    return user.is_authenticated and user.role is Role.COORDINATOR


def outreach_site_ids(user) -> set[int] | None:
    """Sites whose sessions the user may open: None = every outreach site (coordinators)."""
    if not user.is_authenticated or user.role not in OUTREACH_ROLES:
        return set()
    if user.role is Role.COORDINATOR:
        return None
    return {m.site_id for m in user.memberships if countries.country(m.site.country).outreach}


def may_open(user, site_id: int) -> bool:
    sites = outreach_site_ids(user)
    return sites is None or site_id in sites


NOT_AN_OUTREACH_SITE = _l("Outreach sessions are recorded for the Libya sites only.")
