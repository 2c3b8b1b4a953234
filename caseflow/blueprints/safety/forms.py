"""The allergy, retirement, "no known allergy" and treatment forms. Coded lists come from
caseflow/models/allergy_codes.py and caseflow/models/medication.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from caseflow.models.allergy_codes import (
    AllergenGroup,
    AllergySource,
    EntryState,
    Reaction,
    Severity,
)
from caseflow.models.medication import Prescriber, StopReason

NONE = ""


def _choices(members, blank: bool = False):
    items = [(m.value, m.label) for m in members]
    return [(NONE, "—"), *items] if blank else items


def _date(label, required=None, **kw):
    validators = [DataRequired(message=required)] if required else [Optional()]
    return DateField(label, validators=validators,
                     render_kw={"min": "1900-01-01", "max": "2100-12-31"}, **kw)


class _Sited(FlaskForm):
    site_id = SelectField(_l("Recorded at"), coerce=int, validators=[Optional()])
    version = HiddenField()

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        # Offered only when the user writes at several of the person's sites; the service
        # checks the site given (or picks the user's only one).
        self.site_id.validate_choice = False

    @property
    def chosen_site(self) -> int | None:
        return self.site_id.data if len(self.site_id.choices) > 1 else None


class AllergyForm(_Sited):
    group = SelectField(_l("Substance"), choices=_choices(AllergenGroup, blank=True),
                        validators=[DataRequired(message=_l("Choose the kind of substance."))])
    substance = StringField(_l("Name of the substance"), validators=[Optional(), Length(max=200)],
                            description=_l("For example: amoxicillin, ibuprofen, peanut. "
                                           "Required for “other”."),
                            render_kw={"autocomplete": "off"})
    reaction = SelectField(_l("Reaction"), choices=_choices(Reaction, blank=True),
                           validators=[DataRequired(message=_l("Choose the reaction (or "
                                                               "“reaction unknown”)."))])
    reaction_details = TextAreaField(_l("Details of the reaction"),
                                     validators=[Optional(), Length(max=2000)],
                                     render_kw={"rows": 2})
    severity = RadioField(_l("Severity"), choices=_choices(Severity),
                          validators=[InputRequired(message=_l("Choose the severity."))])
    source = SelectField(_l("Source of the information"), choices=_choices(AllergySource,
                                                                         blank=True),
                         validators=[DataRequired(message=_l("Say where the information "
                                                             "comes from."))])
    noted_on = _date(_l("Noted on"), required=_l("Give the date the allergy was noted."))


class RetireForm(FlaskForm):
    state = RadioField(_l("Retire this allergy"),
                       choices=_choices((EntryState.NO_LONGER, EntryState.ENTERED_IN_ERROR)),
                       validators=[InputRequired(message=_l("Choose “no longer allergic” or "
                                                            "“entered in error”."))])
    reason = TextAreaField(_l("Why"), validators=[Optional(), Length(max=2000)],
                           render_kw={"rows": 2})
    version = HiddenField()


class NoKnownAllergyForm(FlaskForm):
    seen = HiddenField()


class MedicationForm(_Sited):
    medicine = StringField(_l("Medicine"),
                           validators=[DataRequired(message=_l("Name the medicine.")),
                                       Length(max=200)],
                           description=_l("The name on the box or the prescription, with "
                                          "its strength: “amoxicillin 500 mg”."),
                           render_kw={"autocomplete": "off"})
    dose = StringField(_l("Dose and frequency"), validators=[Optional(), Length(max=300)],
                       description=_l("For example: 1 tablet 3 times a day for 7 days."),
                       render_kw={"autocomplete": "off"})
    atc_code = StringField(_l("ATC code (optional)"), validators=[Optional(), Length(max=20)],
                           render_kw={"autocomplete": "off", "dir": "ltr",
                                      "placeholder": "J01CA04"})
    started_on = _date(_l("Taken since"))
    prescriber = SelectField(_l("Prescribed by"), choices=_choices(Prescriber, blank=True),
                             validators=[DataRequired(message=_l("Say who prescribed it (or "
                                                                 "“unknown”)."))])
    prescriber_details = StringField(_l("Prescriber's name or hospital"),
                                     validators=[Optional(), Length(max=1000)])
    stopped_on = _date(_l("Stopped on"))
    stop_reason = SelectField(_l("Why it was stopped"), choices=_choices(StopReason, blank=True))
    stop_details = TextAreaField(_l("Details of the stop"), validators=[Optional(),
                                                                        Length(max=1000)],
                                 render_kw={"rows": 2})
