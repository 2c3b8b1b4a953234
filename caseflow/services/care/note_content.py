"""A note's coded fields and details, read through its discipline's spec.

Validation keeps only the codes the spec declares for the note's kind, each
from its list or range; the description gives (label, value) pairs in the
reader's language for the timeline, the note page and the subject-access copy.
Nothing here knows a discipline by name.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow import morbidity
from caseflow.disciplines import Field, FieldKind, spec
from caseflow.i18n import join_list
from caseflow.services import ServiceError

# Lists kept in the database, by the name a spec gives them.
_DATABASE_LISTS = {"morbidity": (lambda: {code for code, _label in morbidity.choices()},
                                 morbidity.label)}


def allowed_codes(f: Field) -> set[str]:
    if isinstance(f.choices, str):
        return _DATABASE_LISTS[f.choices][0]()
    return {m.value for m in f.choices}


def code_label(f: Field, code: str) -> str:
    if isinstance(f.choices, str):
        return str(_DATABASE_LISTS[f.choices][1](code))
    try:
        return str(f.choices(code).label)
    except ValueError:
        return code  # a code since removed from its list stays readable as itself


def _unknown(f: Field):
    return ServiceError(f.error or _l("Unknown code."), field=f.name)


def _checked(f: Field, value):
    """The clean value of one coded field, None to leave it out; ServiceError if wrong."""
    if f.kind is FieldKind.MANY:
        values = list(dict.fromkeys(value or []))
        if not set(values) <= allowed_codes(f):
            raise _unknown(f)
        return values
    if value in (None, ""):
        return None
    if f.kind is FieldKind.ONE:
        if value not in allowed_codes(f):
            raise _unknown(f)
        return value
    if f.kind is FieldKind.SCORE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise _unknown(f) from None
        if not f.minimum <= number <= f.maximum:
            raise ServiceError(f.error or _l("Out of range."), field=f.name)
        return number
    return str(value)[:f.max_length] if f.max_length else str(value)


def check_codes(discipline, kind, codes: dict) -> dict:
    """Keep only the codes of this kind of note, each from its list."""
    s = spec(discipline)
    if kind not in s.coded_kinds:
        # The form shows the coded fields whatever the kind: codes typed for a kind that keeps
        # none are refused with a word, never dropped (they would be missing from the counts).
        typed = next((f for f in s.codes if (codes or {}).get(f.name) not in (None, "", [])),
                     None)
        if typed is not None:
            kinds = join_list(k.label for k in s.coded_kinds)
            raise ServiceError(_l("These coded fields are kept with these kinds of contact only: "
                                  "%(kinds)s. Choose one of them, or clear the fields.",
                                  kinds=kinds), field=typed.name)
        return {}
    clean = {}
    for f in s.codes:
        value = _checked(f, (codes or {}).get(f.name))
        if value is not None:
            clean[f.name] = value
    return clean


def describe_codes(discipline, codes: dict) -> list[tuple[str, str]]:
    """Coded fields as (label, value) pairs in the reader's language."""
    out = []
    for f in spec(discipline).codes:
        value = (codes or {}).get(f.name)
        if value in (None, "", []):
            continue
        if f.kind is FieldKind.MANY:
            text = join_list(code_label(f, v) for v in value)
        elif f.kind is FieldKind.ONE:
            text = code_label(f, value)
        else:
            text = str(value)
        out.append((str(f.shown_label), text))
    return out


def describe_details(discipline, details: dict) -> list[tuple[str, str]]:
    """The encrypted details as (label, value) pairs (the caller has decrypted them)."""
    s, details = spec(discipline), details or {}
    if s.describe_details is not None:
        return s.describe_details({}, details)
    out = []
    for f in s.details:
        value = details.get(f.name)
        if value in (None, "", []):
            continue
        if f.kind is FieldKind.YES_NO:
            text = _("Yes") if value == "yes" else _("No")
        elif f.kind is FieldKind.DATE:
            text = format_date(date.fromisoformat(value))
        else:
            text = str(value)
        out.append((str(f.shown_label), text))
    return out
