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

from caseflow import countries, languages
from caseflow.blueprints.fields import WholeNumberField
from caseflow.blueprints.people.forms import TRI_STATE, ConsentFields
from caseflow.certificates import (
    CertificateTemplate,
    CorrectionKind,
    Facts,
    FieldKind,
    Finding,
    HandoverMode,
    Lesion,
    Reported,
)
from caseflow.certificates.body_regions import BodyRegion
from caseflow.certificates.data import REGION_CODES
from caseflow.certificates.scales import CONSISTENCY_LABELS, Consistency
from caseflow.certificates.words import MAX as MAX_DAYS
from caseflow.models.certificate import CertificateStatus
from caseflow.services.documents.certificate_rules import DUTY_LABELS
from caseflow.services.documents.certificates import CertificateInput

TEXT_MAX = 20_000
LESION_ROWS = 8
FINDING_ROWS = 6
HANDOVER_LABELS = {
    HandoverMode.IN_HAND: _l("In hand, to the person"),
    HandoverMode.LAWYER: _l("To the lawyer the person named, with their consent"),
    HandoverMode.REQUISITION: _l("To the authority, on judicial requisition"),
}


# How the person's account is written: their own words in the first person, printed in
# quotation marks, or an account the author reports, printed without them.
QUOTED, REPORTED = "quoted", "reported"
# Short enough for a phone's select; the field's help says the rest.
VOICE_LABELS = {
    QUOTED: _l("Their own words (in quotation marks)"),
    REPORTED: _l("An account I report (no quotation marks)"),
}
CORRECTION_LABELS = {
    CorrectionKind.CLINICAL: _l("The findings change, after a new examination"),
    CorrectionKind.CLERICAL: _l("A clerical error (a name, a date mistyped): no new examination"),
}


def _voice(key: str) -> str:
    return f"{key}_voice"


class FactsForm(Form):
    """When and where the alleged facts happened, as the person declares them."""

    start = DateField(_l("On (or from)"), validators=[Optional()])
    end = DateField(_l("To (a period, when the day is not known)"), validators=[Optional()])
    place = StringField(_l("Place, as declared"), validators=[Optional(), Length(max=300)])


class LesionRow(Form):
    location = StringField(_l("Location"), validators=[Optional(), Length(max=300)])
    size = StringField(_l("Size"), validators=[Optional(), Length(max=100)])
    aspect = StringField(_l("Aspect"), validators=[Optional(), Length(max=300)])
    region = SelectField(_l("On the body diagram"), default="", validate_choice=False)


class PsychologicalFindingRow(Form):
    """A psychological finding: graded, never placed on the body."""

    description = StringField(_l("Finding"), validators=[Optional(), Length(max=1000)])
    consistency = SelectField(_l("Consistency with the allegations"), default="")


class FindingRow(PsychologicalFindingRow):
    """A physical finding, which may be marked on the body diagram."""

    region = SelectField(_l("On the body diagram"), default="", validate_choice=False)


def region_choices(language: str) -> list[tuple[str, str]]:
    """The body regions, front then back, named in the reader's language: the lesion's number
    is marked there on the annexed diagram (nothing chosen, the table only)."""
    return [("", "—")] + [(region.value, region.label.get(language)) for region in BodyRegion]


def document_languages(template: CertificateTemplate, rules: countries.Country
                       ) -> list[tuple[str, str]]:
    """(code, name in itself) of the languages `template` is written in, the country's
    usual ones first in its order, then the others in the registry's."""
    offered = template.languages or languages.codes()
    order = [*rules.document_languages, *languages.codes()]
    return [(code, languages.get(code).name)
            for code in sorted(offered, key=order.index)]


