"""Why a certificate must not print: a `CertificateError` carrying one `Problem` per reason.

Apart from the checks themselves (data.py for the content, signer.py for who signs)
so that both can raise and list them without importing each other.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Check(enum.StrEnum):
    """What a problem is about: the workflow shows some of them on the form's field."""

    TEMPLATE = "template"
    SIGNER = "signer"
    IDENTITY = "identity"
    UNKNOWN_FIELD = "unknown_field"  # a part the template does not declare (an age estimate)
    LANGUAGE = "language"
    EXAM_AFTER_ISSUE = "exam_after_issue"
    NO_RECIPIENT = "no_recipient"
    UNNAMED_INTERPRETER = "unnamed_interpreter"
    ONE_OF = "one_of"
    DATE_AFTER_EXAM = "date_after_exam"
    REQUIRED = "required"
    VALUE = "value"
    SERIAL = "serial"
    ISSUE = "issue"  # where and how it is issued: place, verification address
    CORRECTION = "correction"  # a correction's reason, its new examination
    REQUISITION = "requisition"  # a requisition's reference and date
    FACTS = "facts"  # the date or period of the alleged facts
    CAUSAL = "causal"  # a causal link written as a fact (psychological attestation)


@dataclass(frozen=True)
class Problem:
    """One reason a certificate must not print. `text` is English, for logs and tests, and
    repeats nothing the author typed; `field` names the part concerned (a template field,
    or "template", "language", "exam_date", "handover_recipient", "handover_reference",
    "handover_date", "interpreter_name", "correction_reason"); `parts`, the
    fields of a group of which one must be filled."""

    check: Check
    text: str
    field: str | None = None
    parts: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text


class CertificateError(ValueError):
    """A certificate that must not be issued as it stands; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))

