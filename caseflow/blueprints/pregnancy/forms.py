"""The pregnancy form, the antenatal visit form and the outcome form. Coded lists come from
caseflow.models.pregnancy."""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from caseflow.blueprints.fields import WholeNumberField
from caseflow.models.pregnancy import (
    BloodGroup,
    DangerSign,
    DeliveryMode,
    PregnancyOutcome,
    RiskFactor,
    TdDose,
    TestResult,
    UrineProtein,
)

NONE = ""
YES, NO = "yes", "no"


class CheckboxList(SelectMultipleField):
    """Rendered by _macros.field as a list of checkboxes (the type name is what it reads)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DecimalText(Field):
    """A measure with a decimal point or comma ("62,5"): a float, or a clear error."""

    widget = TextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}"

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.data = None
        if not text:
            return
        try:
            value = float(text) if len(text) <= 8 else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise ValueError(_l("Give a number, such as 62.5."))
        self.data = value


def _choices(enum_cls, blank: bool = False):
    items = [(m.value, m.label) for m in enum_cls]
    return [(NONE, "—"), *items] if blank else items


def _date(label, **kw):
    return DateField(label, validators=[Optional()],
                     render_kw={"min": "2000-01-01", "max": "2100-12-31"}, **kw)


def _number(label, **kw):
    return WholeNumberField(label, validators=[Optional()],
                            render_kw={"inputmode": "numeric", "dir": "ltr"}, **kw)


def _decimal(label):
    return DecimalText(label, render_kw={"inputmode": "decimal", "dir": "ltr",
                                         "autocomplete": "off"})


class PregnancyForm(FlaskForm):
    site_id = SelectField(_l("Following site"), coerce=int, validators=[DataRequired()])
    lmp_on = _date(_l("First day of the last menstrual period"))
    lmp_certain = SelectField(_l("Is the date certain?"), choices=[
        (YES, _l("Certain")), (NO, _l("Uncertain"))])
    scan_on = _date(_l("Date of the dating ultrasound"))
    scan_weeks = _number(_l("Gestational age at the ultrasound: weeks"))
    scan_days = _number(_l("and days"))
    gravida = _number(_l("Gravidity (pregnancies, this one included)"))
    para = _number(_l("Parity (births from 22 weeks)"))
    risks = CheckboxList(_l("Risk factors"), choices=_choices(RiskFactor),
                         validate_choice=False)
    referral_place = StringField(_l("Referred for delivery to"),
                                 validators=[Optional(), Length(max=200)],
                                 render_kw={"autocomplete": "off"})
    referral_on = _date(_l("Date of referral"))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)],
                          render_kw={"rows": 3})
    version = HiddenField()

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]


class VisitForm(FlaskForm):
    visited_on = DateField(_l("Date of the visit"),
                           validators=[DataRequired(message=_l("Give the date of the visit."))])
    systolic = _number(_l("Systolic pressure (mmHg)"))
    diastolic = _number(_l("Diastolic pressure (mmHg)"))
    weight = _decimal(_l("Weight (kg)"))
    fundal_height = _decimal(_l("Fundal height (cm)"))
    fetal_heart_rate = _number(_l("Fetal heart rate (/min)"))
    fetal_movements = SelectField(_l("Fetal movements felt"), choices=[
        (NONE, "—"), (YES, _l("Yes")), (NO, _l("No"))])
    urine_protein = SelectField(_l("Urine protein"), choices=_choices(UrineProtein))
    haemoglobin = _decimal(_l("Haemoglobin (g/dL)"))
    hiv = SelectField(_l("HIV test"), choices=_choices(TestResult))
    syphilis = SelectField(_l("Syphilis test"), choices=_choices(TestResult))
    hepatitis_b = SelectField(_l("Hepatitis B (HBsAg)"), choices=_choices(TestResult))
    blood_group = SelectField(_l("Blood group"), choices=_choices(BloodGroup))
    iron_folic_acid = BooleanField(_l("Iron and folic acid given"))
    td_dose = SelectField(_l("Tetanus-diphtheria dose given"), choices=_choices(TdDose))
    danger_signs = CheckboxList(_l("Danger signs"), choices=_choices(DangerSign),
                                validate_choice=False)
    next_visit_on = _date(_l("Next visit"))
    make_appointment = BooleanField(_l("Create the appointment for the next visit"))
    next_visit_time = TimeField(_l("Time of the appointment"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 2})
    values_checked = BooleanField(_l("Values checked"))


class OutcomeForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), choices=_choices(PregnancyOutcome, blank=True))
    outcome_on = _date(_l("Date of the outcome"))
    delivery_mode = SelectField(_l("Mode of delivery"),
                                choices=_choices(DeliveryMode, blank=True))
    version = HiddenField()
