"""Corrections as a judge reads them (issue 16): an ITT raised from 5 to 8 days, past the
threshold of criminal law, only after a new examination, and a certificate that says so.

Read as sentences: "Amina sees Awa again two days later, the bruise has spread: the new
certificate says « complémentaire / rectificatif … après nouvel examen le … » and cancels
the first"; "a misspelt word is corrected without a new examination, and the certificate
says the findings are unchanged"; "a 'clerical' correction that changes the ITT is refused".
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import func, select

from caseflow.certificates import CorrectionKind, Facts, Lesion
from caseflow.certificates.phrases import long_date
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.services import ServiceError
from caseflow.services.documents import certificates
from caseflow.timezones import site_today
from tests.certificates.samples import FIELDS, pdf_text
from tests.certificates.test_issue_flow import _form, _press
from tests.certificates.test_violence_rules import _error_on
from tests.support.certificates import BASE_URL, draft_input, issue
from tests.support.records import person, site_id, user
from tests.support.web import csrf_token_from

REASON = "Nouvel examen : l'ecchymose du bras gauche s'est étendue."
CLERICAL = "Orthographe du lieu des faits corrigée."


def _day(day: dt.date, language: str = "fr") -> str:
    """A date as the PDF's text reads it back (no-break spaces folded)."""
    return " ".join(long_date(day, language).split())


def _today() -> dt.date:
    return site_today(site_id("PAN"))


def _fields(itt: int, **changes) -> dict:
    """Awa's violence findings, the facts a week before today whatever the clock."""
    return {**FIELDS["violence_findings"], "itt_days": itt,
            "facts": Facts(_today() - dt.timedelta(days=7), place="Calais, près du canal"),
            **changes}


def _first(awa, language: str = "fr") -> Certificate:
    """The first certificate: examined three days ago, an ITT of 5 days."""
    return issue("amina", awa, "violence_findings", language=language, fields=_fields(5),
                 exam_date=_today() - dt.timedelta(days=3))


def _correct(awa, first: Certificate, kind: CorrectionKind, *, exam: dt.date, itt: int = 5,
             reason: str = REASON, language: str = "fr", **fields) -> Certificate:
    data = draft_input("violence_findings", language=language, exam_date=exam,
                       fields=_fields(itt, **fields), correction_kind=kind,
                       correction_reason=reason)
    return certificates.create_draft(user("amina"), person(awa), data, supersedes=first)


def _issue(awa, draft: Certificate) -> Certificate:
    return certificates.issue(user("amina"), person(awa), draft, draft.version, BASE_URL)


def _last_issue_event() -> dict:
    return db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.action == "issue").order_by(AuditEvent.seq.desc())).first()


def _count() -> int:
    return db.session.scalar(select(func.count(Certificate.id)))


# --- After a new examination ---------------------------------------------------------------


def test_it_issues_a_clinical_correction_after_a_new_examination(app, awa):
    with app.app_context():
        first = _first(awa)
        old_serial, old_day = first.serial, first.issued_on
        exam = _today() - dt.timedelta(days=1)
        second = _issue(awa, _correct(awa, first, CorrectionKind.CLINICAL, exam=exam, itt=8))
        text = pdf_text(second.issued_pdf)
        assert (f"Certificat complémentaire / rectificatif, établi le {_day(second.issued_on)} "
                f"après nouvel examen le {_day(exam)}, motif : {REASON}") in text
        assert (f"Le présent certificat annule et remplace le certificat n° {old_serial} "
                f"délivré le {_day(old_day)}.") in text
        assert "huit (8) jours" in text and "erreur matérielle" not in text
        assert f"Date de l'examen : {_day(exam)}" in text  # the new examination's date
        db.session.expire_all()
        assert db.session.get(Certificate, first.id).status is CertificateStatus.SUPERSEDED
        event = _last_issue_event()
        assert event["correction"] == "clinical" and event["supersedes"] == old_serial
        assert REASON not in str(event)


def test_it_words_a_clinical_correction_in_english(app, awa):
    with app.app_context():
        first = _first(awa, "en")
        serial, exam = first.serial, _today() - dt.timedelta(days=1)
        second = _issue(awa, _correct(awa, first, CorrectionKind.CLINICAL, exam=exam, itt=8,
                                      reason="The bruise has spread.", language="en"))
        text, issued_on = pdf_text(second.issued_pdf), second.issued_on
    assert (f"Complementary / corrective certificate, drawn up on "
            f"{_day(issued_on, 'en')} after a new examination on {_day(exam, 'en')}; "
            "reason: The bruise has spread.") in text
    assert f"This certificate cancels and replaces certificate no. {serial}" in text


