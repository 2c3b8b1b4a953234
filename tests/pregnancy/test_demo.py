"""The demo's midwife: Fatima follows Awa's pregnancy at Pantin, three visits, dated by the
first-trimester ultrasound, her next visit an appointment today."""

import pytest
from sqlalchemy import select

from caseflow.demo.people import seed_demo_people
from caseflow.demo.pregnancy import seed_pregnancy
from caseflow.extensions import db
from caseflow.models.appointment import Appointment
from caseflow.models.pregnancy import Pregnancy
from tests.clock import FIXED_NOW
from tests.support.records import user


@pytest.mark.time_machine(FIXED_NOW)
def test_it_seeds_awas_followed_pregnancy_once(app, as_user):
    with app.app_context():
        seed_demo_people()
        assert seed_pregnancy() == 1
        assert seed_pregnancy() == 0
        row = db.session.scalars(select(Pregnancy)).one()
        assert (row.dating.value, len(row.visits)) == ("ultrasound", 3)
        assert set(row.risks) == {"age_under_18", "sexual_violence"}
        person_id = row.person_id
        fatima = user("fatima").id
        assert db.session.scalar(select(Appointment.id).where(
            Appointment.with_user_id == fatima)) is not None
    page = as_user("fatima").get(f"/anc/people/{person_id}")
    assert page.status_code == 200 and page.text.count("data-visit-flags=") == 3
    assert 'data-flag="anaemia"' in page.text
