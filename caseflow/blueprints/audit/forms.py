"""Filters of the audit review and its two entry points. All GET: nothing changes, no CSRF."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from caseflow.access.audit import MAX_CODE_LENGTH
from caseflow.blueprints.audit.presenters import action_choices

# Dates outside these bounds cannot be converted between time zones (and mean nothing here).
EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)


def _plausible(form, field) -> None:
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(_l("Give a date between 1970 and 2999."))


class EventFilterForm(FlaskForm):
    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional(), _plausible])
    end = DateField(_l("To"), validators=[Optional(), _plausible],
                    description=_l("Both days included."))
    action = SelectField(_l("Action"), default="", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("All actions")), *action_choices()]

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the period is before its start."))


class FindPersonForm(FlaskForm):
    class Meta:
        csrf = False

    code = StringField(_l("Person code"),
                       validators=[DataRequired(message=_l("Type the person's code.")),
                                   Length(max=MAX_CODE_LENGTH,
                                          message=_l("A person code is 9 characters."))],
                       render_kw={"placeholder": "K7Q-2M4-X9", "autocomplete": "off",
                                  "spellcheck": "false"})


class FindUserForm(FlaskForm):
    class Meta:
        csrf = False

    user = SelectField(_l("User"), coerce=int, validators=[DataRequired()])

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user.choices = [(u.id, f"{u.display_name} · {u.role.label}") for u in users]
