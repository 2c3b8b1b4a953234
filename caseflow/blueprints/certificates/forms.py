"""Certificate forms: one class per template, built from the template's declared fields.

Why built from the template: the form offers exactly the parts the template
prints and nothing else, so there is no box where an age estimate could be
typed (docs/FIELD.md, Age), and a new template needs no new form code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseflow import languages
from caseflow.blueprints.fields import WholeNumberField
from caseflow.blueprints.people.forms import TRI_STATE, ConsentFields
from caseflow.certificates import CertificateTemplate, FieldKind, Finding, HandoverMode, Lesion
from caseflow.certificates.templates import CONSISTENCY_LABELS, Consistency
from caseflow.certificates.words import MAX as MAX_DAYS
from caseflow.models.certificate import CertificateStatus
from caseflow.services.documents.certificates import CertificateInput

TEXT_MAX = 20_000
LESION_ROWS = 8
FINDING_ROWS = 6
HANDOVER_LABELS = {
    HandoverMode.IN_HAND: _l("In hand, to the person"),
    HandoverMode.LAWYER: _l("To the lawyer the person named, with their consent"),
    HandoverMode.REQUISITION: _l("To the authority, on judicial requisition"),
}


class LesionRow(Form):
    location = StringField(_l("Location"), validators=[Optional(), Length(max=300)])
    size = StringField(_l("Size"), validators=[Optional(), Length(max=100)])
    aspect = StringField(_l("Aspect"), validators=[Optional(), Length(max=300)])


class FindingRow(Form):
    description = StringField(_l("Finding"), validators=[Optional(), Length(max=1000)])
    consistency = SelectField(_l("Consistency with the allegations"), default="")


class CertificateForm(FlaskForm, ConsentFields):
    """The parts every certificate shares; template fields are added by `form_class`."""

    site_id = SelectField(_l("Issuing site"), coerce=int, validators=[DataRequired()],
                          description=_l("Its letterhead and its numbering."))
    language = SelectField(_l("Language of the certificate"), default="fr",
                           description=_l("French is the language of reference in France; an "
                                          "English version can be issued as well."))
    exam_date = DateField(_l("Date of the examination"),
                          validators=[InputRequired(message=_l("Give the date of the "
                                                               "examination."))])
    interpreter_name = StringField(_l("Interpreter's name"),
                                   validators=[Optional(), Length(max=200)],
                                   description=_l("When one was used: it is printed."))
    handover_mode = SelectField(_l("Handed over"), default=HandoverMode.IN_HAND.value)
    handover_recipient = StringField(_l("Lawyer or requisitioning authority"),
                                     validators=[Optional(), Length(max=300)])
    correction_reason = TextAreaField(_l("What this correction changes"),
                                      validators=[Optional(), Length(max=2000)],
                                      render_kw={"rows": 2})
    consent_decision = SelectField(_l("The person asks for a certificate and has been warned "
                                      "of the risks of its disclosure"), default="")
    version = HiddenField()

    template: CertificateTemplate
    language_code = "fr"

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.language.choices = languages.choices()  # each in its own words
        self.handover_mode.choices = [(m.value, HANDOVER_LABELS[m]) for m in HandoverMode]
        self.consent_decision.choices = list(TRI_STATE)
        self.set_consent_choices()
        for spec in self.template.fields:
            if spec.kind is FieldKind.FINDINGS:
                for row in getattr(self, spec.key):
                    row.form.consistency.choices = [("", "—")] + [
                        (c.value, CONSISTENCY_LABELS[c].get(self.language_code))
                        for c in Consistency]

    def template_fields(self) -> list:
        return [getattr(self, spec.key) for spec in self.template.fields]

    def values(self) -> dict[str, Any] | None:
        """The template's values as the service takes them, or None with errors on the fields."""
        values: dict[str, Any] = {}
        ok = True
        for spec in self.template.fields:
            field = getattr(self, spec.key)
            value, error = _value(spec.kind, field)
            if error is None and spec.required and _blank(value):
                error = _l("This part is required.")
            if error is not None:
                field.errors = [*field.errors, error]
                ok = False
            elif not _blank(value):
                values[spec.key] = value
        return values if ok else None

    def to_input(self, template_key: str) -> CertificateInput | None:
        values = self.values()
        if values is None:
            return None
        return CertificateInput(
            template=template_key, site_id=self.site_id.data, language=self.language.data,
            exam_date=self.exam_date.data, fields=values,
            handover_mode=HandoverMode(self.handover_mode.data),
            handover_recipient=self.handover_recipient.data or "",
            interpreter_name=self.interpreter_name.data or "",
            correction_reason=self.correction_reason.data or "")


def _blank(value: Any) -> bool:
    """Nothing typed. An ITT of 0 days is an answer, not a blank (0 == False in Python)."""
    return value is None or value is False or value == "" or value == []


def _value(kind: FieldKind, field) -> tuple[Any, Any]:
    if kind in (FieldKind.TEXT, FieldKind.STATEMENT):
        return (field.data or "").strip(), None
    if kind is FieldKind.DAYS:
        return field.data, None
    if kind is FieldKind.CONSENT:
        return (True if field.data else None), None
    if kind is FieldKind.DATES:
        return parse_dates(field.data or "")
    if kind is FieldKind.LESIONS:
        rows = [r.data for r in field if any((r.data.get(k) or "").strip() for k in r.data)]
        if any(not all((r.get(k) or "").strip() for k in ("location", "size", "aspect"))
               for r in rows):
            return None, _l("Give each lesion its location, size and aspect.")
        return [Lesion(r["location"].strip(), r["size"].strip(), r["aspect"].strip())
                for r in rows], None
    rows = [r.data for r in field if (r.data.get("description") or "").strip()]
    if any(not r.get("consistency") for r in rows):
        return None, _l("Grade each finding against the allegations.")
    return [Finding(r["description"].strip(), Consistency(r["consistency"])) for r in rows], None