@pytest.mark.parametrize("days_before_first", [0, 1])  # the same day, or an earlier one
def test_it_refuses_a_clinical_correction_without_a_later_examination(app, awa,
                                                                       days_before_first):
    with app.app_context():
        first = _first(awa)
        exam = _today() - dt.timedelta(days=3 + days_before_first)
        with pytest.raises(ServiceError) as refused:
            _correct(awa, first, CorrectionKind.CLINICAL, exam=exam, itt=8)
        assert refused.value.field == "exam_date"
        assert "new examination" in str(refused.value.message) or "nouvel examen" in str(
            refused.value.message)
        db.session.rollback()
        assert _count() == 1
        assert db.session.get(Certificate, first.id).status is CertificateStatus.ISSUED


def test_it_asks_why_a_certificate_is_corrected(app, awa):
    with app.app_context():
        first = _first(awa)
        with pytest.raises(ServiceError) as refused:
            _correct(awa, first, CorrectionKind.CLINICAL, exam=_today(), reason="  ")
        assert refused.value.field == "correction_reason"


# --- A clerical error ----------------------------------------------------------------------


def test_it_issues_a_clerical_correction_with_the_findings_unchanged(app, awa):
    with app.app_context():
        first = _first(awa)
        old_serial, exam = first.serial, _today() - dt.timedelta(days=3)
        facts = Facts(_today() - dt.timedelta(days=7), place="Calais, près du bassin")
        second = _issue(awa, _correct(awa, first, CorrectionKind.CLERICAL, exam=exam,
                                      reason=CLERICAL, facts=facts))
        text = pdf_text(second.issued_pdf)
        assert ("Certificat rectificatif pour erreur matérielle, sans nouvel examen : les "
                f"constatations du certificat n° {old_serial} sont inchangées. Rectification : "
                f"{CLERICAL}") in text
        assert "Certificat complémentaire" not in text and "nouvel examen le" not in text
        assert f"Le présent certificat annule et remplace le certificat n° {old_serial}" in text
        assert f"Date de l'examen : {_day(exam)}" in text  # the first examination's date
        assert "cinq (5) jours" in text and "Calais, près du bassin" in text
        db.session.expire_all()
        assert db.session.get(Certificate, first.id).status is CertificateStatus.SUPERSEDED
        assert _last_issue_event()["correction"] == "clerical"


def test_it_words_a_clerical_correction_in_english(app, awa):
    with app.app_context():
        first = _first(awa, "en")
        serial = first.serial
        second = _issue(awa, _correct(awa, first, CorrectionKind.CLERICAL, language="en",
                                      exam=_today() - dt.timedelta(days=3),
                                      reason="Place of the facts misspelt."))
        text = pdf_text(second.issued_pdf)
    assert ("Corrective certificate for a clerical error, without a new examination: the "
            f"findings of certificate no. {serial} are unchanged. Correction: Place of "
            "the facts misspelt.") in text


@pytest.mark.parametrize(("changes", "field"), [
    ({"itt": 8}, "itt_days"),  # 5 → 8 days: past the threshold of criminal law
    ({"lesions": [Lesion("Face externe du bras gauche", "9 × 5 cm", "ecchymose étendue")]},
     "lesions"),
])
def test_it_refuses_a_clerical_correction_that_changes_a_finding(app, awa, changes, field):
    with app.app_context():
        first = _first(awa)
        days_before = changes.pop("days_before", 3)
        with pytest.raises(ServiceError) as refused:
            _correct(awa, first, CorrectionKind.CLERICAL,
                     exam=_today() - dt.timedelta(days=days_before), reason=CLERICAL, **changes)
        assert refused.value.field == field
        db.session.rollback()
        assert _count() == 1


def test_it_corrects_a_mistyped_examination_date_as_a_clerical_error(app, awa):
    """The examination date typed wrong (the 3rd for the 4th) is a clerical error: corrected
    without a new examination, the findings unchanged."""
    with app.app_context():
        first = _first(awa)
        second = _issue(awa, _correct(awa, first, CorrectionKind.CLERICAL,
                                      exam=_today() - dt.timedelta(days=4), reason=CLERICAL))
        assert second.serial and db.session.get(Certificate, first.id).status is \
            CertificateStatus.SUPERSEDED


