"""Certificate pages as the personas use them: the form, the review, the issue, the register,
the download, and the public verification page.

Read as sentences: "Amina drafts Awa's certificate, reviews the PDF, issues it and downloads
the same file twice"; "Léa sees the certificate in the register but cannot open its PDF";
"a judge's scan of the QR code says valid, and shows nothing about Awa".
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.certificate import Certificate
from caseflow.services.documents import certificates
from tests.certificates.samples import pdf_text
from tests.support.certificates import give_certificate_consent, issue
from tests.support.records import person, site_id, user
from tests.support.web import csrf_token_from


def _form(page_text: str) -> dict:
    """The form's default values, as a browser would send them untouched."""
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page_text))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page_text,
                                 re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body) or re.search(
            r'<option[^>]*value="([^"]*)"[^>]*selected', body) or re.search(
            r'<option value="([^"]*)"', body)
        values[name] = chosen.group(1) if chosen else ""
    return values


def _draft(client, person_id, template="minority_recourse", **fields):
    page = client.get(f"/people/{person_id}/certificates/new?template={template}")
    assert page.status_code == 200
    form = _form(page.text)
    form.update({"consent_decision": "given",
                 "health_state": "Asthme traité, dénutrition modérée.",
                 "vulnerabilities": "Isolement, sans hébergement stable.",
                 "care_and_follow_up": "Suivi médical mensuel."})
    form.update(fields)
    form["csrf_token"] = csrf_token_from(page.text)
    return client.post(f"/people/{person_id}/certificates/new?template={template}", data=form)


def _draft_id(app):
    with app.app_context():
        return db.session.scalars(select(Certificate.id).order_by(Certificate.created_at)).all()[-1]


def test_it_offers_only_the_templates_the_profession_may_sign(app, awa, as_user):
    client = as_user("amina")
    page = client.get(f"/people/{awa}/certificates/new")
    assert 'data-template="minority_recourse"' in page.text
    assert 'data-template="psychological_attestation"' not in page.text
    client = as_user("yasmine")
    page = client.get(f"/people/{awa}/certificates/new")
    assert 'data-template="psychological_attestation"' in page.text
    assert 'data-template="minority_recourse"' not in page.text
    assert as_user("sara").get(f"/people/{awa}/certificates/new").status_code in (403, 404)
    assert as_user("amina").get(
        f"/people/{awa}/certificates/new?template=psychological_attestation").status_code == 403


def test_it_has_no_box_for_an_age_estimate(app, awa, as_user):
    page = as_user("amina").get(f"/people/{awa}/certificates/new?template=minority_recourse")
    names = set(re.findall(r'name="([^"]+)"', page.text))
    assert not [n for n in names if "age" in n.split("_") or "estimat" in n]


def test_it_asks_for_consent_in_the_form_when_none_is_recorded(app, register, as_user):
    pid = register("amina", "PAN", "Koné", "Ibrahim", born=2008)
    client = as_user("amina")
    page = client.get(f"/people/{pid}/certificates/new?template=minority_recourse")
    assert 'id="certificate-consent"' in page.text
    refused = _draft(client, pid, consent_decision="")
    assert refused.status_code == 200
    assert re.search(r'class="field has-error">\s*<label for="consent_decision"', refused.text)
    with app.app_context():
        assert db.session.scalar(select(Certificate.id)) is None
    given = _draft(client, pid, consent_decision="given")
    assert given.status_code == 303


def test_it_keeps_what_was_typed_when_a_part_is_missing(app, awa, as_user):
    response = _draft(as_user("amina"), awa, care_and_follow_up="",
                      health_state="Texte déjà saisi, à ne pas perdre.")
    assert response.status_code == 200
    assert "Texte déjà saisi, à ne pas perdre." in response.text
    assert re.search(r'class="field has-error">\s*<label for="care_and_follow_up"', response.text)


