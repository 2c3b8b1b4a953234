"""Forms of appointments, referrals and the follow-up lists. Choices are set in __init__."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields import TimeField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from caseflow import countries
from caseflow.blueprints.people.forms import TRI_STATE, ConsentFields, enum_choices
from caseflow.disciplines import Discipline
from caseflow.models.appointment import AppointmentKind, AppointmentStatus
from caseflow.models.referral import PartnerKind, Urgency
from caseflow.vocabulary import ConsentDecision

NOBODY = 0


class AppointmentForm(FlaskForm):
    site_id = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])
    discipline = SelectField(_l("Discipline"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Give the date."))])
    at = TimeField(_l("Time"), validators=[DataRequired(message=_l("Give the time."))],
                   description=_l("In the site's local time."))
    with_user_id = SelectField(_l("With"), coerce=int, default=NOBODY)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=4000)],
                         description=_l("Practical details (what to bring, accompaniment)."),
                         render_kw={"rows": 2})
    version = HiddenField()

    def __init__(self, *args, sites=(), disciplines=(), colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.discipline.choices = [(d.value, d.label) for d in disciplines]
        self.kind.choices = enum_choices(AppointmentKind)
        self.with_user_id.choices = [(NOBODY, "—")] + [(u.id, u.display_name)
                                                      for u in colleagues]


class AppointmentStatusForm(FlaskForm):
    """A button of the daily list: attended, missed or cancelled."""

    status = SelectField(validators=[DataRequired()])
    version = IntegerField(validators=[Optional()])
    back = HiddenField()
    day = HiddenField()
    site = HiddenField()
    user = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(s.value, s.label) for s in AppointmentStatus
                               if s != AppointmentStatus.SCHEDULED]


def listable_day(_form, field) -> None:
    """A day the daily list can show (a typed address may ask for 9999-12-31)."""
    from caseflow.services.care.appointments import FIRST_LISTED_DAY, LAST_LISTED_DAY

    if field.data is not None and not FIRST_LISTED_DAY <= field.data <= LAST_LISTED_DAY:
        raise ValidationError(_l("Choose a day between 1900 and 2100."))


class DayFilterForm(FlaskForm):
    """The daily list's filters, read from the query string (no CSRF: nothing changes)."""

    class Meta:
        csrf = False

    day = DateField(_l("Day"), validators=[Optional(), listable_day])
    site = SelectField(_l("Site"), coerce=int, default=0, validators=[Optional()])
    user = SelectField(_l("Professional"), coerce=int, default=0, validators=[Optional()])

    def __init__(self, *args, sites=(), colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site.choices = [(0, _l("All my sites"))] + [(s.id, s.name) for s in sites]
        self.user.choices = [(0, _l("Everyone"))] + [(u.id, u.display_name)
                                                     for u in colleagues]


class SiteFilterForm(FlaskForm):
    class Meta:
        csrf = False

    site = SelectField(_l("Site"), coerce=int, default=0, validators=[Optional()])

    def __init__(self, *args, sites=(), all_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.site.choices = [(0, all_label or _l("All my sites"))] + [(s.id, s.name)
                                                                      for s in sites]


class ReferralForm(FlaskForm, ConsentFields):
    site_id = SelectField(_l("Referring site"), coerce=int, validators=[DataRequired()])
    target = SelectField(_l("Refer to"), validators=[DataRequired()])
    partner_name = StringField(_l("Partner's name"), validators=[Optional(), Length(max=200)],
                               description=_l("For an outside partner: the service, hospital "
                                              "or lawyer, as it will appear on the letter."))
    urgency = SelectField(_l("Urgency"), default=Urgency.ROUTINE.value)
    reason = TextAreaField(_l("Reason for the referral"),
                           validators=[DataRequired(message=_l("Give the reason for the "
                                                               "referral.")),
                                       Length(max=4000)],
                           description=_l("Only what the partner needs to know: it is printed "
                                          "on the letter."),
                           render_kw={"rows": 4})
    consent_decision = SelectField(_l("The person's decision about sharing with this partner"),
                                   default="")

    def __init__(self, *args, own_discipline=None, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        team = [(f"discipline:{d.value}", d.label) for d in Discipline
                if d != own_discipline]
        # The partners of the countries of the author's sites (a Libya site has no PASS).
        offered = {kind for s in sites
                   for kind in countries.country(s.country).referral_partners}
        partners = [(f"partner:{k.value}", k.label) for k in PartnerKind
                    if k.value in offered or not sites]
        self.target.choices = {str(_l("Inside the team")): team,
                               str(_l("Outside partner")): partners}
        self.urgency.choices = enum_choices(Urgency)
        self.consent_decision.choices = list(TRI_STATE)
        self.set_consent_choices()

    def chosen_target(self) -> tuple[Discipline | None, PartnerKind | None]:
        kind, _sep, value = (self.target.data or "").partition(":")
        if kind == "discipline":
            return Discipline(value), None
        return None, PartnerKind(value)


class ReferralStatusForm(FlaskForm):
    status = SelectField(_l("New status"), validators=[DataRequired()])
    outcome = TextAreaField(_l("Outcome"), validators=[Optional(), Length(max=4000)],
                            render_kw={"rows": 2})
    outcome_on = DateField(_l("Date of the outcome"), validators=[Optional()])
    version = IntegerField(validators=[Optional()])

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(s.value, s.label) for s in statuses]


class PartnerConsentForm(FlaskForm, ConsentFields):
    decision = SelectField(_l("Decision"), validators=[DataRequired()])
    decided_on = DateField(_l("Date of the decision"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = enum_choices(ConsentDecision)
        self.set_consent_choices()