class CertificateForm(FlaskForm, ConsentFields):
    """The parts every certificate shares; template fields are added by `form_class`."""

    site_id = SelectField(_l("Issuing site"), coerce=int, validators=[DataRequired()],
                          description=_l("Its letterhead and its numbering."))
    language = SelectField(_l("Language of the certificate"), default="fr")
    exam_date = DateField(_l("Date of the examination"),
                          validators=[InputRequired(message=_l("Give the date of the "
                                                               "examination."))])
    interpreter_name = StringField(_l("Interpreter's name"),
                                   validators=[Optional(), Length(max=200)],
                                   description=_l("When one was used: it is printed."))
    handover_mode = SelectField(_l("Handed over"), default=HandoverMode.IN_HAND.value)
    handover_recipient = StringField(_l("Lawyer or requisitioning authority"),
                                     validators=[Optional(), Length(max=300)])
    handover_reference = StringField(_l("Reference of the requisition"),
                                     validators=[Optional(), Length(max=120)])
    handover_date = DateField(_l("Date of the requisition"), validators=[Optional()])
    correction_kind = SelectField(_l("This correction"), default=CorrectionKind.CLINICAL.value)
    correction_reason = TextAreaField(_l("Reason for the correction (printed)"),
                                      validators=[Optional(), Length(max=2000)],
                                      render_kw={"rows": 2})
    duty_decision = SelectField(_l("What I decided"), default="")
    duty_date = DateField(_l("Date of the report"), validators=[Optional()])
    duty_note = TextAreaField(_l("Who reported it and when, or why no report is made"),
                              validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    consent_decision = SelectField(_l("The person asks for a certificate and has been warned "
                                      "of the risks of its disclosure"), default="")
    version = HiddenField()

    template: CertificateTemplate
    language_code = "fr"

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.site_countries = [(s.id, s.name, s.country) for s in sites]
        # The country of the first site decides the usual language and what the law of
        # the place allows (caseflow/countries.py); the service checks the site chosen.
        rules = countries.country(sites[0].country if sites else None)
        self.language.choices = document_languages(self.template, rules)
        if not self.is_submitted() and "data" not in kwargs:  # a new form: the usual one
            self.language.data = self.language.choices[0][0]
        self.language.description = (
            _l("French is the language of reference in France; a version in another "
               "language says it is a translation.") if rules.legal_language == "fr" else
            _l("In the language of whoever will read it; the verification is the same."))
        # A judicial requisition of a doctor exists only where a country's law has it.
        self.handover_mode.choices = [(m.value, HANDOVER_LABELS[m]) for m in HandoverMode
                                      if m is not HandoverMode.REQUISITION
                                      or any(countries.country(s.country).requisition
                                             for s in sites)]
        self.correction_kind.choices = [(k.value, label) for k, label in CORRECTION_LABELS.items()]
        self.duty_decision.choices = [("", "—")] + [(d.value, label)
                                                    for d, label in DUTY_LABELS.items()]
        self.consent_decision.choices = list(TRI_STATE)
        self.set_consent_choices()
        for spec in self.template.fields:
            if spec.kind is FieldKind.FINDINGS:  # the degrees of its own scale only
                for row in getattr(self, spec.key):
                    row.form.consistency.choices = [("", "—")] + [
                        (c.value, CONSISTENCY_LABELS[c].get(self.language_code))
                        for c in spec.scale.levels]
            if spec.placed_on_body:
                regions = region_choices(self.language_code)
                for row in getattr(self, spec.key):
                    row.form.region.choices = regions

    def template_fields(self) -> list:
        """The template's parts in order, each statement followed by how it is written."""
        fields = []
        for spec in self.template.fields:
            fields.append(getattr(self, spec.key))
            if spec.kind is FieldKind.STATEMENT:
                fields.append(getattr(self, _voice(spec.key)))
        return fields

    def duty_to_report(self) -> dict[str, str] | None:
        if not self.duty_decision.data:
            return None
        return {"decision": self.duty_decision.data,
                "date": self.duty_date.data.isoformat() if self.duty_date.data else "",
                "note": (self.duty_note.data or "").strip()}

    def values(self) -> dict[str, Any] | None:
        """The template's values as the service takes them, or None with errors on the fields."""
        values: dict[str, Any] = {}
        ok = True
        for spec in self.template.fields:
            field = getattr(self, spec.key)
            value, error = _value(spec.kind, field)
            if spec.kind is FieldKind.STATEMENT and value and getattr(
                    self, _voice(spec.key)).data == REPORTED:
                value = Reported(value)
            if error is None and spec.required and _blank(value):
                error = _l("This part is required.")
            if error is not None:
                target = next(iter(field.form)) if field.type == "FormField" else field
                target.errors = [*target.errors, error]
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
            correction_reason=self.correction_reason.data or "",
            handover_reference=self.handover_reference.data or "",
            handover_date=self.handover_date.data,
            correction_kind=CorrectionKind(self.correction_kind.data
                                           or CorrectionKind.CLINICAL.value),
            duty_to_report=self.duty_to_report())


def _blank(value: Any) -> bool:
    """Nothing typed. An ITT of 0 days is an answer, not a blank (0 == False in Python)."""
    return value is None or value is False or value == "" or value == []


