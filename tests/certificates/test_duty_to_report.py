"""The duty to protect a declared minor (issue 16): violence found on a person who declares
being under 18 lifts medical secrecy (art. 226-14 code pénal, R.4127-44 CSP), and the
doctor records what she decided before the certificate is saved.

Read as sentences: "Awa declares being 15: Amina cannot save her certificate of violence
without saying whether she informed the CRIP or the prosecutor, and when"; "the decision is
kept encrypted with the certificate, never printed on it, and the audit trail keeps its
kind, never the note"; "for an adult, nothing is asked".
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, text

from caseflow.certificates import TEMPLATES, BirthPrecision, DeclaredIdentity, Facts
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.certificate import Certificate
from caseflow.services import ServiceError
from caseflow.services.documents import certificates
from caseflow.services.documents.certificate_rules import (
    declared_minor,
    duty_applies,
    latest_birth,
)
from caseflow.timezones import site_today
from caseflow.vocabulary import BirthDatePrecision
from tests.certificates.samples import pdf_text
from tests.certificates.test_violence_rules import _count, _error_on, _post
from tests.support.certificates import BASE_URL, asked, draft_input
from tests.support.records import person, site_id, user

DAY, MONTH, YEAR, UNKNOWN = (BirthPrecision.DAY, BirthPrecision.MONTH, BirthPrecision.YEAR,
                             BirthPrecision.UNKNOWN)
NOTE = "Mère présente, signalement déjà fait par l'ASE de Calais le mois dernier, n° 4471."


def _declared(born: dt.date | None, precision: BirthPrecision) -> DeclaredIdentity:
    return DeclaredIdentity("TRAORÉ Awa", born, precision)


# --- Who is a declared minor ---------------------------------------------------------------


@pytest.mark.parametrize(("born", "precision", "on", "minor"), [
    # Born on a given day: minor until the eve of the 18th birthday.
    (dt.date(2008, 6, 17), DAY, dt.date(2026, 6, 16), True),
    (dt.date(2008, 6, 17), DAY, dt.date(2026, 6, 17), False),
    # Born on 29 February: of age on 1 March of a common year.
    (dt.date(2008, 2, 29), DAY, dt.date(2026, 2, 28), True),
    (dt.date(2008, 2, 29), DAY, dt.date(2026, 3, 1), False),
    # A month alone: its last day counts (a minor if any reading makes them one).
    (dt.date(2008, 6, 1), MONTH, dt.date(2026, 6, 29), True),
    (dt.date(2008, 6, 1), MONTH, dt.date(2026, 6, 30), False),
    (dt.date(2008, 2, 1), MONTH, dt.date(2026, 2, 28), True),  # 29 February 2008
    (dt.date(2008, 2, 1), MONTH, dt.date(2026, 3, 1), False),
    # A year alone: 31 December.
    (dt.date(2008, 1, 1), YEAR, dt.date(2026, 12, 30), True),
    (dt.date(2008, 1, 1), YEAR, dt.date(2026, 12, 31), False),
    (dt.date(2008, 7, 14), YEAR, dt.date(2026, 12, 30), True),  # the day stored is ignored
    # Nothing declared: not a declared minor (the form asks nothing).
    (dt.date(2015, 1, 1), UNKNOWN, dt.date(2026, 6, 17), False),
    (None, UNKNOWN, dt.date(2026, 6, 17), False),
    (None, DAY, dt.date(2026, 6, 17), False),
])
def test_it_reads_a_declared_minor_from_the_birth_date_and_its_precision(born, precision, on,
                                                                          minor) -> None:
    assert declared_minor(_declared(born, precision), on) is minor


@pytest.mark.parametrize(("born", "precision", "latest"), [
    (dt.date(2009, 3, 14), DAY, dt.date(2009, 3, 14)),
    (dt.date(2009, 2, 1), MONTH, dt.date(2009, 2, 28)),
    (dt.date(2008, 2, 1), MONTH, dt.date(2008, 2, 29)),
    (dt.date(2009, 4, 1), MONTH, dt.date(2009, 4, 30)),
    (dt.date(2009, 1, 1), YEAR, dt.date(2009, 12, 31)),
    (dt.date(2009, 1, 1), UNKNOWN, None),
])
def test_it_takes_the_last_day_the_declaration_allows(born, precision, latest) -> None:
    assert latest_birth(_declared(born, precision)) == latest


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_it_applies_the_duty_to_violence_and_torture_reports_only(key: str) -> None:
    minor = _declared(dt.date(2012, 1, 1), DAY)
    adult = _declared(dt.date(1990, 1, 1), DAY)
    on = dt.date(2026, 6, 17)
    expected = key in ("violence_findings", "istanbul_report")
    assert duty_applies(TEMPLATES[key], minor, on, "FR") is expected
    assert duty_applies(TEMPLATES[key], adult, on, "FR") is False
    # French law: a Libya site is neither reminded of it nor asked the French authorities.
    assert duty_applies(TEMPLATES[key], minor, on, "LY") is False


# --- Through the services ------------------------------------------------------------------


def _today() -> dt.date:
    return site_today(site_id("PAN"))


def _born(app, pid, years: int, precision=BirthDatePrecision.FULL) -> None:
    """Awa declares being born on 1 January, `years` years before this year."""
    with app.app_context():
        someone = person(pid)
        born = dt.date(_today().year - years, 1, 1)
        someone.birth_date, someone.birth_year = born, born.year
        someone.birth_date_precision = precision.value
        db.session.commit()


@pytest.fixture
def minor(app, awa):
    _born(app, awa, 15)  # 14 or 15 at the examination, whatever the clock
    return awa


@pytest.fixture
def adult(app, awa):
    _born(app, awa, 30)
    return awa


def _input(template="violence_findings", duty=None):
    data = draft_input(template, duty_to_report=duty)
    data.fields["facts"] = Facts(data.exam_date - dt.timedelta(days=2), place="Calais")
    return data


def _decision(decision: str, *, date: bool = True, note: str = "") -> dict:
    day = (_today() - dt.timedelta(days=1)).isoformat() if date else ""
    return {"decision": decision, "date": day, "note": note}


@pytest.mark.parametrize(("duty", "field"), [
    (None, "duty_decision"),
    ({"decision": "", "date": "", "note": ""}, "duty_decision"),
    ({"decision": "maybe later", "date": "", "note": ""}, "duty_decision"),
    ({"decision": "crip", "date": "", "note": ""}, "duty_date"),
    ({"decision": "prosecutor", "date": "", "note": "Appel au parquet."}, "duty_date"),
    ({"decision": "not_reported", "date": "", "note": "  "}, "duty_note"),
    ({"decision": "already", "date": "", "note": ""}, "duty_note"),
])
@pytest.mark.parametrize("template", ["violence_findings", "istanbul_report"])
def test_it_refuses_a_minors_certificate_without_a_complete_decision(app, minor, duty, field,
                                                                     template):
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            certificates.create_draft(user("amina"), person(minor), _input(template, duty),
                                      asked())
        assert refused.value.field == field
        db.session.rollback()
        assert db.session.scalar(select(Certificate.id)) is None


def test_it_asks_no_decision_for_a_minority_recourse_certificate(app, minor):
    with app.app_context():
        data = draft_input("minority_recourse")
        assert data.duty_to_report is None
        assert certificates.create_draft(user("amina"), person(minor), data, asked())


def test_it_asks_nothing_for_an_adult(app, adult):
    with app.app_context():
        draft = certificates.create_draft(user("amina"), person(adult), _input(), asked())
        certificates.issue(user("amina"), person(adult), draft, draft.version, BASE_URL)
        assert "duty_to_report" not in _issue_event()


def test_it_asks_nothing_when_the_birth_date_is_unknown(app, awa):
    with app.app_context():
        someone = person(awa)
        someone.birth_date, someone.birth_year = None, None
        someone.birth_date_precision = BirthDatePrecision.UNKNOWN.value
        db.session.commit()
        assert certificates.create_draft(user("amina"), person(awa), _input(), asked())


def _issue_event() -> dict:
    return db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.action == "issue").order_by(AuditEvent.seq.desc())).first()


def test_it_keeps_the_decision_encrypted_unprinted_and_out_of_the_audit(app, minor):
    duty = _decision("not_reported", date=False, note=NOTE)
    with app.app_context():
        draft = certificates.create_draft(user("amina"), person(minor), _input(duty=duty),
                                          asked())
        assert certificates.input_of(draft).duty_to_report == duty
        raw = db.session.execute(text("SELECT content FROM certificate")).scalar_one()
        stored = bytes(raw)  # the column's bytes, as a copy of the database would show them
        assert stored and NOTE.encode() not in stored and b"ASE de Calais" not in stored
        assert b"not_reported" not in stored
        issued = certificates.issue(user("amina"), person(minor), draft, draft.version, BASE_URL)
        words = pdf_text(issued.issued_pdf)
        db.session.expire_all()
        assert certificates.input_of(db.session.get(Certificate, issued.id)).duty_to_report == duty
        assert _issue_event()["duty_to_report"] == "not_reported"
        trail = json.dumps([e for e in db.session.scalars(select(AuditEvent.details))],
                           ensure_ascii=False)
    assert "ASE de Calais" not in trail and "4471" not in trail
    assert "ASE de Calais" not in words and "4471" not in words
    for never in ("226-14", "R.4127-44", "CRIP", "signalement", "information préoccupante"):
        assert never not in words, never


def test_it_records_the_kind_of_a_report_made(app, minor):
    with app.app_context():
        draft = certificates.create_draft(user("amina"), person(minor),
                                          _input(duty=_decision("prosecutor")), asked())
        certificates.issue(user("amina"), person(minor), draft, draft.version, BASE_URL)
        assert _issue_event()["duty_to_report"] == "prosecutor"


def test_it_refuses_to_drop_the_decision_from_a_minors_draft(app, minor):
    with app.app_context():
        draft = certificates.create_draft(user("amina"), person(minor),
                                          _input(duty=_decision("crip")), asked())
        with pytest.raises(ServiceError) as refused:
            certificates.update_draft(user("amina"), person(minor), draft, _input(duty=None),
                                      draft.version)
        assert refused.value.field == "duty_decision"


def test_it_refuses_to_issue_once_the_person_is_recorded_as_a_minor(app, awa):
    """Drafted for an adult, then the declared birth date corrected: the issue asks."""
    _born(app, awa, 30)
    with app.app_context():
        draft = certificates.create_draft(user("amina"), person(awa), _input(), asked())
        draft_id = draft.id
    _born(app, awa, 15)
    with app.app_context():
        draft = db.session.get(Certificate, draft_id)
        with pytest.raises(ServiceError) as refused:
            certificates.issue(user("amina"), person(awa), draft, draft.version, BASE_URL)
        assert refused.value.field == "duty_decision"
        db.session.rollback()
        assert db.session.get(Certificate, draft_id).serial is None


# --- Through the pages ---------------------------------------------------------------------


@pytest.fixture
def amina(as_user):
    client = as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _new(client, pid, template="violence_findings") -> str:
    page = client.get(f"/people/{pid}/certificates/new?template={template}")
    assert page.status_code == 200
    return page.text


def test_it_reminds_the_duty_on_a_minors_form(app, minor, amina):
    page = _new(amina, minor)
    fieldset = page[page.index('<fieldset id="duty-to-report">'):]
    fieldset = fieldset[:fieldset.index("</fieldset>")]
    assert "article 226-14 of the code pénal" in fieldset
    assert "article R.4127-44 of the code de la santé publique" in fieldset
    for name in ("duty_decision", "duty_date", "duty_note"):
        assert f'name="{name}"' in fieldset
    for value in ("prosecutor", "crip", "already", "not_reported"):
        assert f'value="{value}"' in fieldset
    assert 'id="duty-to-report"' in _new(amina, minor, "istanbul_report")
    assert 'id="duty-to-report"' not in _new(amina, minor, "minority_recourse")


def test_it_reminds_the_duty_in_french(app, minor, as_user):
    client = as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    page = _new(client, minor)
    assert "article 226-14 du code pénal" in page
    assert "article R.4127-44 du code de la santé publique" in page


def test_it_shows_no_duty_on_an_adults_form_and_saves_without_it(app, adult, amina):
    assert 'id="duty-to-report"' not in _new(amina, adult)
    answer = _post(app, amina, adult, duty_decision="", duty_date="", duty_note="")
    assert answer.status_code == 303, answer.text


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"duty_decision": "", "duty_date": ""}, "duty_decision",
     "The person is a declared minor: record what you decided about informing the prosecutor "
     "or the child-protection unit."),
    ({"duty_decision": "crip", "duty_date": ""}, "duty_date", "Give the date of the report."),
    ({"duty_decision": "not_reported", "duty_date": "", "duty_note": ""}, "duty_note",
     "Say who reported it and when, or why no report is made."),
])
def test_it_shows_an_incomplete_decision_on_its_field_and_saves_nothing(app, minor, amina,
                                                                         fields, field,
                                                                         message):
    answer = _post(app, amina, minor, examination="Ecchymose à ne pas perdre.", **fields)
    assert answer.status_code == 200
    assert _error_on(answer.text, field) == message
    assert "Ecchymose à ne pas perdre." in answer.text
    assert 'id="duty-to-report"' in answer.text
    assert _count(app) == 0


def test_it_saves_a_complete_decision_from_the_form_and_offers_it_again(app, minor, amina):
    answer = _post(app, amina, minor, duty_decision="not_reported", duty_date="",
                   duty_note=NOTE)
    assert answer.status_code == 303, answer.text
    with app.app_context():
        draft = db.session.scalars(select(Certificate)).one()
        assert certificates.input_of(draft).duty_to_report == {
            "decision": "not_reported", "date": "", "note": NOTE}
        draft_id = draft.id
    page = amina.get(f"/certificates/{draft_id}/edit").text
    assert '<option selected value="not_reported">' in page
    assert "ASE de Calais" in page
