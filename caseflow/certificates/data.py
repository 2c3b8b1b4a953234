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

from caseflow import languages
from caseflow.certificates.problems import CertificateError, Check, Problem
from caseflow.certificates.signer import Author, check_signer
from caseflow.certificates.templates import (
    TEMPLATES,
    CertificateTemplate,
    Consistency,
    FieldKind,
    HandoverMode,
)
from caseflow.certificates.wording import Gender
from caseflow.certificates.words import MAX as MAX_DAYS
from caseflow.pdf import Letterhead

SERIAL = re.compile(r"^[A-Z]{2,6}-\d{4}-\d{5}$")


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


@dataclass(frozen=True)
class Lesion:
    location: str
    size: str
    aspect: str


@dataclass(frozen=True)
class Finding:
    description: str
    consistency: Consistency


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
    # A correction names the certificate it cancels and replaces: (serial, issue date).
    replaces: tuple[str, dt.date] | None = None
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


def _check_value(key: str, kind: FieldKind, value: object) -> list[str]:
    if kind in (FieldKind.TEXT, FieldKind.STATEMENT):
        return [] if isinstance(value, str) else [f"{key} must be text"]
    if kind is FieldKind.DAYS:
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_DAYS
        return [] if ok else [f"{key} must be a whole number of days from 0 to {MAX_DAYS}"]
    if kind is FieldKind.CONSENT:
        return [] if value is True else [f"{key}: no examination or report without consent"]
    if not isinstance(value, list | tuple):
        return [f"{key} must be a list"]
    item_type = {FieldKind.LESIONS: Lesion, FieldKind.FINDINGS: Finding,
                 FieldKind.DATES: dt.date}[kind]
    if not all(isinstance(item, item_type) for item in value):
        return [f"{key} must hold only {item_type.__name__} items"]
    if kind is FieldKind.FINDINGS and not all(isinstance(f.consistency, Consistency)
                                               for f in value):
        return [f"{key}: every finding needs its Istanbul consistency level"]
    return []


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
    if not languages.is_supported(language):
        problems.append(Problem(
            Check.LANGUAGE,
            f"language must be one of {', '.join(languages.codes())}, not {language!r}",
            "language"))
    if exam_date > issue_date:
        problems.append(Problem(Check.EXAM_AFTER_ISSUE, "the exam date is after the issue "
                                "date: a certificate follows the exam", "exam_date"))
    if handover.mode is not HandoverMode.IN_HAND and not handover.recipient.strip():
        problems.append(Problem(Check.NO_RECIPIENT,
                                f"handover {handover.mode}: name the recipient",
                                "handover_recipient"))
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
        wrong = _check_value(key, spec.kind, value)
        problems += [Problem(Check.VALUE, text, key) for text in wrong]
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
    if data.replaces is not None and not SERIAL.match(data.replaces[0]):
        problems.append(Problem(Check.SERIAL, f"the certificate replaced, "
                                f"{data.replaces[0]!r}, has no valid serial"))
    if not data.verification_url.startswith(("https://", "http://")):
        problems.append(Problem(Check.ISSUE, "the verification URL must be an http(s) address"))
    if not data.place.strip():
        problems.append(Problem(Check.ISSUE, "the place of issue is missing"))
    if problems:
        raise CertificateError(problems)
    return template