def _value(kind: FieldKind, field) -> tuple[Any, Any]:
    if kind in (FieldKind.TEXT, FieldKind.STATEMENT):
        return (field.data or "").strip(), None
    if kind is FieldKind.DAYS:
        return field.data, None
    if kind is FieldKind.PHOTOS:  # no photograph is no part printed
        return field.data or None, None
    if kind is FieldKind.CONSENT:
        return (True if field.data else None), None
    if kind is FieldKind.DATES:
        return parse_dates(field.data or "")
    if kind is FieldKind.LEVEL:
        return (Consistency(field.data) if field.data else None), None
    if kind is FieldKind.FACTS:
        facts = field.data or {}
        if not facts.get("start"):
            if facts.get("end") or (facts.get("place") or "").strip():
                return None, _l("Give the date of the facts, or the start of the period.")
            return None, None
        return Facts(facts["start"], facts.get("end"), (facts.get("place") or "").strip()), None
    if kind is FieldKind.LESIONS:
        rows = [r.data for r in field if any((r.data.get(k) or "").strip()
                                             for k in ("location", "size", "aspect"))]
        if any(not all((r.get(k) or "").strip() for k in ("location", "size", "aspect"))
               for r in rows):
            return None, _l("Give each lesion its location, size and aspect.")
        return [Lesion(r["location"].strip(), r["size"].strip(), r["aspect"].strip(),
                       _region(r)) for r in rows], None
    rows = [r.data for r in field if (r.data.get("description") or "").strip()]
    if any(not r.get("consistency") for r in rows):
        return None, _l("Grade each finding against the allegations.")
    return [Finding(r["description"].strip(), Consistency(r["consistency"]), _region(r))
            for r in rows], None


def _region(row: dict) -> str:
    """A known region's code, or none (a value not offered is dropped, never stored)."""
    value = row.get("region") or ""
    return value if value in REGION_CODES else ""


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
        "correction_kind": data.correction_kind.value,
        "handover_reference": data.handover_reference, "handover_date": data.handover_date,
    }
    duty = data.duty_to_report or {}
    if duty:
        out.update(duty_decision=duty.get("decision", ""), duty_note=duty.get("note", ""),
                   duty_date=dt.date.fromisoformat(duty["date"]) if duty.get("date") else None)
    for key, value in data.fields.items():
        if isinstance(value, Reported):
            out[key], out[_voice(key)] = str(value), REPORTED
        elif isinstance(value, Facts):
            out[key] = {"start": value.start, "end": value.end, "place": value.place}
        elif isinstance(value, Consistency):
            out[key] = value.value
        elif isinstance(value, list) and value and isinstance(value[0], dt.date):
            out[key] = "\n".join(d.strftime("%d/%m/%Y") for d in value)
        elif isinstance(value, list) and value and isinstance(value[0], Lesion):
            out[key] = [vars(lesion) for lesion in value]
        elif isinstance(value, list) and value and isinstance(value[0], Finding):
            out[key] = [{"description": f.description, "consistency": f.consistency.value,
                         "region": f.region} for f in value]
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
            hint = _l("What the person says, never as a fact. Say below how it is written: "
                      "their own words, in the first person, print in quotation marks; an "
                      "account you report, in the third person, without them.")
            attrs[_voice(spec.key)] = SelectField(
                _l("How this account is written"), default=QUOTED,
                choices=[(v, label) for v, label in VOICE_LABELS.items()])
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
        elif spec.kind is FieldKind.PHOTOS:
            attrs[spec.key] = WholeNumberField(
                _l("Photographs of the lesions annexed (number)"),
                validators=[Optional(), NumberRange(0, 200)],
                description=_l("Only with the person's consent to photographs recorded on "
                               "their page; the prints are annexed on paper."))
        elif spec.kind is FieldKind.DATES:
            attrs[spec.key] = TextAreaField(label, validators=[Optional(), Length(max=4000)],
                                            description=_l("One date per line (03/11/2026)."),
                                            render_kw={"rows": 5})
        elif spec.kind is FieldKind.LESIONS:
            attrs[spec.key] = FieldList(FormField(LesionRow), label=label,
                                        min_entries=LESION_ROWS, max_entries=LESION_ROWS)
        elif spec.kind is FieldKind.FINDINGS:
            row = FindingRow if spec.placed_on_body else PsychologicalFindingRow
            attrs[spec.key] = FieldList(FormField(row), label=label,
                                        min_entries=FINDING_ROWS, max_entries=FINDING_ROWS)
        elif spec.kind is FieldKind.FACTS:
            attrs[spec.key] = FormField(FactsForm, label=label)
        elif spec.kind is FieldKind.LEVEL:
            attrs[spec.key] = SelectField(
                label, default="", choices=[("", "—")] + [
                    (c.value, CONSISTENCY_LABELS[c].get(language)) for c in Consistency],
                description=_l("The degree of the Istanbul Protocol's scale that the evidence "
                               "as a whole supports; explain it below."))
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
