"""The scale forms. The items' radio groups are drawn from the scale's definition by the
template and read by the view (their names are item_<number>): the service checks them
all at once, so that one message lists every missing item."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length


class ResultForm(FlaskForm):
    site_id = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])
    administered_on = DateField(
        _l("Administered on"),
        validators=[DataRequired(message=_l("Give the day the scale was administered."))])
    version = HiddenField()

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]


class ErrorForm(FlaskForm):
    reason = TextAreaField(_l("Why was this result entered in error?"),
                           validators=[DataRequired(message=_l("Say why this result was "
                                                               "entered in error.")),
                                       Length(max=500)],
                           render_kw={"rows": 2})
    version = HiddenField()
