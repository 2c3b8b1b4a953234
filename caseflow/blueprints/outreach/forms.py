"""The whole numbers of the outreach forms, read by the team's WholeNumberField.

Why: a number typed by hand (a wristband number, a pulse, a count, an id in a hidden field)
may be anything, 5,000 digits included; int() of such a string fails beyond Python's
4,300-digit limit. WholeNumberField refuses more than 9 digits with a plain message first,
so every outreach POST reads its numbers here and the services get typed values.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import Optional

from caseflow.blueprints.fields import WholeNumberField


def whole_numbers(formdata, names) -> tuple[dict[str, int | None], dict[str, str]]:
    """{name: number or None (empty or refused)}, {name: message} for the refused ones.

    A FlaskForm for WTForms' messages in the user's language; no token of its own: the
    app's CSRFProtect already checked the request's."""
    form_class = type("WholeNumbers", (FlaskForm,),
                      {name: WholeNumberField(validators=[Optional()]) for name in names})
    form = form_class(formdata=formdata, meta={"csrf": False})
    form.validate()
    values = {name: None if form[name].errors else form[name].data for name in names}
    errors = {name: str(form[name].errors[0]) for name in names if form[name].errors}
    return values, errors
