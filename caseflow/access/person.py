"""One user's access to one person, decided once per request (docs/SECURITY.md, Access rules).

`PersonAccess` holds what every page and service of a person asks: the grant that lets
the user in, the person's consents read once, the disciplines shared with this user under
those consents, the sites where the user may write, and the questions about each kind of
record (the rules themselves live beside this module: notes.py, followup.py,
certificates.py, whose rule classes it joins). `person_or_404` builds it when a page
loads the person; `person_access(user, person)` returns that same object for the rest of
the request, so the consent history is read once per page whatever the number of panels,
timeline sources and checks that need it.

Memoised per request only (flask.g, keyed by user and person): a consent withdrawn, a
grant ended or a transfer recorded counts from the next request at the latest, and at
once within the request that records a consent (`forget`).
"""

from __future__ import annotations

import enum
from functools import cached_property

from flask import g, has_request_context, request

from caseflow import consent_state
from caseflow.access import ALL_SITES_ROLES, reads_people
from caseflow.access.certificates import CertificateRules
from caseflow.access.followup import FollowUpRules
from caseflow.access.notes import NoteRules

_MEMO = "_caseflow_person_access"


class Grant(enum.StrEnum):
    """What lets the user into the person's record."""

    OWN_SITE = "own_site"  # an active enrolment at one of the user's sites
    FORMER_SITE = "former_site"  # the person was followed at one of the user's sites
    SUPERVISION = "supervision"  # the medical coordinator, across sites (audited as such)
    EMERGENCY = "emergency"  # an open break-glass grant, the only way in


class PersonAccess(NoteRules, FollowUpRules, CertificateRules):
    """The user's access to the person; build it with `person_access` (or person_or_404)."""

    def __init__(self, user, person, grant: Grant | None, emergency=None):
        self.user = user
        self.person = person
        self.grant = grant  # None: the user does not reach the person (loaders say 404)
        self.emergency = emergency  # the BreakGlassAccess when grant is EMERGENCY

    def __repr__(self) -> str:  # ids only: no personal data
        return f"<PersonAccess user={self.user.id} person={self.person.id} {self.grant}>"

    # --- The person's consents, read once -----------------------------------------------

    @cached_property
    def consents(self) -> list:
        """Every consent decision of the person, the latest recorded first (one query)."""
        return consent_state.history(self.person.id)

    @cached_property
    def consents_in_force(self) -> dict:
        return consent_state.current(self.person.id, self.consents)

    @property
    def consents_awaiting(self) -> list:
        return consent_state.awaiting(self.consents)

    @cached_property
    def shared_with_team(self) -> frozenset:
        """The disciplines the person agreed to share with the whole care team."""
        return frozenset(consent_state.shared_from_state(self.consents_in_force))

    @property
    def shared_disciplines(self) -> frozenset:
        """What the team shares with this user: nothing through a break-glass grant (the
        user is not in the care team the person shares with)."""
        return frozenset() if self.emergency is not None else self.shared_with_team

    def partner_decisions(self) -> list:
        """The person's decisions about sharing with outside partners, latest first."""
        from caseflow.vocabulary import ConsentPurpose

        return [c for c in self.consents if c.purpose == ConsentPurpose.PARTNER_SHARING]

    def is_given(self, purpose, scope: str = "") -> bool:
        from caseflow.vocabulary import ConsentDecision

        row = self.consents_in_force.get((purpose, scope))
        return row is not None and row.decision == ConsentDecision.GIVEN

    # --- Sites ---------------------------------------------------------------------------

    @property
    def writable_sites(self) -> set[int]:
        """Owning sites of the person's active enrolments where this user is a member.

        Supervision is read-only: a coordinator writes only at her own sites, like
        everyone else (rule 5). A break-glass grant writes no record but a note."""
        if not reads_people(self.user):
            return set()
        owning = {e.site_id for e in self.person.enrolments if e.active}
        return owning & self.user.site_ids

    @property
    def may_write(self) -> bool:
        return bool(self.writable_sites)

    @property
    def audit_purpose(self) -> str | None:
        """The purpose of what the user reads or writes: break_glass through a grant."""
        from caseflow.access.break_glass import PURPOSE

        return PURPOSE if self.emergency is not None else None

    @property
    def may_print_card(self) -> bool:
        """During an emergency access: read and note only, no card to print."""
        return self.emergency is None

    def site_clause(self, site_column):
        """SQL condition on the site of a record (note, appointment, referral, certificate).

        The team that follows the person now reads the whole record; a site the person
        left keeps reading what was done there (its own history); coordinators read
        everything for supervision; a break-glass grant reads like the current team."""
        from sqlalchemy import false, true

        if self.user.role in ALL_SITES_ROLES and reads_people(self.user):
            return true()
        if self.grant in (Grant.OWN_SITE, Grant.EMERGENCY):
            return true()
        sites = self.user.site_ids if reads_people(self.user) else set()
        if not sites:
            return false()
        return site_column.in_(sorted(sites))


# --- Building it, once per request ---------------------------------------------------------


def _memo() -> dict | None:
    """This request's PersonAccess objects (None outside a request: nothing is kept)."""
    if not has_request_context():
        return None
    current = request._get_current_object()
    held = getattr(g, _MEMO, None)
    if held is None or held[0] is not current:
        held = (current, {})
        setattr(g, _MEMO, held)
    return held[1]


def grant_of(user, person, *, in_scope: bool | None = None, emergency=None):
    """(grant, break-glass grant) of `user` on `person`; `in_scope`: already known by the
    caller (person_or_404's scoped query), else asked of the database when needed."""
    if not reads_people(user):
        return None, None
    sites = user.site_ids
    enrolled = [e for e in person.enrolments if e.site_id in sites]
    if any(e.active for e in enrolled):
        return Grant.OWN_SITE, None
    if enrolled:
        return Grant.FORMER_SITE, None
    if user.role in ALL_SITES_ROLES:
        return Grant.SUPERVISION, None
    if in_scope is None:
        in_scope = _transferred_from(user, person.id)
    if in_scope:
        return Grant.FORMER_SITE, None
    if emergency is None:
        from caseflow.access.break_glass import active_grant

        emergency = active_grant(user, person.id)
    return (Grant.EMERGENCY, emergency) if emergency is not None else (None, None)


def _transferred_from(user, person_id) -> bool:
    from sqlalchemy import select

    from caseflow.access import in_scope_clause
    from caseflow.extensions import db
    from caseflow.models.person import Person

    return db.session.scalar(
        select(Person.id).where(Person.id == person_id, in_scope_clause(user, Person.id))
    ) is not None


def person_access(user, person, *, in_scope: bool | None = None,
                  emergency=None) -> PersonAccess:
    """The access of `user` to `person` for this request (built on first use)."""
    memo = _memo()
    key = (user.id, person.id)
    if memo is not None and key in memo:
        return memo[key]
    grant, emergency = grant_of(user, person, in_scope=in_scope, emergency=emergency)
    access = PersonAccess(user, person, grant, emergency)
    if memo is not None:
        memo[key] = access
    return access


def forget(person_id) -> None:
    """A consent was recorded for this person: the next question reads the history again."""
    memo = _memo()
    if memo is not None:
        for key in [k for k in memo if k[1] == person_id]:
            del memo[key]


def emergency_grants() -> list:
    """The break-glass grants the pages of this request were read through (for the banner)."""
    memo = _memo() or {}
    return [a.emergency for a in memo.values() if a.emergency is not None]
