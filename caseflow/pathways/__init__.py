"""Programmes as data: the pathways a person can be enrolled in, their states and outcomes.

A programme is a plain definition (no database table): states with labels, the
initial state, allowed transitions with the disciplines that may make them,
and terminal states with outcomes. The follow-up issue validates state changes
against `transitions`; intake only needs the programme and its initial state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caseflow.roles import Discipline


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


def choices() -> list[tuple[str, object]]:
    return [(p.key, p.label) for p in PROGRAMMES.values()]


from caseflow.pathways import definitions  # noqa: E402, F401  (registers the programmes)
