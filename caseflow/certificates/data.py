"""What a certificate is made of, and the checks that refuse an incorrect one before it prints.

The checks are those a medical council, a judge or a lawyer would make on
paper: the right profession signs, the signer's register number is there, the
exam happened before the issue, every required part is filled, the person is
named "as declared", and nothing outside the template (an age estimate, say)
is added. A `CertificateError` carries one `Problem` per reason, so a form can
show them all at once, each on its part.

These are the only checks of a certificate's content: the workflow
(services/documents/certificates.py) runs `check_content` on what the author typed
before recording anything, and turns each problem into the message the form
shows on its field; `validate` runs the same checks again, and those of what
the workflow adds (serial, identity, signer), before anything prints.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from caseflow import countries, languages
from caseflow.certificates.body_regions import BodyRegion
from caseflow.certificates.causal import unattributed_causes
from caseflow.certificates.problems import CertificateError, Check, Problem
from caseflow.certificates.scales import Consistency
from caseflow.certificates.signer import Author, check_signer
from caseflow.certificates.templates import (
    TEMPLATES,
    CertificateTemplate,
    FieldKind,
    HandoverMode,
)
from caseflow.certificates.wording import Gender
from caseflow.certificates.words import MAX as MAX_DAYS
from caseflow.pdf import Letterhead

SERIAL = re.compile(r"^[A-Z]{2,6}-\d{4}-\d{5}$")
REGION_CODES = frozenset(region.value for region in BodyRegion)


class BirthPrecision(enum.StrEnum):
    """How much of the declared date of birth the person gave."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DeclaredIdentity:
    names: str  # as the person gives them: never corrected, never "real name"
    birth_date: dt.date | None = None
    birth_precision: BirthPrecision = BirthPrecision.DAY
    # From the recorded sex (wording.gender_of_sex): « née / né », « l'intéressée /
    # l'intéressé »; the inclusive « né(e) » when the sex is unknown or other.
    gender: Gender = Gender.INCLUSIVE


@dataclass(frozen=True)
class Interpreter:
    name: str
    language: str = ""  # the language interpreted, as printed ("dari", "tigrinya")


@dataclass(frozen=True)
class Handover:
    mode: HandoverMode = HandoverMode.IN_HAND
    recipient: str = ""  # the lawyer's name, or the requisitioning authority
    # On requisition: the requisition's reference and date, printed with the authority.
    reference: str = ""
    requested_on: dt.date | None = None


class Reported(str):
    """A statement the author reports in their own words (« Il/elle dit avoir été frappé… »),
    printed without quotation marks under a lead that says so. A plain `str` in a STATEMENT
    field is the person's own words, in the first person, printed in quotation marks: what
    sits inside quotation marks must be what the person said."""

    __slots__ = ()


@dataclass(frozen=True)
class Facts:
    """When and where the alleged facts happened, as the person declares them: a day, or a
    period when the person cannot give the day (``end`` after ``start``)."""

    start: dt.date
    end: dt.date | None = None
    place: str = ""


class CorrectionKind(enum.StrEnum):
    """What a correction changes. Clinical findings change only after a new examination;
    a clerical error (a misspelt name, a mistyped date) is the only change made without
    one, and the new certificate says which it is."""

    CLINICAL = "clinical"
    CLERICAL = "clerical"


@dataclass(frozen=True)
class Correction:
    """The certificate a correction cancels and replaces, and why."""

    serial: str
    issued_on: dt.date
    kind: CorrectionKind = CorrectionKind.CLINICAL
    reason: str = ""


@dataclass(frozen=True)
class Lesion:
    location: str
    size: str
    aspect: str
    # A body_regions.BodyRegion code: the lesion's number is marked there on the annexed
    # body diagram; empty, the lesion is in the table only.
    region: str = ""


@dataclass(frozen=True)
class Finding:
    description: str
    consistency: Consistency
    region: str = ""  # as Lesion.region, for a physical finding


@dataclass(frozen=True)
class CertificateData:
    """Everything a certificate prints. The caller has already checked consent."""

    template: str
    letterhead: Letterhead
    place: str  # "Fait à {place}"
    author: Author
    person: DeclaredIdentity
    exam_date: dt.date
    issue_date: dt.date
    serial: str  # per site and year: PAN-2026-00042
    verification_url: str  # what the QR code holds
    fields: Mapping[str, object] = field(default_factory=dict)
    handover: Handover = field(default_factory=Handover)
    interpreter: Interpreter | None = None
    # A correction names the certificate it cancels and replaces, says whether it follows a
    # new examination (clinical) or corrects a clerical error, and prints its reason.
    correction: Correction | None = None
    # The issuing site's country (ISO 3166 alpha-2): which templates apply, which register
    # numbers are asked, which legal notes print.
    country: str = "FR"


