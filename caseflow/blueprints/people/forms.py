"""Intake and record forms. Choices that depend on the user or the language are set in __init__."""

from __future__ import annotations

from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from caseflow import pathways
from caseflow.countries import FRANCE, country
from caseflow.disciplines import Discipline
from caseflow.i18n import (
    country_choices,
    language_choices,
    with_frequent_first,
)
from caseflow.services.care.consents import INTERPRETED
from caseflow.services.intake.frequent_choices import PROGRAMME_WIDE, frequent_codes
from caseflow.vocabulary import (
    BirthDatePrecision,
    BirthDateSource,
    ConsentDecision,
    ConsentMethod,
    DecidedBy,
    InterpreterKind,
    Sex,
    Vulnerability,
)


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def enum_choices(enum_cls, blank=None):
    choices = [(m.value, m.label) for m in enum_cls]
    return ([("", blank)] if blank is not None else []) + choices


def frequent_first(choices, frequent, head=()) -> list[SelectChoice]:
    """`head` ungrouped (a blank "Not stated"), then with_frequent_first's two optgroups.

    Optgroups rather than a second field: one select, one name posted, every code still
    valid, and a picker that works as before without JavaScript (filter-select.js only
    hides options)."""
    groups = with_frequent_first(list(choices), tuple(frequent))
    return [SelectChoice(value, label) for value, label in head] + [
        SelectChoice(value, label, optgroup=group)
        for group, items in groups.items() for value, label in items
    ]


def site_frequencies():
    """What the user's sites meet most (services/intake/frequent_choices.py)."""
    site_ids = getattr(current_user, "site_ids", None)
    return frequent_codes(site_ids) if site_ids else PROGRAMME_WIDE


def parse_declared_date(text: str) -> tuple[date | None, BirthDatePrecision]:
    """'2008', '03/2008', '2008-03', '12/03/2008' or '2008-03-12' → date and its precision."""
    text = (text or "").strip().replace(".", "/")
    if not text:
        return None, BirthDatePrecision.UNKNOWN
    if any(len(part) > 4 for part in text.replace("-", "/").split("/")):
        raise ValueError(text)
    try:
        if text.isdigit() and len(text) == 4:
            return date(int(text), 1, 1), BirthDatePrecision.YEAR
        if "-" in text:
            parts = [int(p) for p in text.split("-")]
            if len(parts) == 2:
                return date(parts[0], parts[1], 1), BirthDatePrecision.MONTH
            if len(parts) == 3:
                return date(parts[0], parts[1], parts[2]), BirthDatePrecision.FULL
        if "/" in text:
            parts = [int(p) for p in text.split("/")]
            if len(parts) == 2:
                return date(parts[1], parts[0], 1), BirthDatePrecision.MONTH
            if len(parts) == 3:
                return date(parts[2], parts[1], parts[0]), BirthDatePrecision.FULL
    except (ValueError, OverflowError):
        pass
    raise ValueError(text)


class DeclaredDate(StringField):
    """A date of birth as declared, at whatever precision the person knows it."""

    def post_validate(self, form, validation_stopped):
        if validation_stopped:
            return
        try:
            self.parsed = parse_declared_date(self.data)
        except ValueError:
            self.errors.append(_l("Write the date as 2008, 03/2008 or 12/03/2008."))


# The accessible name of the filter box. Not the field's label: a label must name one field.
FILTER_LABEL = _l("Type to filter the list")


class IdentityForm(FlaskForm):
    family_name = StringField(_l("Family name (as declared)"),
                              validators=[Optional(), Length(max=2000)],
                              render_kw={"autocomplete": "off", "autocapitalize": "words"})
    given_names = StringField(_l("Given names (as declared)"),
                              validators=[Optional(), Length(max=2000)],
                              render_kw={"autocomplete": "off", "autocapitalize": "words"})
    aliases = TextAreaField(
        _l("Other names"), validators=[Optional(), Length(max=20_000)],
        description=_l("One per line: other spellings, nicknames, names on documents."),
        render_kw={"rows": 2},
    )
    birth_date = DeclaredDate(_l("Date of birth (declared)"),
                              validators=[Optional(), Length(max=20)],
                              description=_l("As the person knows it: 2008, 03/2008 or "
                                             "12/03/2008. Never an estimate."),
                              render_kw={"inputmode": "numeric", "autocomplete": "off"})
    birth_source = SelectField(_l("Source of the date"), default=BirthDateSource.DECLARED.value)
    sex = SelectField(_l("Sex"), default=Sex.UNKNOWN.value)
    # data-filter: static/js/filter-select.js adds a type-to-filter box above these lists.
    nationality = SelectField(_l("Nationality (declared)"), validators=[Optional()],
                              render_kw={"data-filter": FILTER_LABEL})
    languages = SelectMultipleField(_l("Languages spoken"), validators=[Optional()],
                                    render_kw={"size": 6, "data-filter": FILTER_LABEL})
    interpreter_needed = BooleanField(_l("Needs an interpreter"))
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)],
                        render_kw={"inputmode": "tel", "autocomplete": "off"})
    contact_notes = TextAreaField(_l("How to reach the person"),
                                  validators=[Optional(), Length(max=2000)],
                                  render_kw={"rows": 2})
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.birth_source.choices = enum_choices(BirthDateSource)
        self.sex.choices = enum_choices(Sex)
        self.frequent = site_frequencies()
        self.nationality.choices = frequent_first(country_choices(), self.frequent.countries,
                                                  head=[("", _l("Not stated"))])
        self.languages.choices = frequent_first(language_choices(), self.frequent.languages)

    def opens(self, *names: str) -> bool:
        """Whether a folded group of fields (a <details>) is shown open: one of its fields
        has an error or a value other than its default, which a closed disclosure would
        hide from the person checking the form."""
        for name in names:
            f = self[name]
            if f.errors or (f.data or None) != (f.default or None):
                return True
        return False

    def validate_family_name(self, field):
        if not (field.data or "").strip() and not (self.given_names.data or "").strip():
            raise ValidationError(_l("Give at least one name, as the person says it."))

    def alias_list(self) -> list[str]:
        # One per line as typed; a request without the field (not the form's) keeps the
        # record's list, which WTForms leaves in place from the object.
        data = self.aliases.data or ""
        lines = data if isinstance(data, list) else data.splitlines()
        return [line.strip() for line in lines if line.strip()]


