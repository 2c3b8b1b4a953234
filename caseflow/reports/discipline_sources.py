"""The indicators the disciplines declare (caseflow/disciplines), as definitions and sources.

A discipline's spec says which coded field an indicator counts, which codes,
per person or per note; this module turns that into an `Indicator` (the
spec's lazy labels, read in each export's language) and a source of the same
four columns as every source in sources.py, over clear coded columns only. A
new discipline's indicators need no code here.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import String, cast, literal, select, union_all
from sqlalchemy.sql import Select

from caseflow.disciplines import CodeIndicator, Discipline, FieldKind, coded_field, specs
from caseflow.models.note import Note
from caseflow.reports.definitions import CategoryKind, Indicator, Unit
from caseflow.reports.period import Month
from caseflow.reports.sources import _notes_in, _row
from caseflow.services.care.note_content import allowed_codes, code_label

SEPARATOR = ":"  # a category is "<field>:<code>", so that its label is found from the field


def declared() -> list[tuple[Discipline, CodeIndicator]]:
    return [(Discipline(s.code), ci) for s in specs() for ci in s.indicators]


def indicators() -> tuple[Indicator, ...]:
    return tuple(Indicator(ci.code, ci.label, ci.counted, Unit(ci.unit),
                           CategoryKind.CODE if ci.by_value else CategoryKind.NONE)
                 for _discipline, ci in declared())


def source(code: str) -> Callable[[Month], Select] | None:
    for discipline, ci in declared():
        if ci.code == code:
            return lambda month: _select(discipline, ci, month)
    return None


def _select(discipline: Discipline, ci: CodeIndicator, month: Month):
    f = coded_field(ci.field)
    unit = Note.person_id if ci.unit == "people" else Note.id
    selects = []
    for value in ci.values or sorted(allowed_codes(f)):
        if f.kind is FieldKind.MANY:
            # A JSON list: its text holds the quoted code on SQLite and PostgreSQL alike.
            matches = cast(Note.codes[ci.field], String).like(f'%"{value}"%')
        else:
            matches = Note.codes[ci.field].as_string() == value
        category = literal(f"{ci.field}{SEPARATOR}{value}" if ci.by_value else "", String)
        selects.append(select(*_row(unit, Note.person_id, Note.site_id, category))
                       .where(_notes_in(month), Note.discipline == discipline, matches,
                              *(Note.codes[k].as_string() == v for k, v in ci.when)))
    return union_all(*selects)


def category_label(code: str) -> str:
    field_name, _sep, value = code.partition(SEPARATOR)
    f = coded_field(field_name)
    return code_label(f, value) if f is not None else code
