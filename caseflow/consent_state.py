"""The consents in force for a person, derived from their append-only history.

Access decides what the care team reads from this state (a `team` note is shared
only while the person's consent to sharing its discipline is in force), and the
services that record consents read it too: so it lives below both, and imports
neither. One query (``history``); everything else is pure functions over its rows.
A page reads the history once, through the user's PersonAccess
(caseflow/access/person.py), which derives everything it needs from those rows;
``is_given``, ``shares_with_team`` and ``team_shared_disciplines`` read the history
for one question asked outside a page (commands, checks).

The decision in force for a purpose and scope is the latest one recorded (the
order of recording, not the date the person decided: a withdrawal recorded
today with yesterday's date still overrides the consent recorded before it). A
decision that awaits a second professional's confirmation is not in force yet:
the one before it still is. A withdrawal takes effect at once, because every
access check reads this derived state and nothing is overwritten.
"""

from __future__ import annotations

from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.consent import Consent
from caseflow.vocabulary import ConsentDecision, ConsentPurpose


def history(person_id) -> list[Consent]:
    """Every consent decision of a person, the latest recorded first."""
    return list(db.session.scalars(
        select(Consent).where(Consent.person_id == person_id)
        .order_by(Consent.recorded_at.desc())
    ))


def current(person_id, rows: list[Consent] | None = None) -> dict[tuple, Consent]:
    """The decision in force for each (purpose, scope) the person was asked about.

    ``rows``: the person's history already read (latest recorded first)."""
    state: dict[tuple, Consent] = {}
    for row in rows if rows is not None else history(person_id):
        if not row.awaiting_confirmation:
            state.setdefault(row.key, row)  # rows come latest first
    return state


def awaiting(rows: list[Consent]) -> list[Consent]:
    """The decisions recorded last for their purpose and scope that still await confirmation
    (an earlier one, replaced by a later decision, is history only)."""
    latest: dict[tuple, Consent] = {}
    for row in rows:  # latest recorded first
        latest.setdefault(row.key, row)
    return [row for row in latest.values() if row.awaiting_confirmation]


def is_given(person_id, purpose: ConsentPurpose, scope: str = "") -> bool:
    """Is the decision in force for this purpose and scope a consent given?"""
    row = current(person_id).get((purpose, scope))
    return row is not None and row.decision == ConsentDecision.GIVEN


def shares_with_team(person_id, discipline: Discipline | None = None) -> bool:
    """Secret partagé: the person agreed that the care team may share this discipline's notes
    (without a discipline: the decision about the whole team)."""
    if discipline is None:
        row = current(person_id).get((ConsentPurpose.TEAM_SHARING, "all"))
        return row is not None and row.decision == ConsentDecision.GIVEN
    return discipline in team_shared_disciplines(person_id)


def team_shared_disciplines(person_id) -> set:
    """The disciplines whose `team` records the rest of the care team may read now."""
    return shared_from_state(current(person_id))


def shared_from_state(state: dict) -> set:
    """The same, from a state already derived (lists compute it for many people at once).

    The latest decision wins, whether it was about one discipline or the whole team."""
    everyone = state.get((ConsentPurpose.TEAM_SHARING, "all"))
    shared = set()
    for discipline in Discipline:
        candidates = [r for r in (state.get((ConsentPurpose.TEAM_SHARING, discipline.value)),
                                  everyone) if r is not None]
        if not candidates:
            continue
        latest = max(candidates, key=lambda r: r.recorded_at)
        if latest.decision == ConsentDecision.GIVEN:
            shared.add(discipline)
    return shared
