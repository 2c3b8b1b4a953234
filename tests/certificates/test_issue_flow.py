"""Issuing through the pages, each question asked once (issue 16).

Read as sentences: "Amina wrote a height and a Tanner stage: the page warns her, her first
press issues nothing, and once she keeps the words the certificate is issued and the audit
says the warning was kept"; "after the password re-check she issues with one press, her
confirmation kept on the server for that version of the draft"; "the interpreter is asked
once, offered from the record and from the last request for a certificate".
"""

from __future__ import annotations

import html
import re
import uuid

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.certificate import Certificate
from caseflow.models.consent import Consent
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.sessions import AUTH_AT
from caseflow.vocabulary import ConsentDecision, ConsentPurpose, InterpreterKind
from tests.certificates.samples import pdf_text
from tests.clock import FIXED_NOW
from tests.support.records import person, site_id, user
from tests.support.web import PERSONA_PASSWORD, csrf_token_from

# Sessions, confirmations and dates are read at a fixed instant (tests/clock.py).
pytestmark = pytest.mark.time_machine(FIXED_NOW)

PROXIES = "Bon état général. taille 1,62 m, pilosité pubienne Tanner 4."


def _form(page_text: str) -> dict:
    """The form's values as shown (selected options included), as a browser would send them."""
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page_text))
    values.update((name, html.unescape(text.lstrip("\n"))) for name, text in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page_text, re.S))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page_text,
                                 re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"', body) or re.search(
            r'<option[^>]*value="([^"]*)"[^>]*selected', body) or re.search(
            r'<option[^>]*value="([^"]*)"', body)
        values[name] = chosen.group(1) if chosen else ""
    return values


def _selected(page_text: str, name: str) -> str:
    return _form(page_text).get(name, "")


def _draft(app, client, person_id, template="minority_recourse", **fields) -> uuid.UUID:
    page = client.get(f"/people/{person_id}/certificates/new?template={template}")
    form = _form(page.text)
    form.update({"consent_decision": "given", "health_state": "Asthme traité.",
                 "vulnerabilities": "Isolement.", "care_and_follow_up": "Suivi mensuel."})
    form.update(fields)
    form["csrf_token"] = csrf_token_from(page.text)
    answer = client.post(f"/people/{person_id}/certificates/new?template={template}", data=form)
    assert answer.status_code == 303, answer.text
    with app.app_context():
        return db.session.scalars(select(Certificate.id).order_by(Certificate.created_at)).all()[-1]


def _press(client, cid, **extra):
    page = client.get(f"/certificates/{cid}")
    version = re.search(r'name="version"[^>]*value="(\d+)"', page.text).group(1)
    return client.post(f"/certificates/{cid}/issue", data={
        "csrf_token": csrf_token_from(page.text), "version": version, **extra})


def _serial(app, cid):
    with app.app_context():
        return db.session.get(Certificate, cid).serial


def _events(app, action):
    with app.app_context():
        return [e.details for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))]


def _signed_in_long_ago(client):
    with client.session_transaction() as session:
        session[AUTH_AT] = int(FIXED_NOW.timestamp()) - 10 * 60


def _reauth(client, target):
    page = client.get(f"/reauth?next={target}")
    return client.post(f"/reauth?next={target}", data={
        "csrf_token": csrf_token_from(page.text), "password": PERSONA_PASSWORD})


# --- Age proxies --------------------------------------------------------------------------


def test_it_warns_about_age_proxies_and_issues_only_once_they_are_kept(app, awa, as_user):
    client = as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    cid = _draft(app, client, awa, health_state=PROXIES)
    page = client.get(f"/certificates/{cid}")
    warning = page.text.split('id="age-proxy-warning"')[1].split("</div>")[0]
    assert 'data-age-proxies="height puberty"' in page.text
    assert "taille 1,62 m" in warning and "pilosité pubienne" in warning
    assert "Tanner 4" in warning and "No medical method determines age" in warning

    first = _press(client, cid, confirm="y")
    assert first.status_code == 303 and _serial(app, cid) is None
    assert "Read the warning about age" in client.get(f"/certificates/{cid}").text

    kept = _press(client, cid, confirm="y", keep_age_proxies="y")
    assert kept.status_code == 303 and _serial(app, cid) is not None
    [issued] = _events(app, "issue")
    assert issued["age_proxy_warning"] == {"shown": True, "kept": ["height", "puberty"]}
    assert "1,62" not in str(issued) and "Tanner" not in str(issued)


def test_it_issues_a_draft_without_age_proxies_on_the_first_press(app, awa, as_user):
    client = as_user("amina")
    cid = _draft(app, client, awa)
    assert 'id="age-proxy-warning"' not in client.get(f"/certificates/{cid}").text
    assert _press(client, cid, confirm="y").status_code == 303
    assert _serial(app, cid) is not None
    assert "age_proxy_warning" not in _events(app, "issue")[0]


