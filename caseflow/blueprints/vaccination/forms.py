"""The vaccination page's forms. Coded lists come from caseflow.models.vaccines/vaccination.

The date of a dose is a text field: a dose declared years ago is often remembered by its
month or its year only (services.vaccination.records.parse_given_on reads all three).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from caseflow.blueprints.fields import WholeNumberField
from caseflow.models.vaccination import DoseOrigin, StatusSource
from caseflow.models.vaccines import Vaccine

BLANK = ""


def _site_id(value) -> int | None:
    """The chosen site, None when absent or unreadable: the service then takes the person's
    site where the user writes, and refuses any other."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _site_field():
    return SelectField(_l("Site"), coerce=_site_id, validate_choice=False,
                       validators=[Optional()])


class StatusForm(FlaskForm):
    source = RadioField(_l("Vaccination status"),
                        choices=[(s.value, s.label) for s in StatusSource])
    site_id = _site_field()
    version = HiddenField()

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]


class DoseForm(FlaskForm):
    """A catch-up dose given today by default; the list's own choices refuse a tampered
    code before the service sees it (the service refuses it too, for other callers)."""

    vaccine = SelectField(_l("Vaccine"), validate_choice=False,
                          choices=[(BLANK, "—"), *((v.value, v.label) for v in Vaccine)])
    other_name = StringField(_l("Name of the vaccine (other)"),
                             validators=[Optional(), Length(max=120)])
    origin = RadioField(_l("Source of the dose"), default=DoseOrigin.GIVEN_HERE.value,
                        choices=[(o.value, o.label) for o in DoseOrigin])
    given_on = StringField(_l("Date given"),
                           description=_l("Day/month/year; for a dose given before, the "
                                          "month and year or the year alone will do."),
                           render_kw={"dir": "ltr", "autocomplete": "off",
                                      "inputmode": "numeric"})
    dose_number = WholeNumberField(_l("Dose number"), validators=[Optional()],
                                   description=_l("Left empty: the next dose of the series."))
    lot_number = StringField(_l("Batch number"), validators=[Optional(), Length(max=40)],
                             render_kw={"dir": "ltr", "autocomplete": "off"})
    site_id = _site_field()

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]


class ErrorForm(FlaskForm):
    dose_id = HiddenField()
    version = HiddenField()
    reason = TextAreaField(_l("Why is this entry wrong?"),
                           validators=[Optional(), Length(max=500)], render_kw={"rows": 2})
