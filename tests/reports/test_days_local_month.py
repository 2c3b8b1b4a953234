"""Issue 14: each site's activity counts in that site's own month, not in the UTC month.

At 23:30 UTC on 31 January it is 00:30 on 1 February in Pantin and 01:30 in Tripoli: a
consultation then is February's, at both sites. At 22:30 UTC it is still January in
Pantin (23:30) but already February in Tripoli (00:30). Summer time moves Pantin's
month end: 31 March 22:30 UTC is 1 April, 00:30, in Pantin.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentKind, AppointmentStatus
from caseflow.models.enrolment import Enrolment
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.referral import (
    PartnerKind,
    Referral,
    ReferralStatus,
    ReferralStatusChange,
    Urgency,
)
from caseflow.models.site import Site
from caseflow.reports.compute import compute
from caseflow.reports.period import Month, last_month
from caseflow.vocabulary import Confidentiality, InterpreterKind, NoteKind
from tests.support.records import site_id, user

JANUARY, FEBRUARY, MARCH, APRIL = (Month(2026, m) for m in (1, 2, 3, 4))
PAST_MIDNIGHT_IN_BOTH = datetime(2026, 1, 31, 23, 30)  # PAN 00:30, TRI 01:30 on 1 Feb
BEFORE_MIDNIGHT_IN_PARIS = datetime(2026, 1, 31, 22, 30)  # PAN 23:30 on 31 Jan, TRI 00:30 on 1 Feb
SUMMER_MONTH_END = datetime(2026, 3, 31, 22, 30)  # PAN 00:30 on 1 April (UTC+2)


def _note(person, site, at):
    db.session.add(Note(person_id=person.id, site_id=site_id(site), author_id=user("amina").id,
                        discipline=Discipline.MEDICAL, kind=NoteKind.MEDICAL_CONSULTATION,
                        occurred_at=at, interpreter_kind=InterpreterKind.PEER,
                        interpreter_language="ar", confidentiality=Confidentiality.TEAM,
                        codes={}))


@pytest.fixture
def edges(app):
    with app.app_context():
        person = Person(sex="female", birth_year=2008)
        person.family_name = "Girma"
        db.session.add(person)
        db.session.flush()
        for site in ("PAN", "TRI"):
            db.session.add(Enrolment(person_id=person.id, site_id=site_id(site),
                                     programme="general", state="open",
                                     started_on=date(2025, 12, 1)))
        _note(person, "PAN", PAST_MIDNIGHT_IN_BOTH)
        _note(person, "TRI", PAST_MIDNIGHT_IN_BOTH)
        _note(person, "PAN", BEFORE_MIDNIGHT_IN_PARIS)
        _note(person, "TRI", BEFORE_MIDNIGHT_IN_PARIS)
        _note(person, "PAN", SUMMER_MONTH_END)
        db.session.add(Appointment(person_id=person.id, site_id=site_id("PAN"),
                                   discipline=Discipline.LEGAL, kind=AppointmentKind.HEARING,
                                   scheduled_at=PAST_MIDNIGHT_IN_BOTH,
                                   status=AppointmentStatus.ATTENDED,
                                   created_by_id=user("lea").id))
        referral = Referral(person_id=person.id, site_id=site_id("TRI"),
                            author_id=user("charlie").id, from_discipline=Discipline.MEDICAL,
                            partner_kind=PartnerKind.LAWYER, urgency=Urgency.ROUTINE,
                            status=ReferralStatus.COMPLETED,
                            created_at=BEFORE_MIDNIGHT_IN_PARIS)
        db.session.add(referral)
        db.session.flush()
        db.session.add(ReferralStatusChange(referral_id=referral.id,
                                            status=ReferralStatus.COMPLETED,
                                            changed_at=BEFORE_MIDNIGHT_IN_PARIS,
                                            changed_by_id=user("charlie").id))
        db.session.commit()
        return {"PAN": site_id("PAN"), "TRI": site_id("TRI")}


def _by_site(month: Month, code: str, sites: dict) -> dict[str, int]:
    names = {v: k for k, v in sites.items()}
    figure = compute(month, codes=[code]).figure(code)
    return {names[s]: n for s, n in figure.cells.by_site.items() if n}


def test_it_counts_a_contact_in_the_site_s_local_month(app, edges):
    with app.app_context():
        assert _by_site(JANUARY, "contacts", edges) == {"PAN": 1}
        assert _by_site(FEBRUARY, "contacts", edges) == {"PAN": 1, "TRI": 2}
        assert _by_site(MARCH, "contacts", edges) == {}
        assert _by_site(APRIL, "contacts", edges) == {"PAN": 1}
        assert _by_site(FEBRUARY, "interpreter", edges) == {"PAN": 1, "TRI": 2}


def test_it_counts_hearings_and_referrals_in_the_site_s_local_month(app, edges):
    with app.app_context():
        assert _by_site(JANUARY, "hearings", edges) == {}
        assert _by_site(FEBRUARY, "hearings", edges) == {"PAN": 1}
        for code in ("referrals_made", "referrals_completed"):
            assert _by_site(JANUARY, code, edges) == {}, code
            assert _by_site(FEBRUARY, code, edges) == {"TRI": 1}, code


def test_it_moves_a_site_with_its_time_zone(app, edges):
    """A site's zone is read when the figures are computed: a site moved to UTC counts
    the same contact in January."""
    with app.app_context():
        assert _by_site(JANUARY, "contacts", edges) == {"PAN": 1}
        db.session.get(Site, edges["PAN"]).timezone = "UTC"
        db.session.commit()
        assert _by_site(JANUARY, "contacts", edges) == {"PAN": 2}


def test_it_takes_as_last_month_the_last_one_over_at_every_site(app):
    with time_machine.travel(datetime(2026, 1, 31, 23, 30, tzinfo=UTC), tick=False), \
            app.app_context():
        assert last_month() == JANUARY  # 1 February at every site of the programme
    with time_machine.travel(datetime(2026, 1, 31, 22, 30, tzinfo=UTC), tick=False), \
            app.app_context():
        assert last_month() == Month(2025, 12)  # still 31 January in Pantin
