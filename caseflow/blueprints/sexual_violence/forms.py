"""The consultation form and the follow-up form. Coded lists: caseflow.models.sexual_violence."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    TextAreaField,
)
from wtforms.fields import TimeField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.models.sexual_violence import (
    CARE_ITEMS,
    ITEM_LABELS,
    CareStatus,
    Delay,
    EcMethod,
    FollowUpStep,
    NotGivenReason,
    PregnancyResult,
)
from caseflow.vocabulary import Confidentiality

NONE = ""
YES, NO = "yes", "no"

# The approximate answer, in the words a clinician asks it.
APPROX_LABELS = {
    Delay.WITHIN_72H: _l("Within the last 72 hours"),
    Delay.FROM_72H_TO_120H: _l("3 to 5 days ago"),
    Delay.OVER_120H: _l("More than 5 days ago"),
    Delay.UNKNOWN: _l("The person cannot say"),
}
STEP_FIELDS = {step: f"follow_up_{step.value}" for step in FollowUpStep}


def _choices(enum_cls, blank: bool = True):
    items = [(m.value, m.label) for m in enum_cls]
    return [(NONE, "—"), *items] if blank else items


class ConsultationForm(FlaskForm):
    site_id = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])
    consulted_at = DateTimeLocalField(
        _l("Consultation (date and time)"), format="%Y-%m-%dT%H:%M",
        validators=[DataRequired(message=_l("Give the date and time of the consultation."))],
        description=_l("In the site's local time."))
    assault_on = DateField(_l("Date of the assault"), validators=[Optional()],
                           render_kw={"min": "2000-01-01", "max": "2100-12-31"})
    assault_time = TimeField(_l("Time of the assault, if known"), validators=[Optional()],
                             description=_l("The time makes the clock exact; without it the "
                                            "shortest possible delay is counted."))
    assault_approx = SelectField(
        _l("If the person cannot give the date: approximately when"),
        choices=[(NONE, "—"), *[(d.value, label) for d, label in APPROX_LABELS.items()]])
    ec_method = SelectField(_l("Emergency contraception given"), choices=_choices(EcMethod))
    pregnancy_result = SelectField(_l("Pregnancy test result"),
                                   choices=_choices(PregnancyResult))
    forensic_consent = SelectField(
        _l("The person consents to a referral to a forensic unit"),
        choices=[(NONE, "—"), (YES, _l("Yes")), (NO, _l("No"))])
    confirm_outside_window = BooleanField(
        _l("I confirm the care given beyond its usual time window"))
    confidentiality = SelectField(_l("Who may read this consultation"), choices=[
        (Confidentiality.DISCIPLINE.value, _l("The medical team of the person's sites")),
        (Confidentiality.PRIVATE.value, _l("Only me"))])
    notes = TextAreaField(_l("Clinical notes"), validators=[Optional(), Length(max=4000)],
                          render_kw={"rows": 4})
    version = HiddenField()

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]

    def status_field(self, item: str):
        return self[f"{item}_status"]

    def reason_field(self, item: str):
        return self[f"{item}_reason"]


for _item in CARE_ITEMS:
    setattr(ConsultationForm, f"{_item}_status",
            SelectField(ITEM_LABELS[_item], choices=_choices(CareStatus)))
    setattr(ConsultationForm, f"{_item}_reason",
            SelectField(_l("If not: why"), choices=_choices(NotGivenReason)))


class FollowUpForm(FlaskForm):
    """The follow-up visits to create: every step ticked unless the clinician unticks it."""


for _step, _name in STEP_FIELDS.items():
    _label = _l("Follow-up visit at %(when)s", when=_step.label)
    setattr(FollowUpForm, _name, BooleanField(_label, default=True))
    setattr(ConsultationForm, _name, BooleanField(_label, default=True))