# --- Re-authentication: confirmed once, resumed -------------------------------------------


def test_it_resumes_the_issue_after_reauthentication_without_asking_again(app, awa, as_user):
    client = as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    cid = _draft(app, client, awa, health_state=PROXIES)
    _signed_in_long_ago(client)

    asked = _press(client, cid, confirm="y", keep_age_proxies="y")
    assert asked.headers["Location"] == f"/reauth?next=/certificates/{cid}"
    assert _events(app, "issue_confirmed") == [{"version": 1, "age_proxies": ["height",
                                                                              "puberty"]}]
    assert _reauth(client, f"/certificates/{cid}").headers["Location"] == f"/certificates/{cid}"

    page = client.get(f"/certificates/{cid}")
    assert _serial(app, cid) is None  # a GET never issues
    assert 'id="issue-resume"' in page.text
    form = page.text.split('id="issue"')[1].split("</form>")[0]
    assert 'name="confirm"' not in form and 'name="keep_age_proxies"' not in form  # not re-asked
    resumed = _press(client, cid, resume="1")
    assert resumed.status_code == 303 and _serial(app, cid) is not None
    assert _events(app, "issue")[0]["age_proxy_warning"]["kept"] == ["height", "puberty"]


def test_it_keeps_the_confirmation_for_that_version_only(app, awa, as_user):
    client = as_user("amina")
    cid = _draft(app, client, awa)
    _signed_in_long_ago(client)
    _press(client, cid, confirm="y")
    _reauth(client, f"/certificates/{cid}")
    edit = client.get(f"/certificates/{cid}/edit")
    changed = _form(edit.text) | {"health_state": "Asthme traité ; toux persistante.",
                                  "csrf_token": csrf_token_from(edit.text)}
    assert client.post(f"/certificates/{cid}/edit", data=changed).status_code == 303

    page = client.get(f"/certificates/{cid}")
    assert 'id="issue-resume"' not in page.text and 'name="confirm"' in page.text
    assert _press(client, cid, resume="1").status_code == 303
    assert _serial(app, cid) is None  # version 2 was never confirmed
    assert client.get(f"/certificates/{cid}/issue").status_code == 405


# --- The interpreter: asked once, offered from what the record knows ----------------------


def test_it_offers_the_interpreter_from_the_record_and_asks_it_once(app, register, as_user):
    pid = register("amina", "PAN", "Tesfaye", "Selam", born=2009)
    with app.app_context():
        someone = person(pid)
        someone.languages, someone.interpreter_needed = ["ti"], True
        db.session.commit()
    client = as_user("amina")
    page = client.get(f"/people/{pid}/certificates/new?template=violence_findings")
    assert _selected(page.text, "interpreter_kind") == InterpreterKind.PROFESSIONAL_ON_SITE
    assert _selected(page.text, "interpreter_language") == "ti"

    cid = _draft(app, client, pid, "violence_findings", interpreter_name="Yonas Haile",
                 interpreter_spoken="", statements="Il aurait été frappé.",
                 statements_voice="reported", duty_decision="crip", duty_date="2026-01-06",
                 examination="Examen normal.", psychological_state="Anxieux.", itt_days="0",
                 **{"facts-start": "2026-01-05"})
    with app.app_context():
        consent = db.session.scalars(select(Consent).where(
            Consent.purpose == ConsentPurpose.CERTIFICATE)).one()
        assert (consent.interpreter_kind, consent.interpreter_language) == (
            InterpreterKind.PROFESSIONAL_ON_SITE, "ti")
    text = pdf_text(client.get(f"/certificates/{cid}/preview.pdf").data)
    assert "Yonas Haile" in text and "tigrigna" in text  # named in the certificate's language

    shown = _form(client.get(f"/certificates/{cid}/edit").text)
    # The draft's own language interpreted, in the form's one question about it (the list;
    # the older text box while certificates/form.html still shows it).
    assert "ti" in (shown.get("interpreter_language"), shown.get("interpreter_spoken"))


def test_it_offers_the_interpreter_of_the_last_request_for_a_certificate(app, register,
                                                                         as_user):
    pid = register("amina", "PAN", "Haddad", "Nour", born=2008)
    with app.app_context():
        add_consent(user("amina"), person(pid), ConsentInput(
            ConsentPurpose.CERTIFICATE, ConsentDecision.GIVEN,
            interpreter_kind=InterpreterKind.PROFESSIONAL_PHONE, interpreter_language="ar"),
            site_id=site_id("PAN"))
    page = as_user("amina").get(f"/people/{pid}/certificates/new?template=minority_recourse")
    assert _selected(page.text, "interpreter_kind") == InterpreterKind.PROFESSIONAL_PHONE
    assert _selected(page.text, "interpreter_language") == "ar"
