"""The Tripoli demo: a partner hospital, a stay with two visits and a discharge, one ongoing."""

from sqlalchemy import select

from caseflow.demo.libya_hospital import seed_libya_hospital
from caseflow.demo.people import seed_demo_people
from caseflow.extensions import db
from caseflow.models.hospital import HospitalAdmission, HospitalVisit, Outcome


def test_it_seeds_the_tripoli_stays_once(app, as_user):
    with app.app_context():
        seed_demo_people()
        assert seed_libya_hospital() == 2
        assert seed_libya_hospital() == 0
        stays = db.session.scalars(select(HospitalAdmission)
                                   .order_by(HospitalAdmission.admitted_on)).all()
        assert [s.outcome for s in stays] == [Outcome.SHELTER, None]
        assert stays[0].length_of_stay == 7 and stays[0].site.code == "TRI"
        assert len(db.session.scalars(select(HospitalVisit)).all()) == 2
        done = stays[0].id
    page = as_user("charlie").get(f"/hospital/admissions/{done}")
    assert page.status_code == 200
    assert page.text.count('data-entry-kind="hospital_visit"') == 2
