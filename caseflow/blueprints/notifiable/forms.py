"""The declaration form; its lists (codes, sites) are set by the view from the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.models.declaration import DeclarationOutcome


class DeclarationForm(FlaskForm):
    code = SelectField(_l("Disease"), validators=[DataRequired()])
    site_id = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])
    outcome = SelectField(_l("What was done"),
                          choices=[(o.value, o.label) for o in DeclarationOutcome])
    declared_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Give the date."))],
                            render_kw={"min": "2000-01-01", "max": "2100-12-31"})
    reference = StringField(_l("Reference of the declaration (optional)"),
                            validators=[Optional(), Length(max=100)],
                            render_kw={"autocomplete": "off", "dir": "auto"})
    reason = TextAreaField(_l("Why it is not declared"),
                           validators=[Optional(), Length(max=1000)],
                           render_kw={"rows": 3, "dir": "auto"})
