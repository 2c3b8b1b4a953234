"""One note form per discipline: the common part, plus the fields its spec declares.

The discipline forms are built from the specs (caseflow/disciplines): a field
declared there appears here with its limits, and nothing in this module names
a discipline.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from caseflow import morbidity
from caseflow.blueprints.fields import WholeNumberField
from caseflow.blueprints.people.forms import CheckboxList, enum_choices
from caseflow.disciplines import DisciplineSpec, Field, FieldKind, spec
from caseflow.i18n import FREQUENT_LANGUAGES, language_choices, with_frequent_first
from caseflow.vocabulary import Confidentiality, InterpreterKind


class NoteForm(FlaskForm):
    kind = SelectField(_l("Kind of contact"), validators=[DataRequired()])
    occurred_at = DateTimeLocalField(_l("Date and time"), format="%Y-%m-%dT%H:%M",
                                     validators=[InputRequired()])
    site_id = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])
    interpreter_kind = SelectField(_l("Interpreter"), default=InterpreterKind.NONE_NEEDED.value)
    interpreter_language = SelectField(_l("Language interpreted"), validators=[Optional()])
    confidentiality = SelectField(_l("Who may read this note"),
                                  default=Confidentiality.TEAM.value)
    text = TextAreaField(_l("Note"), validators=[Optional(), Length(max=100_000)],
                         render_kw={"rows": 8})
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    # Unusual values (note_content.questions): the box confirms the values questioned, which
    # the hidden field carries from the page that asked (a value changed since is asked anew).
    confirm_unusual = BooleanField(_l("I have checked these values: they are correct"))
    questioned = HiddenField()

    def __init__(self, *args, kinds=(), sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions: list[tuple[str, str, str]] = []
        self.kind.choices = [(k.value, k.label) for k in kinds]
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.interpreter_kind.choices = enum_choices(InterpreterKind)
        self.interpreter_language.choices = {"": [("", "—")]} | with_frequent_first(
            language_choices(), FREQUENT_LANGUAGES)
        self.confidentiality.choices = enum_choices(Confidentiality)

    def codes(self) -> dict:
        return {}

    def details(self) -> dict:
        return {}

    def confirmed(self) -> tuple[str, ...]:
        """The values the author confirmed: those asked about, if the box is ticked."""
        if not self.confirm_unusual.data:
            return ()
        return tuple(c for c in (self.questioned.data or "").split(";") if c)

    def ask(self, questions: list[tuple[str, str, str]]) -> None:
        """Show the questions beside their fields and the box to confirm them (unticked)."""
        self.questions = questions
        self.questioned.data = ";".join(q[2] for q in questions)
        self.confirm_unusual.data = False
        for name, question, _confirmation in questions:
            if name in self._fields:
                self._fields[name].errors = [*self._fields[name].errors, question]

    def load(self, codes: dict, details: dict) -> None:
        for name, value in {**(codes or {}), **(details or {})}.items():
            if name in self._fields and value is not None:
                self._fields[name].data = value


RISK = [("", _l("Not assessed")), ("no", _l("No")), ("yes", _l("Yes"))]


def _wtforms_field(f: Field):
    """The form field of a spec field, with the limits the spec states."""
    optional = [Optional()]
    if f.kind is FieldKind.ONE:
        return SelectField(f.label, validators=optional)
    if f.kind in (FieldKind.SCORE, FieldKind.YES_NO):
        return SelectField(f.label, validators=optional)
    if f.kind is FieldKind.MANY:
        return CheckboxList(f.label)
    if f.kind is FieldKind.LINE:
        return StringField(f.label, validators=[*optional, Length(max=f.max_length or 500)])
    if f.kind is FieldKind.TEXT:
        return TextAreaField(f.label, validators=[*optional, Length(max=f.max_length or 4000)],
                             render_kw={"rows": 2})
    if f.kind is FieldKind.NUMBER:
        return DecimalField(f.label, places=f.places,
                            validators=[*optional, NumberRange(f.minimum, f.maximum)])
    if f.kind is FieldKind.WHOLE:
        return WholeNumberField(f.label, validators=[*optional, NumberRange(f.minimum, f.maximum)])
    if f.kind is FieldKind.DATE:
        return DateField(f.label, validators=optional)
    raise ValueError(f"no form field for {f.kind}")


def _choices(f: Field) -> list:
    if f.kind is FieldKind.SCORE:
        return [("", "—")] + [(str(n), str(n)) for n in range(int(f.minimum), int(f.maximum) + 1)]
    if f.kind is FieldKind.YES_NO:
        return list(RISK)
    # The one list kept in the database is the morbidity list; the others are enums.
    listed = morbidity.choices() if f.choices == "morbidity" else enum_choices(f.choices)
    return listed if f.kind is FieldKind.MANY else [("", "—"), *listed]


class DisciplineNoteForm(NoteForm):
    """The common note form plus the fields of one discipline's spec (see note_form)."""

    spec: DisciplineSpec

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted() and self.confidentiality.data == Confidentiality.TEAM.value:
            self.confidentiality.data = self.spec.default_confidentiality.value
        for f in self.spec.asked:
            if f.choices is not None or f.kind in (FieldKind.SCORE, FieldKind.YES_NO):
                self[f.name].choices = _choices(f)

    def _values(self, fields) -> dict:
        out = {}
        for f in fields:
            value = self[f.name].data
            if f.kind is FieldKind.MANY:
                value = list(value or [])
            elif f.kind is FieldKind.NUMBER:
                value = float(value) if value is not None else None
            elif f.kind is FieldKind.DATE:
                value = value.isoformat() if value else None
            out[f.name] = value
        return out

    def codes(self) -> dict:
        return self._values(f for f in self.spec.codes if f.asked)

    def details(self) -> dict:
        return self._values(f for f in self.spec.details if f.asked)

    def load(self, codes, details):
        details = dict(details or {})
        for f in self.spec.details:
            if f.kind is FieldKind.DATE and details.get(f.name):
                details[f.name] = date.fromisoformat(details[f.name])
        codes = {k: (str(v) if k in {f.name for f in self.spec.codes
                                      if f.kind is FieldKind.SCORE} else v)
                 for k, v in (codes or {}).items()}
        super().load(codes, details)


_FORMS: dict[tuple[str, int], type[DisciplineNoteForm]] = {}


def note_form(discipline) -> type[DisciplineNoteForm]:
    """The note form class of a discipline, built once from its spec."""
    s = spec(discipline)
    key = (s.code, id(s))
    if key not in _FORMS:
        attrs = {f.name: _wtforms_field(f) for f in s.asked}
        attrs["spec"] = s
        _FORMS[key] = type(f"{s.code.title().replace('_', '')}NoteForm", (DisciplineNoteForm,),
                           attrs)
    return _FORMS[key]


class StateChangeForm(FlaskForm):
    target = SelectField(_l("New state"), validators=[DataRequired()])
    changed_on = DateField(_l("Date"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 2})
