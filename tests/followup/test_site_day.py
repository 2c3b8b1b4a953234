"""Issue 14, "Times and days": "today" is the day at the site where the work happens.

At 23:30 UTC on 31 January it is already 1 February in Pantin (00:30) and in Tripoli
(01:30): an outcome noted then is dated 1 February, a flag too, a child born that
morning in Tripoli is not "born in the future", and the daily list opens on 1 February.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.flag import VulnerabilityFlag
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.services.care import referrals
from caseflow.services.intake.people import Identity, register_person, set_flag
from caseflow.timezones import local_day, site_today
from caseflow.vocabulary import BirthDatePrecision, Vulnerability
from tests.support.records import site_id, user

LAST_EVENING = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)  # 00:30 in Paris, 01:30 in Tripoli
SITE_DAY = date(2026, 2, 1)
pytestmark = pytest.mark.time_machine(LAST_EVENING, tick=False)


def test_it_gives_each_site_its_own_today(app):
    with app.app_context():
        pantin = db.session.get(Site, site_id("PAN"))
        assert site_today(pantin) == SITE_DAY
        assert site_today(site_id("TRI")) == SITE_DAY
        assert site_today(None) == date(2026, 1, 31)  # no site: UTC
        instant = datetime(2026, 3, 31, 22, 30)  # stored UTC; summer time in Paris
        assert local_day(pantin, instant) == date(2026, 4, 1)
        assert local_day(site_id("TRI"), instant) == date(2026, 4, 1)
        assert local_day(None, instant) == date(2026, 3, 31)


def _person(app, register) -> str:
    return register("amina", "PAN", "Traoré", "Awa", born=2008)


def test_it_dates_a_referral_outcome_on_the_site_s_day(app, register):
    person_id = _person(app, register)
    with app.app_context():
        amina, person = user("amina"), db.session.get(Person, uuid.UUID(person_id))
        referral = referrals.create(amina, person, referrals.ReferralInput(
            reason="Bilan psychologique", target_discipline=Discipline.MENTAL_HEALTH))
        referrals.set_status(amina, person, referral, referrals.ReferralStatus.SENT)
        referrals.set_status(amina, person, referral, referrals.ReferralStatus.COMPLETED)
        assert referral.outcome_on == SITE_DAY


def test_it_accepts_an_outcome_dated_on_the_site_s_day(app, register):
    person_id = _person(app, register)
    with app.app_context():
        amina, person = user("amina"), db.session.get(Person, uuid.UUID(person_id))
        referral = referrals.create(amina, person, referrals.ReferralInput(
            reason="Bilan psychologique", target_discipline=Discipline.MENTAL_HEALTH))
        referrals.set_status(amina, person, referral, referrals.ReferralStatus.SENT)
        referrals.set_status(amina, person, referral, referrals.ReferralStatus.DECLINED,
                             outcome_on=SITE_DAY)
        assert referral.outcome_on == SITE_DAY


def test_it_notes_a_flag_on_the_site_s_day(app, register):
    person_id = _person(app, register)
    with app.app_context():
        set_flag(user("amina"), db.session.get(Person, uuid.UUID(person_id)),
                 Vulnerability.TORTURE, True)
        flag = db.session.scalar(select(VulnerabilityFlag))
        assert flag.noted_on == SITE_DAY


def test_it_registers_a_child_born_this_morning_in_tripoli(app):
    with app.app_context():
        person = register_person(
            user("charlie"),
            Identity(family_name="Nour", birth_date=SITE_DAY,
                     birth_precision=BirthDatePrecision.FULL),
            site_id=site_id("TRI"), programme="general")
        assert person.birth_date == SITE_DAY


def test_it_corrects_an_identity_with_a_birth_on_the_site_s_day(app, register):
    from caseflow.services.intake.people import update_identity

    person_id = _person(app, register)
    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        update_identity(user("amina"), person, Identity(
            family_name="Traoré", given_names="Awa", birth_date=SITE_DAY,
            birth_precision=BirthDatePrecision.FULL))
        assert person.birth_date == SITE_DAY


def test_it_opens_the_daily_list_on_the_site_s_today(app, client, as_user, register):
    from tests.support.records import add_appointment, utc

    person_id = _person(app, register)
    with app.app_context():
        add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL, utc(SITE_DAY))
    as_user("amina")
    page = client.get("/appointments/")
    assert page.status_code == 200
    assert 'value="2026-02-01"' in page.text
    assert "Traoré" in page.text


def test_it_dates_the_referral_letter_on_the_site_s_day(app, register):
    from caseflow.blueprints.followup.letter import compose
    from caseflow.models.referral import PartnerKind
    from caseflow.pdf.text import without_controls
    from caseflow.services.care.consents import ConsentInput
    from caseflow.vocabulary import ConsentDecision, ConsentPurpose

    person_id = _person(app, register)
    with app.app_context(), app.test_request_context():
        amina, person = user("amina"), db.session.get(Person, uuid.UUID(person_id))
        referral = referrals.create(amina, person, referrals.ReferralInput(
            reason="Avis chirurgical", partner_kind=PartnerKind.HOSPITAL_PASS,
            partner_name="PASS Avicenne"),
            ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
        letter = compose(person, referral, amina, "fr")
    # Each value is isolated for an Arabic line (invisible controls, never printed).
    assert without_controls(letter.place_and_date).endswith("1 février 2026")