def test_it_refuses_a_clerical_examination_after_the_corrected_certificate(app, awa):
    """An examination after the corrected certificate was issued is another examination: a
    correction of the findings, never a clerical one."""
    with app.app_context():
        first = _first(awa)
        first.issued_on = _today() - dt.timedelta(days=2)  # issued two days ago
        db.session.commit()
        with pytest.raises(ServiceError) as refused:
            _correct(awa, first, CorrectionKind.CLERICAL, exam=_today() - dt.timedelta(days=1),
                     reason=CLERICAL)
        assert refused.value.field == "exam_date"


def test_it_refuses_a_clerical_draft_changed_to_raise_the_itt(app, awa):
    """The rule holds on every save of the draft, not only the first."""
    with app.app_context():
        first = _first(awa)
        exam = _today() - dt.timedelta(days=3)
        draft = _correct(awa, first, CorrectionKind.CLERICAL, exam=exam, reason=CLERICAL)
        data = draft_input("violence_findings", exam_date=exam, fields=_fields(8),
                           correction_kind=CorrectionKind.CLERICAL, correction_reason=CLERICAL)
        with pytest.raises(ServiceError) as refused:
            certificates.update_draft(user("amina"), person(awa), draft, data, draft.version)
        assert refused.value.field == "itt_days"
        db.session.rollback()
        assert certificates.input_of(db.session.get(Certificate, draft.id)).fields[
            "itt_days"] == 5


# --- Through the "correct" page ------------------------------------------------------------


@pytest.fixture
def issued(app, awa):
    with app.app_context():
        first = _first(awa)
        return first.id, first.serial


def _post_correction(client, cid, **fields):
    page = client.get(f"/certificates/{cid}/correct")
    assert page.status_code == 200
    form = _form(page.text)
    form.update({"correction_reason": CLERICAL, **fields})
    form["csrf_token"] = csrf_token_from(page.text)
    return client.post(f"/certificates/{cid}/correct", data=form)


@pytest.fixture
def amina(as_user):
    client = as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_it_offers_the_kind_of_correction_on_the_correct_page(app, awa, issued, amina):
    page = amina.get(f"/certificates/{issued[0]}/correct").text
    fieldset = page[page.index('<fieldset id="correction">'):]
    fieldset = fieldset[:fieldset.index("</fieldset>")]
    assert 'name="correction_kind"' in fieldset and 'name="correction_reason"' in fieldset
    assert '<option selected value="clinical">' in fieldset
    assert "The findings change, after a new examination" in fieldset
    assert 'value="clerical"' in fieldset
    assert "A clerical error (a name, a date mistyped): no new examination" in html.unescape(
        fieldset)
    # A new certificate has no such fieldset.
    assert 'id="correction"' not in amina.get(
        f"/people/{awa}/certificates/new?template=violence_findings").text


def test_it_shows_a_clinical_correction_without_a_new_examination_on_its_date(app, awa, issued,
                                                                                amina):
    answer = _post_correction(amina, issued[0], correction_kind="clinical", itt_days="8")
    assert answer.status_code == 200
    assert _error_on(answer.text, "exam_date").startswith(
        "A correction of the findings follows a new examination")
    assert CLERICAL in html.unescape(answer.text)  # the reason typed is kept
    with app.app_context():
        assert _count() == 1


def test_it_shows_a_clerical_correction_of_the_itt_on_the_itt(app, awa, issued, amina):
    answer = _post_correction(amina, issued[0], correction_kind="clerical", itt_days="8")
    assert answer.status_code == 200
    assert _error_on(answer.text, "itt_days").startswith("A clerical correction changes no "
                                                         "finding")
    with app.app_context():
        assert _count() == 1


def test_it_issues_a_clerical_correction_from_the_correct_page(app, awa, issued, amina):
    answer = _post_correction(amina, issued[0], correction_kind="clerical")
    assert answer.status_code == 303, answer.text
    with app.app_context():
        cid = db.session.scalars(select(Certificate.id).order_by(Certificate.created_at)).all()[-1]
    _press(amina, cid, confirm="y")
    pdf = amina.get(f"/certificates/{cid}.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    assert (f"sans nouvel examen : les constatations du certificat n° {issued[1]} sont "
            f"inchangées. Rectification : {CLERICAL}") in text
    with app.app_context():
        assert _last_issue_event()["correction"] == "clerical"
