"""The discipline code: a string value that only registered disciplines can take.

A discipline used to be an enum, which meant that adding one was an edit of
the enum, of every table of labels and of every `if discipline ==` branch. It
is now a string subclass whose values come from the registry
(caseflow.disciplines): registering a spec defines the code, and everything
that lists disciplines (`for d in Discipline`) sees it. It behaves like the
StrEnum it replaces: `Discipline("medical")`, `Discipline.MEDICAL`, `.value`,
`.label`, iteration in registration order, equality with the plain string.
"""

from __future__ import annotations


class _Codes(type):
    """Iteration and length over the registered codes, as an enum class offers."""

    def __iter__(cls):
        return iter(tuple(cls._known.values()))

    def __len__(cls) -> int:
        return len(cls._known)

    def __contains__(cls, value) -> bool:
        return str(value) in cls._known


class Discipline(str, metaclass=_Codes):
    _known: dict[str, Discipline] = {}

    def __new__(cls, value):
        known = cls._known.get(str(value))
        if known is None:
            raise ValueError(f"{value!r} is not a registered discipline")
        return known

    @classmethod
    def define(cls, code: str) -> Discipline:
        """The code of a new discipline (registry use only: see caseflow.disciplines.register)."""
        if code not in cls._known:
            member = str.__new__(cls, code)
            cls._known[code] = member
            setattr(cls, code.upper(), member)
        return cls._known[code]

    @classmethod
    def forget(cls, code: str) -> None:
        """Remove a code (a test's temporary discipline)."""
        cls._known.pop(code, None)
        if isinstance(cls.__dict__.get(code.upper()), Discipline):
            delattr(cls, code.upper())

    @property
    def value(self) -> str:
        return str.__str__(self)

    @property
    def name(self) -> str:
        return self.value.upper()

    @property
    def label(self):
        from caseflow.disciplines.registry import spec

        return spec(self).label

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Discipline.{self.name}"

    def __reduce__(self):
        return (Discipline, (self.value,))