def parse_dates(text: str) -> tuple[list[dt.date] | None, Any]:
    """One date per line: 03/11/2026 or 2026-11-03."""
    days = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                days.append(dt.datetime.strptime(line, pattern).date())
                break
            except ValueError:
                continue
        else:
            return None, _l("“%(line)s” is not a date: write 03/11/2026.", line=line[:20])
    return sorted(set(days)), None


def form_data(data: CertificateInput) -> dict[str, Any]:
    """A CertificateInput as the form's initial data (editing a draft, correcting)."""
    out: dict[str, Any] = {
        "site_id": data.site_id, "language": data.language, "exam_date": data.exam_date,
        "interpreter_name": data.interpreter_name,
        "handover_mode": data.handover_mode.value, "handover_recipient": data.handover_recipient,
        "correction_reason": data.correction_reason,
    }
    for key, value in data.fields.items():
        if isinstance(value, list) and value and isinstance(value[0], dt.date):
            out[key] = "\n".join(d.strftime("%d/%m/%Y") for d in value)
        elif isinstance(value, list) and value and isinstance(value[0], Lesion):
            out[key] = [vars(lesion) for lesion in value]
        elif isinstance(value, list) and value and isinstance(value[0], Finding):
            out[key] = [{"description": f.description, "consistency": f.consistency.value}
                        for f in value]
        else:
            out[key] = value
    return out


def form_class(template: CertificateTemplate, language: str) -> type[CertificateForm]:
    """The form of one template, labelled in the reader's language."""
    attrs: dict[str, Any] = {"template": template, "language_code": language}
    # "Date of the examination", or of the last consultation (attestations).
    attrs["exam_date"] = DateField(template.exam_label.get(language), validators=[
        InputRequired(message=_l("Give the date of the examination."))])
    for spec in template.fields:
        label = spec.heading.get(language)
        hint = spec.lead.get(language) if spec.lead else None
        if spec.kind is FieldKind.STATEMENT:
            hint = _l("The person's own words: they are printed in quotation marks, never as "
                      "a fact.")
        if spec.kind in (FieldKind.TEXT, FieldKind.STATEMENT):
            attrs[spec.key] = TextAreaField(label, validators=[Optional(), Length(max=TEXT_MAX)],
                                            description=hint, render_kw={"rows": 4})
        elif spec.kind is FieldKind.DAYS:
            attrs[spec.key] = WholeNumberField(
                label, validators=[Optional(), NumberRange(0, MAX_DAYS, message=_l(
                    "A number of days from 0 to %(max)s.", max=MAX_DAYS))],
                description=_l("Printed in words and figures, “sous réserve de complications”."))
        elif spec.kind is FieldKind.CONSENT:
            attrs[spec.key] = BooleanField(label, description=hint)
        elif spec.kind is FieldKind.DATES:
            attrs[spec.key] = TextAreaField(label, validators=[Optional(), Length(max=4000)],
                                            description=_l("One date per line (03/11/2026)."),
                                            render_kw={"rows": 5})
        elif spec.kind is FieldKind.LESIONS:
            attrs[spec.key] = FieldList(FormField(LesionRow), label=label,
                                        min_entries=LESION_ROWS, max_entries=LESION_ROWS)
        elif spec.kind is FieldKind.FINDINGS:
            attrs[spec.key] = FieldList(FormField(FindingRow), label=label,
                                        min_entries=FINDING_ROWS, max_entries=FINDING_ROWS)
    return type(f"{template.key.title().replace('_', '')}Form", (CertificateForm,), attrs)


class IssueForm(FlaskForm):
    confirm = BooleanField(_l("I examined the person myself and I have read the PDF as it "
                              "will be handed over."),
                           validators=[DataRequired(message=_l("Confirm before issuing."))])
    version = HiddenField()


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the revocation"),
                           validators=[DataRequired(message=_l("Give the reason for the "
                                                               "revocation.")),
                                       Length(max=2000)], render_kw={"rows": 2})
    version = HiddenField()


class DiscardForm(FlaskForm):
    version = HiddenField()


class RegisterFilterForm(FlaskForm):
    """The register's filters, read from the query string (no CSRF: nothing changes)."""

    class Meta:
        csrf = False

    site = SelectField(_l("Site"), coerce=int, default=0, validators=[Optional()])
    template = SelectField(_l("Kind"), default="", validators=[Optional()])
    status = SelectField(_l("Status"), default="", validators=[Optional()])
    year = SelectField(_l("Year"), coerce=int, default=0, validators=[Optional()])

    def __init__(self, *args, sites=(), templates=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site.choices = [(0, _l("All sites"))] + [(s.id, s.name) for s in sites]
        self.template.choices = [("", _l("All kinds")), *templates]
        self.status.choices = [("", _l("All statuses"))] + [
            (s.value, s.label) for s in CertificateStatus if s is not CertificateStatus.DRAFT]
        self.year.choices = [(0, _l("All years"))] + [(y, str(y)) for y in years]