def template_for(key: str) -> CertificateTemplate:
    try:
        return TEMPLATES[key]
    except KeyError:
        raise CertificateError([Problem(Check.TEMPLATE, f"unknown certificate template {key!r}",
                                        "template")]) from None


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and not value) or (
        isinstance(value, str) and not value.strip())


def _check_value(key: str, kind: FieldKind, value: object, scale=None,
                 placed: bool = False) -> list[str]:
    if kind in (FieldKind.TEXT, FieldKind.STATEMENT):
        return [] if isinstance(value, str) else [f"{key} must be text"]
    if kind is FieldKind.DAYS:
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_DAYS
        return [] if ok else [f"{key} must be a whole number of days from 0 to {MAX_DAYS}"]
    if kind is FieldKind.CONSENT:
        return [] if value is True else [f"{key}: no examination or report without consent"]
    if kind is FieldKind.LEVEL:
        return [] if isinstance(value, Consistency) else [f"{key} must be a degree of the scale"]
    if kind is FieldKind.FACTS:
        return [] if isinstance(value, Facts) else [f"{key} must be the facts' date and place"]
    if kind is FieldKind.PHOTOS:
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 200
        return [] if ok else [f"{key} must be a number of photographs from 0 to 200"]
    if not isinstance(value, list | tuple):
        return [f"{key} must be a list"]
    item_type = {FieldKind.LESIONS: Lesion, FieldKind.FINDINGS: Finding,
                 FieldKind.DATES: dt.date}[kind]
    if not all(isinstance(item, item_type) for item in value):
        return [f"{key} must hold only {item_type.__name__} items"]
    if kind in (FieldKind.LESIONS, FieldKind.FINDINGS) and any(
            item.region and (item.region not in REGION_CODES or not placed) for item in value):
        return [f"{key}: a body region caseflow does not know, or on a psychological finding"]
    if kind is FieldKind.FINDINGS and not all(isinstance(f.consistency, Consistency)
                                               for f in value):
        return [f"{key}: every finding needs its Istanbul consistency level"]
    if kind is FieldKind.FINDINGS and scale is not None and any(
            f.consistency not in scale.levels for f in value):
        return [f"{key}: a degree outside the {scale.key} scale (no psychological finding is "
                "diagnostic)"]
    return []


def _facts_problems(key: str, facts: Facts, exam_date: dt.date) -> list[Problem]:
    """The alleged facts come before the examination, and a period ends after it starts."""
    texts = []
    if facts.end is not None and facts.end < facts.start:
        texts.append(f"{key}: the period ends before it starts")
    if max(facts.start, facts.end or facts.start) > exam_date:
        texts.append(f"{key}: the alleged facts are dated after the examination")
    return [Problem(Check.FACTS, text, key) for text in texts]


def _requisition_problems(handover: Handover, exam_date: dt.date) -> list[Problem]:
    """On requisition, the reference and date of the requisition print with the authority;
    the requisition precedes the examination it orders."""
    if handover.mode is not HandoverMode.REQUISITION:
        return []
    problems = []
    if not handover.reference.strip():
        problems.append(Problem(Check.REQUISITION, "a requisition's reference is missing",
                                "handover_reference"))
    if handover.requested_on is None:
        problems.append(Problem(Check.REQUISITION, "a requisition's date is missing",
                                "handover_date"))
    elif handover.requested_on > exam_date:
        problems.append(Problem(Check.REQUISITION, "the requisition is dated after the "
                                "examination", "handover_date"))
    return problems


