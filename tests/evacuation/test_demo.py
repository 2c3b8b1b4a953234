"""The Tripoli demo: Filmon departed for Rwanda with his fitness assessment and medical
report, Hawa and Amna travelling together, Hiwot refused, Idriss waiting."""

import pytest
from sqlalchemy import select

from caseflow.demo.libya_evacuation import seed_libya_evacuation
from caseflow.demo.people import seed_demo_people
from caseflow.extensions import db
from caseflow.models.evacuation import EvacuationCase, EvacuationDocument, FitnessAssessment
from caseflow.models.person import Person
from tests.clock import FIXED_NOW
from tests.evacuation.records import medical_report


@pytest.mark.time_machine(FIXED_NOW)
def test_it_seeds_the_tripoli_evacuations_once(app, as_user):
    with app.app_context():
        seed_demo_people()
        filmon = next(p for p in db.session.scalars(select(Person))
                      if p.family_name == "Gebremedhin")
        medical_report(str(filmon.id))  # what the demo's stories issue for him
        assert seed_libya_evacuation() == 5
        assert seed_libya_evacuation() == 0
        rows = db.session.scalars(select(EvacuationCase)).all()
        by_status = sorted(r.status.value for r in rows)
        assert by_status == ["departed", "identified", "refused", "submitted", "submitted"]
        departed = next(r for r in rows if r.status.value == "departed")
        assert departed.person_id == filmon.id and departed.destination == "RW"
        assert db.session.scalar(select(FitnessAssessment.case_id)) == departed.id
        assert db.session.scalar(select(EvacuationDocument.case_id)) == departed.id
        groups = {r.group_id for r in rows if r.status.value == "submitted"}
        assert len(groups) == 1 and None not in groups
        departed_id, member = departed.id, next(r.id for r in rows
                                                if r.status.value == "submitted")
    charlie = as_user("charlie")
    page = charlie.get(f"/evacuations/cases/{departed_id}")
    assert page.status_code == 200 and 'data-entry-kind="evacuation_document"' in page.text
    assert charlie.get(f"/evacuations/cases/{member}").text.count(
        'data-entry-kind="evacuation_member"') == 1
    assert as_user("claire").get("/evacuations/indicators?site=TRI").status_code == 200
