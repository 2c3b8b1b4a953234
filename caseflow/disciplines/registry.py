"""The registry of disciplines: registering a spec defines its code and its place in lists."""

from __future__ import annotations

from caseflow.disciplines.code import Discipline
from caseflow.disciplines.spec import DisciplineSpec, Field, FieldKind
from caseflow.roles import Role

_SPECS: dict[str, DisciplineSpec] = {}


def register(spec: DisciplineSpec) -> Discipline:
    """Add a discipline. Coded field names are unique across disciplines: the indicators and
    the timeline find a code's field (and its list) by name alone."""
    taken = {f.name: s.code for s in _SPECS.values() if s.code != spec.code for f in s.codes}
    clash = [f.name for f in spec.codes if f.name in taken]
    if clash:
        raise ValueError(f"coded field(s) {clash} already belong to another discipline")
    for indicator in spec.indicators:
        counted = spec.field(indicator.field)
        if counted is None or not counted.coded:
            raise ValueError(f"indicator {indicator.code}: {indicator.field} is not a coded field")
        if counted.kind is FieldKind.MANY and indicator.unit != "people":
            # A note with two codes of the list would be counted twice in the total.
            raise ValueError(f"indicator {indicator.code}: a list of codes counts people only")
        for name, _value in indicator.when:
            condition = spec.field(name)
            if condition is None or not condition.coded or condition.kind is FieldKind.MANY:
                raise ValueError(f"indicator {indicator.code}: {name} is not a one-code field")
    code = Discipline.define(spec.code)
    _SPECS[spec.code] = spec
    return code


def unregister(code: str) -> None:
    """Remove a discipline (a test's temporary one); rows that use it can no longer be read."""
    _SPECS.pop(code, None)
    Discipline.forget(code)


def spec(discipline) -> DisciplineSpec:
    return _SPECS[str(discipline)]


def specs() -> tuple[DisciplineSpec, ...]:
    return tuple(_SPECS.values())


def for_role(role: Role | None) -> Discipline | None:
    """The default discipline of a role (a role in no spec writes no notes)."""
    for s in _SPECS.values():
        if role in s.roles:
            return Discipline(s.code)
    return None


def coded_field(name: str) -> Field | None:
    """The coded field of that name, whichever discipline it belongs to."""
    for s in _SPECS.values():
        for f in s.codes:
            if f.name == name:
                return f
    return None


def note_kinds(discipline) -> tuple:
    return spec(discipline).kinds if str(discipline) in _SPECS else ()
