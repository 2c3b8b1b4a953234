"""Forms of the hospital follow-up. Choices are set in __init__; the services check again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import TimeField
from wtforms.validators import Optional

from caseflow import morbidity
from caseflow.blueprints.people.forms import enum_choices
from caseflow.models.hospital import CURRENCIES, Outcome, ReferredBy
from caseflow.vocabulary import NoteKind

CHOOSE = ""


MAX_ID = 2**31 - 1  # a tampered 400-digit id is no id (SQLite cannot even bind it)


def _int_or_none(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


class AdmissionForm(FlaskForm):
    # Required fields are checked by the service, which says which one and why; the form
    # only converts, so a wrong value never loses the rest of what was typed.
    hospital_id = SelectField(_l("Partner hospital"), coerce=_int_or_none,
                              validate_choice=False)
    ward = StringField(_l("Ward"), description=_l("As the hospital names it."))
    admitted_on = DateField(_l("Admission date"), validators=[Optional()])
    reason_code = SelectField(_l("Reason (morbidity list)"), validate_choice=False)
    reason_text = TextAreaField(_l("Reason in words"), render_kw={"rows": 3})
    referred_by = SelectField(_l("Referred by"), validate_choice=False)
    version = HiddenField()  # the correction form's only

    def __init__(self, *args, hospitals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hospital_id.choices = [(None, _l("Choose…"))] + [
            (h.id, f"{h.name} ({h.site.code})") for h in hospitals]
        self.reason_code.choices = [(CHOOSE, _l("Choose…")), *morbidity.choices()]
        self.referred_by.choices = enum_choices(ReferredBy, blank=_l("Choose…"))


class DischargeForm(FlaskForm):
    discharged_on = DateField(_l("Discharge date"), validators=[Optional()])
    outcome = SelectField(_l("Outcome"), validate_choice=False)
    confirm_death = BooleanField(_l("I confirm that the patient died in hospital."))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = enum_choices(Outcome, blank=_l("Choose…"))


class CostsForm(FlaskForm):
    amount = StringField(_l("Amount covered by the programme"), render_kw={"inputmode": "decimal",
                                                                          "dir": "ltr"})
    currency = SelectField(_l("Currency"), validate_choice=False)
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency.choices = [(CHOOSE, "—")] + [(c, c) for c in CURRENCIES]


class VisitForm(FlaskForm):
    kind = SelectField(_l("Kind"), validate_choice=False)
    day = DateField(_l("Date"), validators=[Optional()])
    at = TimeField(_l("Time"), validators=[Optional()], description=_l("In the site's local time."))
    text = TextAreaField(_l("What was seen"), render_kw={"rows": 4})

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k.value, k.label) for k in kinds]


VISIT_KINDS = (NoteKind.MEDICAL_CONSULTATION, NoteKind.NURSING_CARE)


class HospitalForm(FlaskForm):
    name = StringField(_l("Name"))
    site_id = SelectField(_l("Site"), coerce=_int_or_none, validate_choice=False)
    active = BooleanField(_l("Active (offered for new admissions)"), default=True)
    version = HiddenField()

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(None, _l("Choose…"))] + [(s.id, f"{s.code} · {s.name}")
                                                          for s in sites]
