"""One note form per discipline: the common part, plus the coded fields of the discipline."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
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
from caseflow.i18n import FREQUENT_LANGUAGES, language_choices, with_frequent_first
from caseflow.roles import Discipline
from caseflow.vocabulary import (
    Confidentiality,
    Housing,
    InterpreterKind,
    LegalDecision,
    LegalProcedure,
    MentalHealthCategory,
    SessionKind,
    SocialAction,
)


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

    def __init__(self, *args, kinds=(), sites=(), **kwargs):
        super().__init__(*args, **kwargs)
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

    def load(self, codes: dict, details: dict) -> None:
        for name, value in {**(codes or {}), **(details or {})}.items():
            if name in self._fields and value is not None:
                self._fields[name].data = value


class MedicalNoteForm(NoteForm):
    reason = StringField(_l("Reason for the consultation"), validators=[Optional(),
                                                                          Length(max=500)])
    weight_kg = DecimalField(_l("Weight (kg)"), places=1,
                             validators=[Optional(), NumberRange(1, 300)])
    height_cm = WholeNumberField(_l("Height (cm)"), validators=[Optional(), NumberRange(30, 250)])
    temperature_c = DecimalField(_l("Temperature (°C)"), places=1,
                                 validators=[Optional(), NumberRange(30, 45)])
    bp_systolic = WholeNumberField(_l("Blood pressure, systolic"),
                               validators=[Optional(), NumberRange(50, 260)])
    bp_diastolic = WholeNumberField(_l("Blood pressure, diastolic"),
                                validators=[Optional(), NumberRange(20, 160)])
    pulse = WholeNumberField(_l("Pulse (/min)"), validators=[Optional(), NumberRange(20, 250)])
    conditions = CheckboxList(_l("Conditions"))
    treatment = TextAreaField(_l("Treatment given"), validators=[Optional(), Length(max=4000)],
                              render_kw={"rows": 2})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conditions.choices = morbidity.choices()

    def codes(self):
        return {"conditions": list(self.conditions.data or [])}

    def details(self):
        out = {name: getattr(self, name).data for name in
               ("reason", "height_cm", "bp_systolic", "bp_diastolic", "pulse", "treatment")}
        for name in ("weight_kg", "temperature_c"):
            value = getattr(self, name).data
            out[name] = float(value) if value is not None else None
        return out


CGI = [("", "—")] + [(str(n), str(n)) for n in range(1, 8)]
RISK = [("", _l("Not assessed")), ("no", _l("No")), ("yes", _l("Yes"))]


class MentalHealthNoteForm(NoteForm):
    session_kind = SelectField(_l("Session"), validators=[Optional()])
    category = SelectField(_l("Presenting category"), validators=[Optional()])
    cgi_s = SelectField(_l("CGI-S severity (intake)"), validators=[Optional()])
    cgi_i = SelectField(_l("CGI-I improvement (follow-up)"), validators=[Optional()])
    suicidal_ideation = SelectField(_l("Suicidal ideation"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.session_kind.choices = enum_choices(SessionKind, blank="—")
        self.category.choices = enum_choices(MentalHealthCategory, blank="—")
        self.cgi_s.choices = list(CGI)
        self.cgi_i.choices = list(CGI)
        self.suicidal_ideation.choices = list(RISK)

    def codes(self):
        return {name: getattr(self, name).data for name in
                ("session_kind", "category", "cgi_s", "cgi_i")}

    def details(self):
        return {"suicidal_ideation": self.suicidal_ideation.data}


class SocialNoteForm(NoteForm):
    housing = SelectField(_l("Housing at this contact"), validators=[Optional()])
    needs = TextAreaField(_l("Needs"), validators=[Optional(), Length(max=4000)],
                          render_kw={"rows": 2})
    actions = CheckboxList(_l("Actions taken"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.housing.choices = enum_choices(Housing, blank="—")
        self.actions.choices = enum_choices(SocialAction)

    def codes(self):
        return {"housing": self.housing.data, "actions": list(self.actions.data or [])}

    def details(self):
        return {"needs": self.needs.data}


class LegalNoteForm(NoteForm):
    procedure = SelectField(_l("Procedure"), validators=[Optional()])
    step = StringField(_l("Step"), validators=[Optional(), Length(max=40)])
    lawyer = StringField(_l("Lawyer"), validators=[Optional(), Length(max=200)])
    next_hearing = DateField(_l("Next hearing"), validators=[Optional()])
    decision = SelectField(_l("Decision"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure.choices = enum_choices(LegalProcedure, blank="—")
        self.decision.choices = enum_choices(LegalDecision, blank="—")

    def codes(self):
        return {"procedure": self.procedure.data, "step": self.step.data,
                "decision": self.decision.data}

    def details(self):
        hearing = self.next_hearing.data
        return {"lawyer": self.lawyer.data, "next_hearing": hearing.isoformat() if hearing
                else None}

    def load(self, codes, details):
        details = dict(details or {})
        if details.get("next_hearing"):
            from datetime import date

            details["next_hearing"] = date.fromisoformat(details["next_hearing"])
        super().load(codes, details)


FORMS = {
    Discipline.MEDICAL: MedicalNoteForm,
    Discipline.MENTAL_HEALTH: MentalHealthNoteForm,
    Discipline.SOCIAL: SocialNoteForm,
    Discipline.LEGAL: LegalNoteForm,
    Discipline.PROTECTION: NoteForm,
}


class StateChangeForm(FlaskForm):
    target = SelectField(_l("New state"), validators=[DataRequired()])
    changed_on = DateField(_l("Date"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 2})


class MorbidityForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])
    label_fr = StringField(_l("Label in French"), validators=[DataRequired(), Length(max=120)])
    label_en = StringField(_l("Label in English"), validators=[DataRequired(), Length(max=120)])
