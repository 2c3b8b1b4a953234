"""Certificates drafted and issued as the personas would, through the services."""

from __future__ import annotations

import dataclasses
import datetime as dt

from caseflow.certificates import TEMPLATES
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.documents import certificates
from caseflow.timezones import site_today
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.certificates.samples import FIELDS
from tests.support.records import person, site_id, user

BASE_URL = "https://caseflow.example.org"


def give_certificate_consent(person_id, decision=ConsentDecision.GIVEN):
    add_consent(user("amina"), person(person_id),
                ConsentInput(ConsentPurpose.CERTIFICATE, decision), site_id=site_id("PAN"))


def draft_input(template: str, site: str = "PAN", language: str = "fr",
                **changes) -> certificates.CertificateInput:
    exam = site_today(site_id(site)) - dt.timedelta(days=1)
    fields = dict(FIELDS[template])
    if template == "follow_up_attestation":
        fields = {"follow_up_dates": [exam - dt.timedelta(days=30), exam]}
    if "facts" in fields:  # the alleged facts precede the examination, whatever the clock
        fields["facts"] = dataclasses.replace(fields["facts"], start=exam - dt.timedelta(days=40),
                                              end=None)
    data = certificates.CertificateInput(template=template, site_id=site_id(site),
                                         language=language, exam_date=exam, fields=fields)
    if TEMPLATES[template].minor_duty:  # the personas are declared minors: the decision made
        data.duty_to_report = {"decision": "crip", "date": exam.isoformat(), "note": ""}
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def asked() -> ConsentInput:
    """The person asks for this certificate, warned of the risks of its disclosure."""
    return ConsentInput(ConsentPurpose.CERTIFICATE, ConsentDecision.GIVEN)


def issue(login: str, person_id, template: str, **changes):
    """Draft then issue a certificate as `login`; returns the issued Certificate."""
    author = user(login)
    draft = certificates.create_draft(author, person(person_id), draft_input(template, **changes),
                                      asked())
    return certificates.issue(author, person(person_id), draft, draft.version, BASE_URL)
