"""Programmes as data: the pathways a person can be enrolled in, their states and outcomes.

A programme is a plain definition (no database table): states with labels, the
initial state, allowed transitions with the disciplines that may make them,
and terminal states with outcomes. The follow-up issue validates state changes
against `transitions`; intake only needs the programme and its initial state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caseflow.disciplines import Discipline


@dataclass(frozen=True)
class Programme:
    key: str
    label: object
    states: dict[str, object]
    initial: str
    transitions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    terminal: frozenset[str] = frozenset()
    movers: frozenset[Discipline] = frozenset(Discipline)
    # Days without any contact after which the person is listed as lost to follow-up.
    lost_after_days: int = 60
    # A programme whose enrolment and steps say as much as a discipline-only note
    # (protection: "risk identified", "referred to a protection actor") is shown only to
    # these disciplines; None: the whole care team, as every other programme.
    confidential_to: frozenset[Discipline] | None = None

    def shown_to(self, user) -> bool:
        return self.confidential_to is None or getattr(user, "discipline", None) in \
            self.confidential_to

    def state_label(self, state: str):
        return self.states.get(state, state)

    def may_move(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, ())


PROGRAMMES: dict[str, Programme] = {}


def register(programme: Programme) -> Programme:
    assert programme.initial in programme.states
    for source, targets in programme.transitions.items():
        assert source in programme.states and all(t in programme.states for t in targets)
    PROGRAMMES[programme.key] = programme
    return programme


def get(key: str) -> Programme | None:
    return PROGRAMMES.get(key)


def choices(user=None) -> list[tuple[str, object]]:
    """The programmes to choose from (for `user`: those shown to them)."""
    return [(p.key, p.label) for p in PROGRAMMES.values() if user is None or p.shown_to(user)]


def hidden_from(user) -> list[str]:
    """The keys of the programmes `user` may not see (enrolments, steps, labels)."""
    return [p.key for p in PROGRAMMES.values() if not p.shown_to(user)]


from caseflow.pathways import definitions  # noqa: E402, F401  (registers the programmes)