def test_it_drafts_previews_issues_and_downloads(app, awa, as_user):
    client = as_user("amina")
    assert _draft(client, awa).status_code == 303
    cid = _draft_id(app)
    page = client.get(f"/certificates/{cid}")
    assert 'data-certificate-status="draft"' in page.text
    preview = client.get(f"/certificates/{cid}/preview.pdf")
    assert preview.headers["Content-Type"] == "application/pdf"
    assert "PROJET — NON VALIDE" in pdf_text(preview.data)
    refused = client.post(f"/certificates/{cid}/issue",
                          data={"csrf_token": csrf_token_from(page.text), "version": "1"})
    assert refused.status_code == 303
    with app.app_context():
        assert db.session.get(Certificate, cid).serial is None  # not confirmed: not issued
    issued = client.post(f"/certificates/{cid}/issue", data={
        "csrf_token": csrf_token_from(page.text), "version": "1", "confirm": "y"},
        follow_redirects=True)
    assert 'data-certificate-status="issued"' in issued.text
    first = client.get(f"/certificates/{cid}.pdf")
    second = client.get(f"/certificates/{cid}.pdf")
    assert first.status_code == 200 and first.data == second.data
    assert "no-store" in first.headers["Cache-Control"]
    assert "Traoré" not in first.headers["Content-Disposition"]
    with app.app_context():
        serial = db.session.get(Certificate, cid).serial
    assert serial in pdf_text(first.data) and "PROJET" not in pdf_text(first.data)
    assert serial in first.headers["Content-Disposition"]


def test_it_lists_the_register_by_scope_without_names(app, awa, register, as_user):
    with app.app_context():
        issued = issue("amina", awa, "minority_recourse")
        serial, cid = issued.serial, issued.id
    for login in ("amina", "lea", "claire"):
        page = as_user(login).get("/certificates/")
        assert page.status_code == 200 and serial in page.text, login
        assert "Traoré" not in page.text
    assert serial not in as_user("hugo").get("/certificates/").text  # Calais only
    assert as_user("omar").get("/certificates/").status_code == 403
    assert as_user("claire").get(f"/certificates/{cid}.pdf").status_code == 200
    assert as_user("hugo").get(f"/certificates/{cid}").status_code == 404
    # Awa agreed to share inside the team: Léa (legal worker) may read it.
    assert as_user("lea").get(f"/certificates/{cid}.pdf").status_code == 200


def test_it_keeps_the_content_to_the_discipline_without_team_sharing(app, register, as_user):
    pid = register("amina", "PAN", "Sow", "Fanta", born=2008, team_sharing=False)
    with app.app_context():
        give_certificate_consent(pid)
        cid = issue("amina", pid, "violence_findings").id
    lea = as_user("lea")
    # Léa knows it exists (the register line) but cannot read the medical content.
    page = lea.get(f"/certificates/{cid}")
    assert page.status_code == 200 and "matraque" not in page.text
    assert lea.get(f"/certificates/{cid}.pdf").status_code == 403


def test_it_shows_the_attestation_of_follow_up_to_the_whole_team(app, awa, as_user):
    with app.app_context():
        cid = issue("amina", awa, "follow_up_attestation").id
    assert as_user("lea").get(f"/certificates/{cid}.pdf").status_code == 200


@pytest.mark.parametrize("login", ["amina", "yasmine"])
def test_it_keeps_a_draft_to_its_author(app, awa, as_user, login):
    client = as_user("amina")
    _draft(client, awa)
    cid = _draft_id(app)
    status = client.get(f"/certificates/{cid}").status_code if login == "amina" else as_user(
        login).get(f"/certificates/{cid}").status_code
    assert status == (200 if login == "amina" else 404)


def _verify_parts(app, cid):
    with app.app_context():
        found = db.session.get(Certificate, cid)
        return found.serial, found.code


def test_it_verifies_a_valid_certificate_without_personal_data(app, awa, client):
    with app.app_context():
        cid = issue("amina", awa, "violence_findings").id
    serial, code = _verify_parts(app, cid)
    page = client.get(f"/verify/{serial}?c={code}")
    assert page.status_code == 200
    assert 'data-verification="valid"' in page.text
    for personal in ("Traoré", "TRAORÉ", "Awa", "2009", "matraque", "épaule"):
        assert personal not in page.text


def test_it_says_unknown_for_a_forged_serial_or_a_wrong_code(app, awa, client):
    with app.app_context():
        cid = issue("amina", awa, "minority_recourse").id
    serial, code = _verify_parts(app, cid)
    wrong = code[:-2] + ("AA" if not code.endswith("AA") else "BB")
    for url in (f"/verify/{serial}?c={wrong}", f"/verify/PAN-2026-09999?c={code}",
                f"/verify/{serial}?c=abc", "/verify/<script>?c=x"):
        page = client.get(url)
        assert page.status_code == 404 and 'data-verification="unknown"' in page.text, url
    bare = client.get(f"/verify/{serial}")
    assert 'data-verification="no-code"' in bare.text and "Pantin" not in bare.text


