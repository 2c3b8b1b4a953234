"""The episode form and the observed-dose form. Coded lists come from caseflow.models.tb."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.models.tb import (
    DiagnosisBasis,
    DiseaseSite,
    HivStatus,
    LabResult,
    Observation,
    Regimen,
    RifResistance,
    TbOutcome,
    TreatmentHistory,
    XpertResult,
    XrayResult,
)

NONE = ""


def _choices(enum_cls, blank: bool = False):
    items = [(m.value, m.label) for m in enum_cls]
    return [(NONE, "—"), *items] if blank else items


def _date(label, **kw):
    return DateField(label, validators=[Optional()],
                     render_kw={"min": "2000-01-01", "max": "2100-12-31"}, **kw)


class EpisodeForm(FlaskForm):
    site_id = SelectField(_l("Treating site"), coerce=int, validators=[DataRequired()])
    presumptive_on = DateField(_l("Presumptive TB since"),
                               validators=[DataRequired(message=_l("Give the date TB was "
                                                                   "presumed."))])
    xpert = SelectField(_l("Xpert MTB/RIF"), choices=_choices(XpertResult))
    rif_resistance = SelectField(_l("Rifampicin resistance"), choices=_choices(RifResistance))
    smear = SelectField(_l("Sputum smear"), choices=_choices(LabResult))
    culture = SelectField(_l("Culture"), choices=_choices(LabResult))
    xray = SelectField(_l("Chest X-ray"), choices=_choices(XrayResult))
    diagnosed_on = _date(_l("Date of diagnosis"))
    basis = SelectField(_l("Diagnosis"), choices=_choices(DiagnosisBasis, blank=True))
    disease_site = SelectField(_l("Site of disease"), choices=_choices(DiseaseSite, blank=True))
    history = SelectField(_l("Treatment history"), choices=_choices(TreatmentHistory, blank=True))
    hiv = SelectField(_l("HIV status"), choices=_choices(HivStatus))
    regimen = SelectField(_l("Regimen"), choices=_choices(Regimen, blank=True))
    treatment_started_on = _date(_l("Treatment started on"),
                                 description=_l("The date of registration in the cohort."))
    register_number = StringField(_l("National TB register number"),
                                  validators=[Optional(), Length(max=60)],
                                  render_kw={"autocomplete": "off", "dir": "ltr"})
    smear_month2 = SelectField(_l("Smear at month 2"), choices=_choices(LabResult))
    smear_month5 = SelectField(_l("Smear at month 5"), choices=_choices(LabResult))
    smear_month6 = SelectField(_l("Smear at month 6"), choices=_choices(LabResult))
    outcome = SelectField(_l("Outcome"), choices=_choices(TbOutcome, blank=True))
    outcome_on = _date(_l("Date of the outcome"))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)],
                          render_kw={"rows": 3})
    version = HiddenField()

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]


class DoseForm(FlaskForm):
    taken_on = DateField(_l("Day of the dose"),
                         validators=[DataRequired(message=_l("Give the day of the dose."))])
    observation = SelectField(_l("Observed"), choices=_choices(Observation))
