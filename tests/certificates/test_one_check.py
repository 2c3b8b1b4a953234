"""A certificate's content is checked in one place: the form and the PDF refuse the same things.

The workflow shows a problem on the form's field before recording anything (not
even the person's consent to this certificate); the renderer refuses the same
content on the same part, so that no way round the form prints it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from caseflow.certificates import (
    CertificateError,
    Handover,
    HandoverMode,
    Interpreter,
    render_certificate,
)
from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.models.consent import Consent
from caseflow.services import ServiceError
from caseflow.services.documents import certificates
from caseflow.vocabulary import ConsentPurpose
from tests.certificates.samples import FIELDS, sample
from tests.support.certificates import asked, draft_input
from tests.support.records import person, user

NO_FINDINGS = {**FIELDS["istanbul_report"], "physical_findings": [],
               "psychological_findings": []}
EXAM = sample("follow_up_attestation").exam_date  # the sample's exam, the day before its issue

# (the part shown in error, template, the form's input changes given its exam date, the
# printed data's changes, the certificate's language)
CASES = [
    ("language", "minority_recourse", lambda exam: {"language": "de"}, {}, "de"),
    ("exam_date", "minority_recourse",
     lambda exam: {"exam_date": exam + dt.timedelta(days=2)},  # tomorrow: after today's issue
     {"exam_date": EXAM + dt.timedelta(days=2)}, "fr"),
    ("handover_recipient", "violence_findings",
     lambda exam: {"handover_mode": HandoverMode.REQUISITION},
     {"handover": Handover(HandoverMode.REQUISITION, " ")}, "fr"),
    ("interpreter_name", "violence_findings", lambda exam: {"interpreter_language": "pachto"},
     {"interpreter": Interpreter("", "pachto")}, "fr"),
    ("physical_findings", "istanbul_report", lambda exam: {"fields": dict(NO_FINDINGS)},
     {"fields": NO_FINDINGS}, "en"),
    ("follow_up_dates", "follow_up_attestation",
     lambda exam: {"fields": {"follow_up_dates": [exam, exam + dt.timedelta(days=1)]}},
     {"fields": {"follow_up_dates": [EXAM, EXAM + dt.timedelta(days=1)]}}, "fr"),
]


@pytest.mark.parametrize(("part", "template", "typed", "printed", "language"), CASES,
                         ids=[case[0] for case in CASES])
def test_it_refuses_the_same_content_on_the_same_part_in_the_form_and_the_pdf(
        app, awa, part, template, typed, printed, language):
    with pytest.raises(CertificateError) as not_printed:
        render_certificate(sample(template, **printed), language)
    assert part in {problem.field for problem in not_printed.value.problems}

    with app.app_context():
        consents = select(func.count(Consent.id)).where(
            Consent.purpose == ConsentPurpose.CERTIFICATE)
        before = db.session.scalar(consents)
        data = draft_input(template, language="fr")
        for key, value in typed(data.exam_date).items():
            setattr(data, key, value)
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("amina"), person(awa), data, asked())
        assert refused.value.field == part
        assert db.session.scalar(select(Certificate.id)) is None
        assert db.session.scalar(consents) == before  # refused before anything is recorded


def test_it_names_the_parts_of_which_one_is_needed_in_the_certificate_s_language(app, awa):
    with app.app_context():
        data = draft_input("istanbul_report", language="en", fields=dict(NO_FINDINGS))
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("amina"), person(awa), data, asked())
    message = str(refused.value.message)
    assert "Physical findings" in message and "Psychological findings" in message
    assert refused.value.field == "physical_findings"