def test_it_shows_superseded_and_revoked_on_the_verify_page(app, awa, client):
    from caseflow.certificates import CorrectionKind
    from tests.support.certificates import BASE_URL, draft_input

    with app.app_context():
        first = issue("amina", awa, "minority_recourse")
        data = draft_input("minority_recourse", correction_reason="Précision du suivi.",
                           correction_kind=CorrectionKind.CLERICAL)
        draft = certificates.create_draft(user("amina"), person(awa), data, supersedes=first)
        second = certificates.issue(user("amina"), person(awa), draft, draft.version, BASE_URL)
        certificates.revoke(user("amina"), person(awa), second, "Erreur.", second.version)
        ids = first.id, second.id
    serial, code = _verify_parts(app, ids[0])
    page = client.get(f"/verify/{serial}?c={code}")
    assert 'data-verification="superseded"' in page.text
    serial2, code2 = _verify_parts(app, ids[1])
    assert serial2 in page.text  # "ask the person for certificate ..."
    page = client.get(f"/verify/{serial2}?c={code2}")
    assert 'data-verification="revoked"' in page.text and "Erreur" not in page.text


def test_it_rate_limits_the_verify_page(app, awa, client):
    app.config["VERIFY_RATE_LIMIT"] = "3 per minute"
    statuses = [client.get("/verify/PAN-2026-00001?c=x").status_code for _ in range(5)]
    assert statuses[-1] == 429


def test_it_puts_the_certificates_on_the_person_page(app, awa, as_user):
    with app.app_context():
        serial = issue("amina", awa, "minority_recourse").serial
        assert site_id("PAN")
    page = as_user("amina").get(f"/people/{awa}")
    assert 'id="certificates"' in page.text and serial in page.text
    assert f"/people/{awa}/certificates/new" in page.text
    assert f"/people/{awa}/certificates/new" not in as_user("sara").get(f"/people/{awa}").text


def test_it_prints_the_configured_public_address_and_refuses_without_one_in_production(
        app, awa, as_user):
    from caseflow.certificates import seal

    client = as_user("amina")

    def issue_draft():
        _draft(client, awa)
        cid = _draft_id(app)
        page = client.get(f"/certificates/{cid}")
        client.post(f"/certificates/{cid}/issue", data={
            "csrf_token": csrf_token_from(page.text), "version": "1", "confirm": "y"})
        with app.app_context():
            found = db.session.get(Certificate, cid)
            return found.serial, found.issued_pdf

    app.config.update(CASEFLOW_ENV="production", PUBLIC_URL=None)
    assert issue_draft() == (None, None)  # no address to print: nothing issued
    app.config.update(PUBLIC_URL="https://caseflow.example.org")
    serial, pdf = issue_draft()
    statement, _, _ = seal.read_seal(pdf)
    assert statement.serial == serial
    assert seal._seal_url(pdf).startswith(f"https://caseflow.example.org/verify/{serial}?c=")
    assert "https://caseflow.example.org/verify/" in pdf_text(pdf)


def test_it_accepts_an_itt_of_zero_days_and_says_what_a_lesion_lacks(app, awa, as_user):
    client = as_user("amina")
    base = {"statements": "Il aurait été frappé.", "statements_voice": "reported",
            "facts-start": "2026-01-05", "duty_decision": "crip", "duty_date": "2026-01-06",
            "examination": "Examen normal.",
            "psychological_state": "Anxieux.", "itt_days": "0"}
    partial = _draft(client, awa, "violence_findings", **base,
                     **{"lesions-0-location": "Bras gauche", "lesions-0-size": "",
                        "lesions-0-aspect": "ecchymose"})
    assert partial.status_code == 200
    assert "lésion" in partial.text and 'role="alert"' in partial.text
    complete = _draft(client, awa, "violence_findings", **base,
                      **{"lesions-0-location": "Bras gauche", "lesions-0-size": "3 cm",
                         "lesions-0-aspect": "ecchymose"})
    assert complete.status_code == 303


def test_it_reads_a_serial_typed_in_lower_case(app, awa, client):
    with app.app_context():
        cid = issue("amina", awa, "minority_recourse").id
    serial, code = _verify_parts(app, cid)
    page = client.get(f"/verify/{serial.lower()}?c={code}")
    assert 'data-verification="valid"' in page.text


def test_it_records_who_read_the_register(app, awa, as_user):
    from caseflow.models.audit import AuditEvent

    with app.app_context():
        issue("amina", awa, "minority_recourse")
    as_user("lea").get("/certificates/")
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "certificate_register")).one()
        code = person(awa).code
        assert event.details["codes"] == [code] and "Traoré" not in str(event.details)
