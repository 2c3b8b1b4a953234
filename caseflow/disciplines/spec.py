"""What a discipline is, as data: its note kinds, its fields, its roles, its indicators.

The note form (blueprints/notes), the validation of a note (services/notes),
its description on the timeline and in the subject-access copy, access (which
disciplines exist to be shared) and the indicators all read these specs
rather than knowing the disciplines themselves. A discipline is one module of
this package that builds a `DisciplineSpec` and registers it.

Two kinds of field:
- coded fields (`codes`): short codes from a list, stored in clear in the
  note's `codes` so that indicators count them without keys; never free text
  about the person;
- detail fields (`details`): clinical values and free text, stored encrypted
  with the note.

A measure has two ranges: `minimum`/`maximum`, the values that cannot be
(refused), and `plausible`, the values a clinician expects; a value outside
the plausible range is questioned and saved once the author confirms it
(a feverish child at 41 °C exists, and must be recordable). A field that a
newer one superseded is `retired`: old notes keep it and show it, the form no
longer asks it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from caseflow.roles import Role
from caseflow.vocabulary import Confidentiality, NoteKind


class FieldKind(enum.StrEnum):
    ONE = "one"  # one code from a list (a select)
    MANY = "many"  # several codes from a list (checkboxes)
    SCORE = "score"  # a whole number on a scale (a select from minimum to maximum)
    LINE = "line"  # a short text
    TEXT = "text"  # a longer text
    NUMBER = "number"  # a decimal measure
    WHOLE = "whole"  # a whole-number measure
    DATE = "date"  # a day (stored as ISO text)
    YES_NO = "yes_no"  # yes / no / not assessed


@dataclass(frozen=True)
class Field:
    """One field of a discipline's note.

    `choices` is an enum of labelled codes, or the name of a list kept in the
    database (only "morbidity" today), which the service and form layers
    resolve: this package stays below the models.
    """

    name: str
    label: Any  # lazy gettext: the form's label
    kind: FieldKind
    choices: type[enum.Enum] | str | None = None
    short: Any = None  # the label on the timeline, when shorter than the form's
    minimum: float | None = None
    maximum: float | None = None
    places: int = 1
    max_length: int | None = None
    error: Any = None  # the message for a value out of range or list, if not the generic one
    coded: bool = False  # True: kept in clear in `codes` and counted; False: an encrypted detail
    # (low, high), either may be None: outside it the value is questioned, not refused.
    plausible: tuple[float | None, float | None] | None = None
    unit: Any = None  # shown after the value in a question ("41.2 °C")
    retired: bool = False  # read on old notes, no longer on the form
    # Computed by the spec's `derive` from the other fields (the malnutrition classified from
    # the measures): shown and counted like the others, never typed.
    derived: bool = False

    @property
    def shown_label(self):
        return self.short or self.label

    @property
    def asked(self) -> bool:
        """On the form: neither retired nor derived."""
        return not (self.retired or self.derived)

    def unusual(self, value) -> bool:
        """True when a measure is outside the range a clinician expects (not an error)."""
        if self.plausible is None or value in (None, ""):
            return False
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        low, high = self.plausible
        return (low is not None and number < low) or (high is not None and number > high)


@dataclass(frozen=True)
class CodeIndicator:
    """A monthly indicator counted from a coded field of a discipline's notes.

    `values` limits what is counted (None: any code of the field); with
    `by_value` the figure is broken down by code. Counted per person
    (`unit="people"`), or per note: a contact (`unit="contacts"`) or an event the
    note records, such as a request opened (`unit="events"`). `when` keeps only the
    notes whose other coded fields have these values (("session_stage", "intake"),):
    the suicide risk assessed at intake, not at every session.
    """

    code: str
    label: Any
    counted: Any
    field: str
    unit: str = "people"
    values: tuple[str, ...] | None = None
    by_value: bool = True
    when: tuple[tuple[str, str], ...] = ()


Describe = Callable[[dict, dict], list[tuple[str, str]]]
# The checks that span several fields (a score that belongs to another stage of care):
# (codes, details) → [(field name, message)], empty when the note is consistent. A spec
# says what is wrong; the service layer refuses (this package stays below the services).
Check = Callable[[dict, dict], list[tuple[str, Any]]]
# The fields a spec computes from the others and from the person at the note's date
# (context: "age_months", "age_approximate", "sex"): (codes, details, context) → the
# (codes, details) to save, its own computed values replaced (never typed: a value sent
# for them is dropped). Plain values only: this package stays below the models.
Derive = Callable[[dict, dict, dict], tuple[dict, dict]]


@dataclass(frozen=True)
class DisciplineSpec:
    code: str
    label: Any
    roles: tuple[Role, ...]  # the roles whose default discipline this is
    kinds: tuple[NoteKind, ...]  # the kinds of note its professionals write
    coded_kinds: tuple[NoteKind, ...] = ()  # the kinds whose notes carry the coded fields
    fields: tuple[Field, ...] = ()  # in the order of the form
    default_confidentiality: Confidentiality = Confidentiality.TEAM
    indicators: tuple[CodeIndicator, ...] = ()
    # How the encrypted details read on the timeline, when the generic reading
    # (one line per field, in order) is not how the profession writes them.
    describe_details: Describe | None = None
    check: Check | None = None
    derive: Derive | None = None

    @property
    def codes(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.coded)

    @property
    def details(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.coded)

    @property
    def asked(self) -> tuple[Field, ...]:
        """The fields of the form: all but the retired and the derived ones."""
        return tuple(f for f in self.fields if f.asked)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)
