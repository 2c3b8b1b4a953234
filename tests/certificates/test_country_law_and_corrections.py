"""Rules kept where they belong: the correction rules checked again at issue, a correction that
never reuses the reason of the one it corrects, French law (the duty to report, the oath of
art. 60 CPP) kept to French sites, and a France-only form closed to a Libya site even by
its address."""

from __future__ import annotations

import datetime as dt

import pytest

from caseflow.certificates import (
    CertificateError,
    CorrectionKind,
    Handover,
    HandoverMode,
    render_certificate,
)
from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.services import ServiceError
from caseflow.services.documents import certificates
from tests.certificates.samples import pdf_text, sample
from tests.support.certificates import BASE_URL, asked, draft_input, issue
from tests.support.records import person, user

OATH = "Je prête serment d'apporter mon concours à la justice"


def test_it_checks_the_correction_rules_again_when_issuing(app, awa):
    """A correction draft whose examination date no longer follows the corrected one (a
    draft saved before the rule, or changed behind the form) is not issued: it would print
    « après nouvel examen » about no new examination."""
    with app.app_context():
        first = issue("amina", awa, "minority_recourse")
        data = draft_input("minority_recourse", correction_reason="Suivi précisé.")
        data.exam_date += dt.timedelta(days=1)
        draft = certificates.create_draft(user("amina"), person(awa), data, supersedes=first)
        content = dict(draft.content)
        content["exam_date"] = first.content["exam_date"]  # as if saved before the rule
        draft.content = content
        db.session.commit()
        with pytest.raises(ServiceError) as refused:
            certificates.issue(user("amina"), person(awa), draft, draft.version, BASE_URL)
        assert refused.value.field == "exam_date"
        assert db.session.get(Certificate, draft.id).serial is None


def test_it_never_offers_the_reason_of_the_correction_it_corrects(app, awa, as_user):
    with app.app_context():
        first = issue("amina", awa, "minority_recourse")
        data = draft_input("minority_recourse", correction_reason="Motif de la première.",
                           correction_kind=CorrectionKind.CLERICAL)
        draft = certificates.create_draft(user("amina"), person(awa), data, supersedes=first)
        second = certificates.issue(user("amina"), person(awa), draft, draft.version, BASE_URL)
        second_id = second.id
    page = as_user("amina").get(f"/certificates/{second_id}/correct")
    assert page.status_code == 200
    assert "Motif de la première." not in page.text


def test_it_prints_the_oath_of_article_60_in_france_only() -> None:
    """The requisition of a doctor and its oath are French law: a document of a Libya site
    cannot be made out on one (the form does not offer it, the renderer refuses it)."""
    requisition = Handover(HandoverMode.REQUISITION, "le procureur", "PV 1",
                           dt.date(2026, 11, 2))
    french = pdf_text(render_certificate(sample("istanbul_report", handover=requisition), "fr"))
    assert OATH in french and "référence PV 1" in french
    with pytest.raises(CertificateError, match="no requisition of a doctor in LY"):
        render_certificate(sample("istanbul_report", handover=requisition, country="LY"), "fr")


def test_it_asks_a_libya_site_nothing_of_french_child_protection_law(app, register, as_user):
    """A declared minor seen at Tripoli: the Istanbul report asks no decision about the
    French prosecutor or CRIP, and cites no French article."""
    pid = register("charlie", "TRI", "Saleh", "Ali", born=2012)
    page = as_user("charlie").get(f"/people/{pid}/certificates/new?template=istanbul_report")
    assert page.status_code == 200
    assert 'id="duty-to-report"' not in page.text and "226-14" not in page.text
    assert "code de procédure pénale" not in page.text
    with app.app_context():  # and the service saves the draft without a decision
        data = draft_input("istanbul_report", site="TRI", language="en")
        data.duty_to_report = None
        draft = certificates.create_draft(user("charlie"), person(pid), data, asked())
        assert draft.content.get("duty_to_report") is None


@pytest.mark.parametrize("template", ["minority_recourse", "violence_findings"])
def test_it_closes_a_france_only_form_to_a_libya_site(app, register, as_user, template):
    pid = register("charlie", "TRI", "Saleh", "Ali", born=1990)
    page = as_user("charlie").get(f"/people/{pid}/certificates/new?template={template}")
    assert page.status_code == 403


def test_it_still_asks_a_french_site_about_a_declared_minor(app, awa, as_user):
    """Awa, a declared minor followed at Pantin."""
    page = as_user("amina").get(f"/people/{awa}/certificates/new?template=istanbul_report")
    assert 'id="duty-to-report"' in page.text and "226-14" in page.text
