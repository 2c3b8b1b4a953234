"""The disciplines of the programme, one module each, and their registry.

Adding a discipline is a module here that builds a `DisciplineSpec` (its
note kinds, fields, roles, confidentiality default and indicators) and one
line below that registers it: the note form, the timeline, the subject-access
copy, access (team sharing per discipline) and the indicators read the
registry. See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from caseflow.disciplines import legal, medical, mental_health, protection, social
from caseflow.disciplines.code import Discipline
from caseflow.disciplines.registry import (
    coded_field,
    for_role,
    note_kinds,
    register,
    spec,
    specs,
    unregister,
)
from caseflow.disciplines.spec import CodeIndicator, DisciplineSpec, Field, FieldKind

for _module in (medical, mental_health, social, legal, protection):
    register(_module.SPEC)

__all__ = ["CodeIndicator", "Discipline", "DisciplineSpec", "Field", "FieldKind", "coded_field",
           "for_role", "note_kinds", "register", "spec", "specs", "unregister"]
