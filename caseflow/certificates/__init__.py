"""Medical certificates and attestations: templates as data, validation and one PDF renderer.

No database and no keys, so that the wording and layout can be tested and
reviewed on their own; the words come from the gettext catalogues (the app's
when one runs, caseflow/translations otherwise); the workflow (consent, issuing, serials,
storage, signature, register, verification page) builds on this API:

- ``TEMPLATES`` / ``CertificateTemplate``: the five templates (templates.py);
- ``CertificateData`` and its parts: what a certificate prints (data.py);
- ``validate(data, language)`` / ``check_signer(template, author)`` /
  ``check_content(template, ...)``: raise or list the problems (``CertificateError``
  of ``Problem``, each with its ``Check``) before anything prints;
- ``render_certificate(data, language) -> bytes``: the PDF (render.py);
- ``numbers_in_words(n, language)``: the ITT in words (words.py);
- ``Gender`` / ``gender_of_sex(sex)``: what the wording agrees with, the person's from the
  recorded sex and the signer's from their account (wording.py; the agreed sentences and the
  Istanbul Protocol's scale are in sentences.py).
"""

from __future__ import annotations

from caseflow.certificates.data import (
    Author,
    BirthPrecision,
    CertificateData,
    CertificateError,
    Check,
    Correction,
    CorrectionKind,
    DeclaredIdentity,
    Facts,
    Finding,
    Handover,
    Interpreter,
    Lesion,
    Problem,
    Reported,
    check_content,
    check_signer,
    template_for,
    validate,
)
from caseflow.certificates.render import render_certificate
from caseflow.certificates.scales import Consistency
from caseflow.certificates.templates import (
    TEMPLATES,
    CertificateTemplate,
    FieldKind,
    HandoverMode,
    Registration,
)
from caseflow.certificates.wording import Gender, gender_of_sex
from caseflow.certificates.words import numbers_in_words

__all__ = [
    "TEMPLATES",
    "Author",
    "BirthPrecision",
    "CertificateData",
    "CertificateError",
    "CertificateTemplate",
    "Check",
    "Consistency",
    "Correction",
    "CorrectionKind",
    "DeclaredIdentity",
    "Facts",
    "FieldKind",
    "Finding",
    "Gender",
    "Handover",
    "HandoverMode",
    "Interpreter",
    "Lesion",
    "Problem",
    "Registration",
    "Reported",
    "check_content",
    "check_signer",
    "gender_of_sex",
    "numbers_in_words",
    "render_certificate",
    "template_for",
    "validate",
]
