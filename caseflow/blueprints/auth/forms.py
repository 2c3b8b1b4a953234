from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    login = StringField(_l("Login"), validators=[DataRequired(), Length(max=64)],
                        render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=256)],
        description=_l("At least 12 characters; a sentence of several words is easy to remember."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(),
                    EqualTo("new_password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


def _code_field(label, description=None):
    # Not inputmode=numeric: a recovery code has letters.
    return StringField(label, validators=[DataRequired(), Length(max=32)],
                       description=description,
                       render_kw={"autocomplete": "one-time-code", "autocapitalize": "none",
                                  "autocorrect": "off", "spellcheck": "false"})


class SecondFactorForm(FlaskForm):
    """The second step of sign-in."""

    code = _code_field(_l("Code"), _l("The 6-digit code your authenticator app shows now, "
                                      "or one of your recovery codes."))


class ConfirmEnrolmentForm(FlaskForm):
    code = _code_field(_l("Code shown by the app"),
                       _l("Type the 6-digit code the app now shows for caseflow."))


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})
    code = _code_field(_l("Code"), _l("From your app, or a recovery code."))


class ReauthForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})


class ReauthWithCodeForm(ReauthForm):
    code = _code_field(_l("Code"), _l("From your app, or a recovery code."))