# A minor deciding alone with an adult of their choice is French law's own provision
# (art. L1111-5 of the code de la santé publique): the choice is offered everywhere (the
# practice of consent with a trusted adult exists in Libya too) but its French article is
# cited only to users who work at a French site.
MINOR_WITH_ADULT_ANYWHERE = _l("A minor alone, with an adult of their choice")


def decided_by_choices(user) -> list[tuple[str, str]]:
    choices = enum_choices(DecidedBy)
    memberships = getattr(user, "memberships", None) or []
    if any(country(m.site.country).code == FRANCE.code for m in memberships):
        return choices
    return [(value, MINOR_WITH_ADULT_ANYWHERE if value == DecidedBy.MINOR_WITH_ADULT.value
             else label) for value, label in choices]


class ConsentFields:
    """The questions every consent answer needs (mixed into several forms)."""

    decided_by = SelectField(_l("Who decided"), default=DecidedBy.PERSON.value)
    accompanying_adult = StringField(_l("Adult chosen by the minor"),
                                     validators=[Optional(), Length(max=200)])
    method = SelectField(_l("How"), default=ConsentMethod.ORAL.value)
    interpreter_kind = SelectField(_l("Interpreter"),
                                   default=InterpreterKind.NONE_NEEDED.value)
    interpreter_language = SelectField(_l("Language interpreted"), validators=[Optional()])

    def set_consent_choices(self):
        self.decided_by.choices = decided_by_choices(current_user)
        self.method.choices = enum_choices(ConsentMethod)
        self.interpreter_kind.choices = enum_choices(InterpreterKind)
        self.interpreter_language.choices = [("", "—"), *language_choices()]


# The languages the teams work in: an interpreter is never needed for these. French is the
# programme's working language; the interface language is the user's own.
def team_languages() -> set[str]:
    return {"fr", str(get_locale() or "fr").split("_")[0]}


def interpreted_language(spoken) -> str | None:
    """The language interpreted, when the languages spoken leave no doubt: the one spoken
    language that is not a team language.

    Not "the first one that is not French": a multi-select posts its codes in list order
    (alphabetical by name), not in the order the person gave them, so the first would be
    an accident of the alphabet (Arabic before Tigrinya for an Eritrean whose interpreter
    spoke Tigrinya). What a nurse expects of a consent record is the language the
    interpreter really used: filled in when it can only be one, otherwise left for her to
    choose, with the spoken languages offered first (interpreter_choices)."""
    others = [code for code in spoken if code not in team_languages()]
    return others[0] if len(others) == 1 else None


def interpreter_choices(spoken, frequent) -> list[SelectChoice]:
    """The languages the person speaks first, then the site's frequent ones, then all."""
    from flask_babel import gettext

    spoken = set(spoken)
    everything = language_choices()
    first = [SelectChoice(v, label, optgroup=gettext("Languages spoken"))
             for v, label in everything if v in spoken]
    rest = frequent_first([c for c in everything if c[0] not in spoken], frequent)
    return [SelectChoice("", "—"), *first, *rest]


TRI_STATE = [("", _l("Not asked")), ("given", _l("Given")), ("refused", _l("Refused"))]


