from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from caseflow import languages, pathways
from caseflow.certificates.professions import WORDINGS, Profession
from caseflow.certificates.signer import LICENCE
from caseflow.certificates.wording import Gender
from caseflow.disciplines import Discipline
from caseflow.roles import Role, SiteKind


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(enum_cls, blank=None):
    choices = [(m.value, m.label) for m in enum_cls]
    return ([("", blank)] if blank is not None else []) + choices


class UserForm(FlaskForm):
    login = StringField(_l("Login"), validators=[DataRequired(), Length(max=64)],
                        render_kw={"autocapitalize": "none", "autocomplete": "off"})
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), validators=[DataRequired()])
    discipline = SelectField(_l("Discipline"), validators=[Optional()])
    profession_code = SelectField(
        _l("Profession on certificates"), default="", validators=[Optional()],
        description=_l("Printed in the certificate's language and agreed with the form of "
                       "address. Choose “Other” to print the text below as typed."))
    profession = StringField(_l("Profession, as typed"),
                             validators=[Optional(), Length(max=120)],
                             description=_l("Printed as typed, in every language, when the "
                                            "profession above is “Other” or not chosen."))
    rpps = StringField(_l("RPPS number"), validators=[Optional(), Length(max=11)],
                       description=_l("Doctors, midwives, nurses, and psychologists already "
                                      "in the RPPS: 11 digits."))
    adeli = StringField(_l("ADELI number"), validators=[Optional(), Length(max=9)],
                        description=_l("Psychologists not yet in the RPPS: 9 characters."))
    licence_number = StringField(
        _l("National licence number (outside France)"),
        validators=[Optional(), Length(max=32),
                    Regexp(LICENCE, message=_l("Letters, digits, spaces, dots, dashes or "
                                               "slashes."))],
        description=_l("Printed on the certificates signed at a site in Libya (Libyan "
                       "Medical Syndicate or Ministry of Health registration), instead of "
                       "the RPPS."))
    form_of_address = SelectField(
        _l("Form of address on documents"), default=Gender.INCLUSIVE.value,
        description=_l("How the certificates this person signs write « I, the undersigned »: "
                       "« Je soussignée », « Je soussigné », or the inclusive « Je "
                       "soussigné(e) »."))
    language = SelectField(_l("Language"), validators=[Optional()])
    site_ids = CheckboxList(_l("Sites"), coerce=int)
    version = IntegerField(widget=HiddenField.widget, validators=[Optional()])

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = _choices(Role)
        self.discipline.choices = _choices(Discipline, blank=_l("Role's default"))
        # Each language in its own words, from the registry.
        self.language.choices = [("", _l("Browser's language")), *languages.choices()]
        self.site_ids.choices = [(s.id, s.name) for s in sites]
        self.form_of_address.choices = list(FORMS_OF_ADDRESS.items())
        self.profession_code.choices = profession_choices()

    def validate_profession_code(self, field) -> None:
        """"Other" prints the typed text: there must be one."""
        if field.data == Profession.OTHER and not (self.profession.data or "").strip():
            raise ValidationError(_l("Type the profession as it must be printed."))


def _capitalised(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def profession_choices() -> list[tuple[str, object]]:
    """The coded professions in the reader's language (the inclusive form: the select names
    a profession, not someone), then "Other"; first, none chosen (the typed text prints)."""
    return [("", _l("Not chosen")),
            *((profession.value, LazyString(_capitalised, WORDINGS[profession]))
              for profession in Profession if profession is not Profession.OTHER),
            (Profession.OTHER.value, _l("Other: the text below, as typed"))]


# The signer's agreement on what they sign (caseflow.certificates.wording.Gender).
FORMS_OF_ADDRESS = {
    Gender.FEMININE.value: _l("Feminine (« Je soussignée »)"),
    Gender.MASCULINE.value: _l("Masculine (« Je soussigné »)"),
    Gender.INCLUSIVE.value: _l("Not stated (inclusive: « Je soussigné(e) »)"),
}


class SiteForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(min=2, max=8)],
                       description=_l("Letters used in certificate serials, e.g. PAN."))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    country = StringField(_l("Country (ISO code)"),
                          validators=[DataRequired(), Regexp(r"^[A-Za-z]{2}$",
                                      message=_l("Two letters, e.g. FR or LY."))])
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])
    organisation = StringField(_l("Organisation (letterhead)"),
                               validators=[Optional(), Length(max=200)])
    address = StringField(_l("Address (letterhead)"), validators=[Optional(), Length(max=400)])
    phone = StringField(_l("Phone (letterhead)"), validators=[Optional(), Length(max=40)])
    email = EmailField(
        _l("Email (letterhead)"),
        validators=[Optional(), Length(max=200),
                    Regexp(r"^[^@\s]+@[^@\s]+$", message=_l("Not an email address."))],
    )
    active = BooleanField(_l("Active"), default=True)
    require_two_factor = BooleanField(
        _l("Two-factor sign-in required for every member"),
        description=_l("Coordinators and administrators always need it; tick this to require "
                       "it of everyone who works at this site."),
    )
    default_programme = SelectField(
        _l("Usual programme"), default="", validators=[Optional()],
        description=_l("The programme the registration form starts on for people registered "
                       "at this site; the person registering can choose another."))
    version = IntegerField(widget=HiddenField.widget, validators=[Optional()])

    def __init__(self, *args, timezones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _choices(SiteKind)
        self.timezone.choices = [(tz, tz) for tz in timezones]
        # Nothing chosen: the usual programme of the site's country (caseflow/countries.py).
        self.default_programme.choices = [("", _l("As usual in the site's country")),
                                          *pathways.choices()]
