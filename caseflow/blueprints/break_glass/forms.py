"""Forms of break-glass: the reason to open a record, the coordinator's review."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from caseflow.models.break_glass import BreakGlassReview


class OpenForm(FlaskForm):
    """Lengths are checked by the service, which says how long the reason must be."""

    site_id = SelectField(_l("Where you are treating the person"), coerce=int,
                          validators=[DataRequired(message=_l("Choose one of your sites."))])
    reason = TextAreaField(
        _l("Why do you need this record now?"),
        validators=[DataRequired(message=_l("Say why you need this record now."))],
        description=_l("For example: seen in an emergency at the shelter, unconscious, "
                       "allergies and treatments unknown. The medical coordinator reads it."),
        render_kw={"rows": 4, "maxlength": 1000},
    )

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]


class ReviewForm(FlaskForm):
    decision = RadioField(_l("Review"), validators=[InputRequired(
        message=_l("Choose justified or not justified."))])
    note = TextAreaField(_l("Note"), validators=[Optional()],
                         description=_l("Required when the access was not justified."),
                         render_kw={"rows": 2, "maxlength": 1000})
    version = IntegerField(validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = [(r.value, r.label) for r in (
            BreakGlassReview.JUSTIFIED, BreakGlassReview.UNJUSTIFIED)]
