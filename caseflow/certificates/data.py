"""What a certificate is made of, and the checks that refuse an incorrect one before it prints.

The checks are those a medical council, a judge or a lawyer would make on
paper: the right profession signs, the signer's register number is there, the
exam happened before the issue, every required part is filled, the person is
named "as declared", and nothing outside the template (an age estimate, say)
is added. A `CertificateError` carries one message per problem, so a form can
show them all at once.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from caseflow.certificates.templates import (
    TEMPLATES,
    CertificateTemplate,
    Consistency,
    FieldKind,
    HandoverMode,
    Registration,
)
from caseflow.certificates.words import MAX as MAX_DAYS
from caseflow.pdf import Letterhead

LANGUAGES = ("fr", "en")
SERIAL = re.compile(r"^[A-Z]{2,6}-\d{4}-\d{5}$")
RPPS = re.compile(r"^\d{11}$")
ADELI = re.compile(r"^\d[\dAB]\d{7}$")  # 9 characters; Corsica's departments are 2A and 2B


class CertificateError(ValueError):
    """A certificate that must not be issued as it stands; `problems` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class BirthPrecision(enum.StrEnum):
    """How much of the declared date of birth the person gave."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Author:
    name: str
    role: str  # a caseflow.roles.Role value: decides which templates this author may sign
    profession: str  # as printed: "médecin généraliste"
    rpps: str | None = None
    adeli: str | None = None


@dataclass(frozen=True)
class DeclaredIdentity:
    names: str  # as the person gives them: never corrected, never "real name"
    birth_date: dt.date | None = None
    birth_precision: BirthPrecision = BirthPrecision.DAY


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


def template_for(key: str) -> CertificateTemplate:
    try:
        return TEMPLATES[key]
    except KeyError:
        raise CertificateError([f"unknown certificate template {key!r}"]) from None


def check_signer(template: CertificateTemplate, author: Author) -> list[str]:
    """Problems with who signs: the role and the register number the template asks for."""
    problems = []
    if author.role not in template.signers:
        problems.append(f"a {author.role} may not sign a {template.key} "
                        f"(signers: {', '.join(sorted(template.signers))})")
    if not author.name.strip():
        problems.append("the author's name is missing")
    if not author.profession.strip():
        problems.append("the author's profession is missing")
    for number, pattern, label in ((author.rpps, RPPS, "RPPS"), (author.adeli, ADELI, "ADELI")):
        if number and not pattern.match(number):
            problems.append(f"{label} number {number!r} is malformed")
    wanted = template.registration
    if wanted is Registration.RPPS and not author.rpps:
        problems.append(f"a {template.key} needs the author's RPPS number")
    elif wanted is Registration.ADELI and not author.adeli:
        problems.append(f"a {template.key} needs the author's ADELI number")
    elif wanted is Registration.ANY and not (author.rpps or author.adeli):
        problems.append(f"a {template.key} needs the author's RPPS or ADELI number")
    return problems


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


def validate(data: CertificateData, language: str) -> CertificateTemplate:
    """The template for `data`, or CertificateError listing every problem found."""
    template = template_for(data.template)
    problems: list[str] = []
    if language not in LANGUAGES:
        problems.append(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    problems += check_signer(template, data.author)
    if not data.person.names.strip():
        problems.append("the person's declared names are missing")
    if data.person.birth_precision != BirthPrecision.UNKNOWN and data.person.birth_date is None:
        problems.append("a declared date of birth with a precision needs the date")
    if data.exam_date > data.issue_date:
        problems.append("the exam date is after the issue date: a certificate follows the exam")
    if not SERIAL.match(data.serial):
        problems.append(f"serial {data.serial!r} is not of the form PAN-2026-00042")
    if not data.verification_url.startswith(("https://", "http://")):
        problems.append("the verification URL must be an http(s) address")
    if not data.place.strip():
        problems.append("the place of issue is missing")
    if data.handover.mode is not HandoverMode.IN_HAND and not data.handover.recipient.strip():
        problems.append(f"handover {data.handover.mode}: name the recipient")
    if data.replaces is not None and not SERIAL.match(data.replaces[0]):
        problems.append(f"the certificate replaced, {data.replaces[0]!r}, has no valid serial")
    if data.interpreter is not None and not data.interpreter.name.strip():
        problems.append("an interpreter was used: give their name")

    specs = {spec.key: spec for spec in template.fields}
    for key in data.fields:
        if key not in specs:
            problems.append(f"{template.key} has no field {key!r}")
    for key, spec in specs.items():
        value = data.fields.get(key)
        if _empty(value):
            if spec.required:
                problems.append(f"required field {key!r} is missing")
            continue
        problems += _check_value(key, spec.kind, value)
    for group in template.one_of:
        if all(_empty(data.fields.get(key)) for key in group):
            problems.append(f"fill at least one of {', '.join(group)}")
    if problems:
        raise CertificateError(problems)
    return template
