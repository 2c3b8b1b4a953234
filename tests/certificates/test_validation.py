"""The correct certificate is the easy one: a wrong signer, a missing part, an age estimate fail."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from caseflow.certificates import (
    TEMPLATES,
    CertificateError,
    Consistency,
    Finding,
    Handover,
    HandoverMode,
    Interpreter,
    check_signer,
    render_certificate,
)
from caseflow.roles import Role
from tests.certificates.samples import (
    DOCTOR,
    FIELDS,
    NURSE,
    PSYCHOLOGIST,
    SOCIAL_WORKER,
    sample,
)

MEDICAL = ("minority_recourse", "violence_findings", "istanbul_report")
AGE_WORDS = ("age", "âge", "bone", "osseu", "puberty", "pubert", "dental", "greulich", "tanner")


def _refused(data, language: str = "fr") -> str:
    with pytest.raises(CertificateError) as caught:
        render_certificate(data, language)
    return str(caught.value)


def test_it_offers_no_age_estimate_field_in_any_template() -> None:
    for template in TEMPLATES.values():
        for spec in template.fields:
            headings = " ".join(spec.heading.get(code) for code in ("fr", "en"))
            words = f"{spec.key} {headings}".lower().replace("_", " ")
            assert not any(w in words.split() or w in spec.key for w in AGE_WORDS), spec.key


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_it_refuses_an_age_estimate_slipped_into_any_template(key: str) -> None:
    fields = {**FIELDS[key], "age_estimate": "17 ans ± 2"}
    message = _refused(sample(key, fields=fields))
    assert "age_estimate" in message
    assert "17 ans" not in message  # errors are logged: they repeat no content


@pytest.mark.parametrize("key", MEDICAL)
def test_it_refuses_a_nurse_on_a_medical_certificate(key: str) -> None:
    assert "nurse may not sign" in _refused(sample(key, author=NURSE))


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_it_refuses_a_social_worker_on_anything(key: str) -> None:
    assert "social_worker may not sign" in _refused(sample(key, author=SOCIAL_WORKER))
    assert "social_worker" not in TEMPLATES[key].signers


def test_it_lets_only_the_right_professions_sign() -> None:
    signers = {key: template.signers for key, template in TEMPLATES.items()}
    assert all(signers[key] == {"doctor"} for key in MEDICAL)
    assert signers["psychological_attestation"] == {"psychologist"}
    assert signers["follow_up_attestation"] == {"doctor", "nurse", "midwife", "psychologist"}
    every_role = {role.value for role in Role}
    assert set().union(*signers.values()) <= every_role  # the names are caseflow's roles


def test_it_refuses_a_doctor_on_a_psychological_attestation() -> None:
    message = _refused(sample("psychological_attestation", author=DOCTOR))
    assert "doctor may not sign" in message


@pytest.mark.parametrize("author", [DOCTOR, NURSE, PSYCHOLOGIST])
def test_it_lets_any_clinician_attest_follow_up(author) -> None:
    assert render_certificate(sample("follow_up_attestation", author=author), "fr")


def test_it_needs_the_register_number_the_template_names() -> None:
    no_rpps = dataclasses.replace(DOCTOR, rpps=None)
    assert "RPPS number" in _refused(sample("violence_findings", author=no_rpps))
    no_adeli = dataclasses.replace(PSYCHOLOGIST, adeli=None)
    assert "ADELI number" in _refused(sample("psychological_attestation", author=no_adeli))
    malformed = dataclasses.replace(DOCTOR, rpps="1234")
    assert "malformed" in _refused(sample("minority_recourse", author=malformed))
    assert check_signer(TEMPLATES["minority_recourse"], DOCTOR) == []


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_it_lists_every_missing_required_field(key: str) -> None:
    message = _refused(sample(key, fields={}))
    for required in TEMPLATES[key].required_fields:
        assert repr(required) in message


def test_it_refuses_blank_text_as_a_filled_field() -> None:
    fields = {**FIELDS["minority_recourse"], "health_state": "   "}
    assert "'health_state' is missing" in _refused(sample("minority_recourse", fields=fields))


def test_it_refuses_a_violence_certificate_without_itt_or_with_a_bad_one() -> None:
    without = {k: v for k, v in FIELDS["violence_findings"].items() if k != "itt_days"}
    assert "'itt_days' is missing" in _refused(sample("violence_findings", fields=without))
    for bad in (-1, 2.5, "21", True):
        fields = {**FIELDS["violence_findings"], "itt_days": bad}
        assert "whole number of days" in _refused(sample("violence_findings", fields=fields))


def test_it_accepts_an_itt_of_zero_days() -> None:
    fields = {**FIELDS["violence_findings"], "itt_days": 0}
    assert render_certificate(sample("violence_findings", fields=fields), "fr")


def test_it_refuses_an_istanbul_report_without_consent_or_findings() -> None:
    no_consent = {**FIELDS["istanbul_report"], "consent_recorded": False}
    assert "without consent" in _refused(sample("istanbul_report", fields=no_consent))
    no_findings = {**FIELDS["istanbul_report"], "physical_findings": [],
                   "psychological_findings": []}
    assert "at least one of" in _refused(sample("istanbul_report", fields=no_findings))
    ungraded = {**FIELDS["istanbul_report"],
                "physical_findings": [Finding("Cicatrice", "plausible")]}  # type: ignore[arg-type]
    assert "consistency level" in _refused(sample("istanbul_report", fields=ungraded))
    only_psy = {**FIELDS["istanbul_report"], "physical_findings": [],
                "psychological_findings": [Finding("Évitement", Consistency.CONSISTENT)]}
    assert render_certificate(sample("istanbul_report", fields=only_psy), "en")


def test_it_refuses_an_issue_date_before_the_exam() -> None:
    data = sample("minority_recourse", exam_date=dt.date(2026, 11, 5))
    assert "exam date is after the issue date" in _refused(data)


def test_it_refuses_a_handover_to_nobody_and_an_unnamed_interpreter() -> None:
    assert "name the recipient" in _refused(sample(
        "violence_findings", handover=Handover(HandoverMode.REQUISITION, "")))
    assert "interpreter" in _refused(sample("violence_findings", interpreter=Interpreter(" ")))


def test_it_refuses_a_malformed_serial_an_unknown_template_or_language() -> None:
    assert "serial" in _refused(sample("minority_recourse", serial="42"))
    assert "language" in _refused(sample("minority_recourse"), language="de")
    with pytest.raises(CertificateError, match="unknown certificate template"):
        render_certificate(dataclasses.replace(sample("minority_recourse"), template="age"), "fr")


def test_it_raises_one_error_holding_every_problem() -> None:
    data = sample("violence_findings", author=SOCIAL_WORKER, fields={}, serial="x")
    with pytest.raises(CertificateError) as caught:
        render_certificate(data, "fr")
    assert len(caught.value.problems) >= 5
    assert isinstance(caught.value, ValueError)
