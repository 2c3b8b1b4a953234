"""Forms of the evacuation pages. They only convert: the services check and say why."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from caseflow.blueprints.people.forms import TRI_STATE, ConsentFields, enum_choices
from caseflow.i18n import country_choices
from caseflow.models.evacuation import PARTNER_KINDS, Fitness, Mechanism, TravelCondition

LRI, PDI = "\u2066", "\u2069"


class CaseForm(FlaskForm):
    mechanism = SelectField(_l("Mechanism"), validate_choice=False)
    destination = SelectField(_l("Destination country"), validate_choice=False)
    partner_kind = SelectField(_l("Partner agency"), validate_choice=False)
    partner_name = StringField(_l("Partner's name"),
                               description=_l("The agency or organisation, if more precise "
                                              "than its kind."))
    partner_case_number = StringField(_l("Partner's case number"), render_kw={"dir": "ltr"})
    identified_on = DateField(_l("Identified on"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 3})
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mechanism.choices = enum_choices(Mechanism, blank=_l("Choose…"))
        self.destination.choices = [("", _l("Choose…")), *country_choices()]
        self.partner_kind.choices = [("", _l("Choose…"))] + [(k.value, k.label)
                                                             for k in PARTNER_KINDS]


class StepForm(FlaskForm):
    status = SelectField(_l("Next step"), validate_choice=False)
    step_on = DateField(_l("Date"), validators=[Optional()])
    version = HiddenField()

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(s.value, s.label) for s in statuses]


class StepCorrectionForm(FlaskForm):
    step_id = SelectField(_l("Step"), validate_choice=False)
    step_on = DateField(_l("Right date"), validators=[Optional()])
    version = HiddenField()

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.step_id.choices = [(str(s.id), s.status.label) for s in steps]


class FitnessForm(FlaskForm):
    assessed_on = DateField(_l("Date of the assessment"), validators=[Optional()])
    category = SelectField(_l("Fitness to travel"), validate_choice=False)
    valid_until = DateField(_l("Valid until"), validators=[Optional()],
                            description=_l("The journey must take place on or before this date."))
    conditions = SelectMultipleField(_l("Conditions of the journey"), validate_choice=False,
                                     option_widget=CheckboxInput(),
                                     widget=ListWidget(prefix_label=False))
    details = TextAreaField(_l("Medical details"), render_kw={"rows": 3},
                            description=_l("Read by the medical team only."))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = enum_choices(Fitness, blank=_l("Choose…"))
        self.conditions.choices = enum_choices(TravelCondition)


class ReportForm(FlaskForm, ConsentFields):
    certificate_id = SelectField(_l("Medical report"), validate_choice=False)
    consent_decision = SelectField(_l("The person's decision about sharing with this partner"),
                                   default="")
    decided_on = DateField(_l("Date of the decision"), validators=[Optional()])
    version = HiddenField()

    def __init__(self, *args, reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        # An <option> holds no markup: the serial is isolated left-to-right by the Unicode
        # isolates (LRI...PDI), so that it keeps its order in an Arabic list.
        self.certificate_id.choices = [(str(c.id), f"{LRI}{c.serial}{PDI} · "
                                        f"{format_date(c.issued_on)}") for c in reports]
        self.consent_decision.choices = list(TRI_STATE)
        self.set_consent_choices()


class GroupForm(FlaskForm):
    other = SelectField(_l("Travelling with"), validate_choice=False)
    version = HiddenField()

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.other.choices = [("", _l("Choose…")), *cases]
