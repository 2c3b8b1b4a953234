"""Consents that would widen what their own recorder reads (issue 14).

Sharing inside the care team (secret partagé) opens a discipline's `team`
notes to the rest of the team. A professional who records such a consent for
a discipline she cannot read would, on her own word alone, read notes her role
keeps from her. So the rule is:

- A consent to sharing inside the team that opens, to its recorder, a
  discipline she does not read yet (not her own, not already shared) waits for
  confirmation, on a record that already holds notes. While it waits it grants
  nothing: the decision in force stays the previous one.
- A second professional confirms it: a member of a site that follows the
  person whose discipline the consent opens (for the whole team: any discipline
  but the recorder's), or a medical coordinator. Never the recorder.
- A refusal or a withdrawal narrows: it takes effect at once, like any consent
  about other purposes (care, data processing, certificates, partners), which
  open nothing to their recorder.
- At registration (a record with no note yet) the intake consents take effect
  at once: there is nothing to read yet, and every consent change is listed on
  the coordinator's review page (/audit/consents).

A consent to share with an outside partner covers that partner only: recorded from
the person page, it is filed under the scope of the partner named
(`consent_scope`), so that a decision about one partner never opens another.
"""

from __future__ import annotations

from caseflow.access import ALL_SITES_ROLES, reads_people
from caseflow.disciplines import Discipline
from caseflow.vocabulary import ConsentDecision, ConsentPurpose


def opened_to_recorder(recorder, purpose, decision, scope: str,
                       already_shared: set) -> set:
    """The disciplines a new consent would let its recorder read that she does not read now."""
    if recorder is None or purpose != ConsentPurpose.TEAM_SHARING:
        return set()
    if decision != ConsentDecision.GIVEN:
        return set()
    if scope == "all":
        opened = set(Discipline)
    else:
        try:
            opened = {Discipline(scope)}
        except ValueError:
            return set()
    return opened - set(already_shared) - {recorder.discipline}


def may_confirm_consent(user, person, consent, recorder) -> bool:
    """May this user confirm this consent, awaiting confirmation, of this person?"""
    if not consent.awaiting_confirmation or not reads_people(user):
        return False
    if user.id == consent.recorded_by_id:
        return False
    if user.role in ALL_SITES_ROLES:
        return True
    from caseflow.access.person import person_access

    if user.discipline is None or not person_access(user, person).may_write:
        return False
    if consent.scope == "all":
        return recorder is None or user.discipline != recorder.discipline
    return user.discipline.value == consent.scope


def consent_scope(purpose, chosen: str, named_partner_scope: str | None) -> str:
    """The scope a consent recorded on the person page is filed under: for sharing with an
    outside partner who is named, that partner's own scope (`named_partner_scope`, the
    digest of the name); otherwise the discipline or the whole team chosen, if any."""
    if purpose == ConsentPurpose.PARTNER_SHARING and named_partner_scope:
        return named_partner_scope
    return chosen or ""