def check_content(template: CertificateTemplate, *, language: str, exam_date: dt.date,
                  issue_date: dt.date, fields: Mapping[str, object],
                  handover: Handover = Handover(), interpreter: Interpreter | None = None
                  ) -> list[Problem]:
    """Problems with what the author fills in, in the order the form shows the first one:
    a part the template does not declare, the language, the exam after the issue (on a
    draft, the issue date is today: an exam in the future), the handover, the
    interpreter, a group left empty, then each part (a follow-up date after the exam, a
    required part missing, a value of the wrong kind)."""
    problems: list[Problem] = []
    specs = {spec.key: spec for spec in template.fields}
    for key in fields:
        if key not in specs:
            problems.append(Problem(Check.UNKNOWN_FIELD, f"{template.key} has no field {key!r}",
                                    key))
    offered = template.languages or languages.codes()
    if not languages.is_supported(language) or language not in offered:
        problems.append(Problem(
            Check.LANGUAGE,
            f"language must be one of {', '.join(offered)}, not {language!r}",
            "language"))
    if exam_date > issue_date:
        problems.append(Problem(Check.EXAM_AFTER_ISSUE, "the exam date is after the issue "
                                "date: a certificate follows the exam", "exam_date"))
    if handover.mode is not HandoverMode.IN_HAND and not handover.recipient.strip():
        problems.append(Problem(Check.NO_RECIPIENT,
                                f"handover {handover.mode}: name the recipient",
                                "handover_recipient"))
    problems += _requisition_problems(handover, exam_date)
    if interpreter is not None and not interpreter.name.strip():
        problems.append(Problem(Check.UNNAMED_INTERPRETER,
                                "an interpreter was used: give their name", "interpreter_name"))
    for group in template.one_of:
        if all(_empty(fields.get(key)) for key in group):
            problems.append(Problem(Check.ONE_OF, f"fill at least one of {', '.join(group)}",
                                    group[0], tuple(group)))
    for key, spec in specs.items():
        value = fields.get(key)
        if _empty(value):
            if spec.required:
                problems.append(Problem(Check.REQUIRED, f"required field {key!r} is missing",
                                        key))
            continue
        wrong = _check_value(key, spec.kind, value, spec.scale, spec.placed_on_body)
        problems += [Problem(Check.VALUE, text, key) for text in wrong]
        if not wrong and spec.kind is FieldKind.FACTS:
            problems += _facts_problems(key, value, exam_date)  # type: ignore[arg-type]
        # The person's statements are theirs, attributed by their lead: only the author's
        # observations must not state a cause as a fact.
        if not wrong and spec.causal_guard and spec.kind is FieldKind.TEXT:
            problems += [Problem(Check.CAUSAL, f"{key}: a causal link written as a fact", key)
                         for _ in unattributed_causes(str(value))[:1]]
        if not wrong and spec.kind is FieldKind.DATES and any(
                day > exam_date for day in value):  # type: ignore[attr-defined]
            problems.append(Problem(Check.DATE_AFTER_EXAM,
                                    f"{key}: a date of follow-up after the exam date", key))
    return problems


def validate(data: CertificateData, language: str) -> CertificateTemplate:
    """The template for `data`, or CertificateError listing every problem found."""
    template = template_for(data.template)
    problems = check_signer(template, data.author, data.country)
    if not template.applies_in(data.country):
        problems.append(Problem(Check.TEMPLATE, f"a {template.key} does not apply in "
                                f"{data.country}", "template"))
    if (data.handover.mode is HandoverMode.REQUISITION
            and not countries.country(data.country).requisition):
        problems.append(Problem(Check.REQUISITION, f"no requisition of a doctor in "
                                f"{data.country}", "handover_mode"))
    if not data.person.names.strip():
        problems.append(Problem(Check.IDENTITY, "the person's declared names are missing"))
    if data.person.birth_precision != BirthPrecision.UNKNOWN and data.person.birth_date is None:
        problems.append(Problem(Check.IDENTITY,
                                "a declared date of birth with a precision needs the date"))
    problems += check_content(template, language=language, exam_date=data.exam_date,
                              issue_date=data.issue_date, fields=data.fields,
                              handover=data.handover, interpreter=data.interpreter)
    if not SERIAL.match(data.serial):
        problems.append(Problem(Check.SERIAL,
                                f"serial {data.serial!r} is not of the form PAN-2026-00042"))
    if data.correction is not None:
        if not SERIAL.match(data.correction.serial):
            problems.append(Problem(Check.SERIAL, f"the certificate replaced, "
                                    f"{data.correction.serial!r}, has no valid serial"))
        if not data.correction.reason.strip():
            problems.append(Problem(Check.CORRECTION, "a correction prints its reason",
                                    "correction_reason"))
    if not data.verification_url.startswith(("https://", "http://")):
        problems.append(Problem(Check.ISSUE, "the verification URL must be an http(s) address"))
    if not data.place.strip():
        problems.append(Problem(Check.ISSUE, "the place of issue is missing"))
    if problems:
        raise CertificateError(problems)
    return template
