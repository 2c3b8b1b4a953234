"""The erasure form: a coded reason, the person's code typed again, the version reviewed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import HiddenInput

from caseflow.models.erasure import ErasureReason


class ErasureForm(FlaskForm):
    reason_category = SelectField(
        _l("Reason"), choices=[("", _l("Choose…"))] + [(r.value, r.label) for r in ErasureReason],
        validators=[DataRequired(_l("Choose the reason for the erasure."))])
    confirm_code = StringField(
        _l("Type the person's code to confirm"),
        validators=[DataRequired(_l("Type the person's code to confirm.")), Length(max=20)],
        description=_l("The code shown at the top of this page, e.g. K7Q-2M4-X9."),
        render_kw={"autocomplete": "off", "spellcheck": "false"})
    # The record's version when the page was opened: a change since then is detected.
    # Nothing else is asked: a free-text reason could name the person, and would have to
    # outlive their key to be of any use (services/erasure.py).
    version = IntegerField(widget=HiddenInput())
