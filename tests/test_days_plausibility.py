"""Issue 14: nothing is dated before the person's declared birth (services/plausibility.py).

The check honours what is known of the birth: a year only ("born in 2009") refuses
what comes before 1 January 2009; a month, before its first day; a full date, before
that day; an unknown birth date refuses nothing. Notes, appointments and consents
share it; the consent form shows its message and saves nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.consent import Consent
from caseflow.models.person import Person
from caseflow.services import ServiceError
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.intake.people import Identity, register_person
from caseflow.services.intake.plausibility import ensure_not_before_birth
from caseflow.vocabulary import BirthDatePrecision, ConsentDecision, ConsentPurpose
from tests.support.records import site_id, user
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(datetime(2026, 1, 15, 11, 0, tzinfo=UTC), tick=False)


def _born(app, day: date | None, precision: BirthDatePrecision) -> str:
    with app.app_context():
        person = register_person(
            user("amina"), Identity(family_name="Kebede", birth_date=day,
                                    birth_precision=precision),
            site_id=site_id("PAN"), programme="general")
        return str(person.id)


@pytest.mark.parametrize(("born", "precision", "refused", "accepted"), [
    (date(2009, 7, 14), BirthDatePrecision.YEAR, date(2008, 12, 31), date(2009, 1, 1)),
    (date(2009, 7, 14), BirthDatePrecision.MONTH, date(2009, 6, 30), date(2009, 7, 1)),
    (date(2009, 7, 14), BirthDatePrecision.FULL, date(2009, 7, 13), date(2009, 7, 14)),
])
def test_it_refuses_a_day_before_the_declared_birth_as_precise_as_it_is(
        app, born, precision, refused, accepted):
    person_id = _born(app, born, precision)
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        with pytest.raises(ServiceError) as error:
            ensure_not_before_birth(person, refused, field="decided_on")
        assert error.value.field == "decided_on"
        assert "2009" not in str(error.value)  # no birth date in a message that may be logged
        ensure_not_before_birth(person, accepted, field="decided_on")


def test_it_checks_nothing_when_the_birth_date_is_unknown(app):
    person_id = _born(app, None, BirthDatePrecision.UNKNOWN)
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        ensure_not_before_birth(person, date(1901, 1, 1))


def test_it_refuses_a_consent_dated_before_the_birth_in_the_service(app):
    person_id = _born(app, date(2009, 1, 1), BirthDatePrecision.YEAR)
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        before = db.session.scalar(select(func.count()).select_from(Consent))
        with pytest.raises(ServiceError) as error:
            add_consent(user("amina"), person, ConsentInput(
                ConsentPurpose.PHOTOGRAPHS, ConsentDecision.GIVEN,
                decided_on=date(2005, 6, 1)), site_id=site_id("PAN"))
        assert error.value.field == "decided_on"
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Consent)) == before


def test_it_refuses_a_consent_dated_before_the_birth_on_the_form(app, client, as_user):
    person_id = _born(app, date(2009, 1, 1), BirthDatePrecision.YEAR)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Consent))
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/people/{person_id}/consents/new")
    assert page.status_code == 200
    response = client.post(f"/people/{person_id}/consents/new", data={
        "csrf_token": csrf_token_from(page.text), "purpose": "photographs",
        "decision": "given", "decided_by": "person", "method": "oral",
        "interpreter_kind": "none_needed", "interpreter_language": "", "scope": "",
        "partner_name": "", "decided_on": "2005-06-01", "review_on": "", "note": ""})
    assert response.status_code == 200
    assert "before the person&#39;s declared date of birth" in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Consent)) == before

