"""A note's coded fields and details, read through its discipline's spec.

Validation keeps only the codes the spec declares for the note's kind, each
from its list or range; measures outside their hard limits are refused, those
outside their plausible range become questions the author answers (confirm or
correct: `questions`); the description gives (label, value) pairs in the
reader's language for the timeline, the note page and the subject-access copy.
Nothing here knows a discipline by name.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow import morbidity
from caseflow.disciplines import Field, FieldKind, spec
from caseflow.i18n import join_list
from caseflow.services import ServiceError

DAYS_PER_MONTH = 30.4375  # WHO's month of age (365.25 / 12)

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
    if f.kind is FieldKind.YES_NO:
        if value not in ("yes", "no"):
            raise _unknown(f)
        return value
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
        if value not in (None, []):  # an unticked list says nothing: not stored
            clean[f.name] = value
    return clean


def check_details(discipline, details: dict) -> dict:
    """The details without empty values; a measure beyond what can be measured (its hard
    limits) is refused on its field, as the form refuses it."""
    s = spec(discipline)
    clean = {k: v for k, v in (details or {}).items() if v not in (None, "", [])}
    for f in s.details:
        if f.name in clean and f.kind in (FieldKind.ONE, FieldKind.MANY, FieldKind.SCORE,
                                          FieldKind.YES_NO):
            # An encrypted detail from a list is checked against it as a code is.
            clean[f.name] = _checked(f, clean[f.name])
            if clean[f.name] in (None, []):
                del clean[f.name]
            continue
        value = clean.get(f.name)
        if value is None or f.kind not in (FieldKind.NUMBER, FieldKind.WHOLE):
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ServiceError(f.error or _l("Not a valid number."), field=f.name) from None
        if ((f.minimum is not None and number < f.minimum)
                or (f.maximum is not None and number > f.maximum)):
            raise ServiceError(f.error or _l("Out of range."), field=f.name)
    return clean


def person_context(person, day: date) -> dict:
    """What a spec's `derive` may know of the person on the note's day: the age in months
    (None when the birth date is unknown), whether it is approximate (a birth date known
    to the month or the year only), and the sex as the WHO references code it (1 male,
    2 female, None otherwise)."""
    born = person.birth_date if person.birth_date_precision != "unknown" else None
    return {
        "age_months": (day - born).days / DAYS_PER_MONTH if born and born <= day else None,
        "age_approximate": person.birth_date_precision != "full",
        "sex": {"male": 1, "female": 2}.get(person.sex),
    }


def derive(discipline, kind, codes: dict, details: dict, context: dict) -> tuple[dict, dict]:
    """The note's content with the spec's computed fields (re)computed; a value sent for a
    computed field is dropped, so that only the computation writes it."""
    s = spec(discipline)
    computed = {f.name for f in s.fields if f.derived}
    codes = {k: v for k, v in (codes or {}).items() if k not in computed}
    details = {k: v for k, v in (details or {}).items() if k not in computed}
    if s.derive is None or kind not in s.coded_kinds:
        return codes, details
    return s.derive(codes, details, context)


def check_together(discipline, codes: dict, details: dict) -> None:
    """Refuse what the spec says cannot be true together (its `check`), on the field."""
    s = spec(discipline)
    if s.check is None:
        return
    for name, message in s.check(codes or {}, details or {}):
        raise ServiceError(message, field=name)


def confirmation(name: str, value) -> str:
    """What the author confirms: this field with this value (another value asks again)."""
    return f"{name}={float(value):g}"


def _shown_measure(f: Field, value) -> str:
    number = format_decimal(value) if isinstance(value, float) else str(value)
    return f"{number}\u00a0{f.unit}" if f.unit else number


def questions(discipline, codes: dict, details: dict,
              confirmed=()) -> list[tuple[str, str, str]]:
    """The values outside their plausible range not yet confirmed, as (field name, question,
    confirmation): "Temperature 41.2 °C is above the usual range: confirm or correct."."""
    out = []
    values = {**(details or {}), **(codes or {})}
    for f in spec(discipline).fields:
        value = values.get(f.name)
        if not f.unusual(value) or confirmation(f.name, value) in confirmed:
            continue
        # Which way it is unusual: a low SpO₂ is a finding to confirm, not a typing error.
        low = f.plausible[0] is not None and float(value) < f.plausible[0]
        question = (_("%(field)s %(value)s is below the usual range: confirm or correct.",
                      field=f.shown_label, value=_shown_measure(f, value)) if low else
                    _("%(field)s %(value)s is above the usual range: confirm or correct.",
                      field=f.shown_label, value=_shown_measure(f, value)))
        out.append((f.name, question,
                    confirmation(f.name, value)))
    return out


def describe_codes(discipline, codes: dict) -> list[tuple[str, str]]:
    """Coded fields as (label, value) pairs in the reader's language."""
    out = []
    for f in spec(discipline).codes:
        value = (codes or {}).get(f.name)
        if value in (None, "", []):
            continue
        out.append((str(f.shown_label), _shown_value(f, value)))
    return out


def _shown_value(f: Field, value) -> str:
    """One field's value in the reader's language: a code by its label, a list joined."""
    if f.kind is FieldKind.MANY:
        return join_list(code_label(f, v) for v in value)
    if f.kind is FieldKind.ONE:
        return code_label(f, value)
    if f.kind is FieldKind.YES_NO:
        return _("Yes") if value == "yes" else _("No")
    if f.kind is FieldKind.DATE:
        return format_date(date.fromisoformat(value))
    return str(value)


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
        out.append((str(f.shown_label), _shown_value(f, value)))
    return out