class RegistrationForm(IdentityForm, ConsentFields):
    site_id = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])
    programme = SelectField(_l("Programme"), validators=[DataRequired()],
                            description=_l("Left as shown, it follows the site: each site has "
                                           "its usual programme."))
    # The programme the form was shown with (its site's usual one): a programme still equal
    # to it was left as shown, and follows a change of site (views.follow_site).
    programme_shown = HiddenField()
    flags = CheckboxList(_l("Vulnerabilities"))
    # No default answer: the person's decision is asked and recorded, never presumed.
    consent_care = RadioField(_l("Consent to care"), validators=[InputRequired(message=_l(
        "Ask the person whether they consent to care, and record the answer: given or "
        "refused."))])
    consent_data = RadioField(_l("Consent to data processing"), validators=[InputRequired(
        message=_l("Ask the person whether they consent to data processing, and record the "
                   "answer: given or refused."))])
    consent_team = SelectField(_l("Consent to sharing inside the care team"), default="")
    confirm_new = HiddenField()
    candidate_ids = FieldList(HiddenField(), min_entries=0)

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.programme.choices = pathways.choices(current_user)
        self.flags.choices = enum_choices(Vulnerability)
        for answer in (self.consent_care, self.consent_data):
            answer.choices = [(d.value, d.label) for d in (ConsentDecision.GIVEN,
                                                           ConsentDecision.REFUSED)]
        self.consent_team.choices = list(TRI_STATE)
        self.set_consent_choices()
        spoken = [code for code in self.languages.data or () if isinstance(code, str)]
        self.interpreter_language.choices = interpreter_choices(spoken, self.frequent.languages)
        # What filter-select.js needs to offer the spoken languages first and fill in the
        # one interpreted as the nurse picks them (the same rule as interpreted_language).
        self.interpreter_language.render_kw = {
            "data-filter": FILTER_LABEL, "data-spoken-from": self.languages.id,
            "data-spoken-label": _l("Languages spoken"),
            "data-team-languages": " ".join(sorted(team_languages())),
            "data-needed-from": self.interpreter_needed.id,
            "data-kind-from": self.interpreter_kind.id,
            "data-interpreted-kinds": " ".join(k.value for k in INTERPRETED),
        }

    def validate(self, extra_validators=None):
        if not self.interpreter_language.data and self.interpreter_kind.data in {
                k.value for k in INTERPRETED}:
            self.interpreter_language.data = interpreted_language(self.languages.data or ())
        return super().validate(extra_validators)


class ConsentForm(FlaskForm, ConsentFields):
    # No purpose and no decision pre-selected: a consent recorded is the person's explicit
    # answer to an explicit question, never a default left as shown.
    purpose = SelectField(_l("Purpose"), default="", validators=[InputRequired(
        message=_l("Choose what the consent is for."))])
    scope = SelectField(_l("Which discipline"), validators=[Optional()])
    partner_name = StringField(_l("Partner (name)"), validators=[Optional(), Length(max=200)])
    decision = SelectField(_l("Decision"), default="", validators=[InputRequired(
        message=_l("Choose the person's decision: given, refused or withdrawn."))])
    decided_on = DateField(_l("Date of the decision"), validators=[Optional()])
    review_on = DateField(_l("Review on"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=4000)],
                         render_kw={"rows": 2})

    def __init__(self, *args, **kwargs):
        from caseflow.vocabulary import ConsentPurpose

        super().__init__(*args, **kwargs)
        self.purpose.choices = enum_choices(ConsentPurpose, blank=_l("Choose…"))
        self.scope.choices = [("", "—"), ("all", _l("The whole care team"))] + [
            (d.value, d.label) for d in Discipline
        ]
        self.decision.choices = enum_choices(ConsentDecision, blank=_l("Choose…"))
        self.set_consent_choices()


class TransferForm(FlaskForm, ConsentFields):
    enrolment_id = SelectField(_l("Follow-up to transfer"), validators=[DataRequired()])
    to_site_id = SelectField(_l("New site"), coerce=int, validators=[DataRequired()])
    consent_given = BooleanField(_l("The person agrees that the new site's team receives "
                                    "their record"))
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)],
                           render_kw={"rows": 2})

    def __init__(self, *args, enrolments=(), sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment_id.choices = enrolments
        self.to_site_id.choices = [(s.id, s.name) for s in sites]
        self.set_consent_choices()


class FlagForm(FlaskForm):
    flag = SelectField(_l("Vulnerability"), validators=[DataRequired()])
    action = HiddenField(validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.flag.choices = enum_choices(Vulnerability)


class MergeForm(FlaskForm):
    reason = TextAreaField(_l("Why are these the same person?"),
                           validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 3})
    confirm = BooleanField(_l("I have checked both records: they are the same person."),
                           validators=[DataRequired()])


class EnrolForm(FlaskForm):
    site_id = SelectField(_l("Site"), coerce=int, validators=[DataRequired()])
    programme = SelectField(_l("Programme"), validators=[DataRequired()])

    def __init__(self, *args, sites=(), **kwargs):
        """Opens on the usual programme of the site shown first, as registration does:
        otherwise the first programme listed (minority recourse) would be the one a hurried
        user leaves as shown, wherever the person is followed."""
        from caseflow.services.staff.sites import usual_programme

        super().__init__(*args, **kwargs)
        sites = list(sites)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.programme.choices = pathways.choices(current_user)
        if not self.is_submitted():
            self.programme.data = usual_programme(sites[0] if sites else None)
