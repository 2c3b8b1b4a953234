"""Who may post what on an evacuation case, groups across sites, what the page records of
the other people it names, and the indicators' shared total.

Read as sentences: "Sara (social worker) posting a report gets 403, as for an
assessment"; "a group holding a Zwara case is not merged from Tripoli"; "the page naming
Hawa records her code"; "a destination below 5 cannot be read back from the total".
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.evacuation import EvacuationCase, EvacuationStatus, Mechanism
from caseflow.models.user import SiteMembership
from caseflow.reports import evacuation_indicators
from caseflow.reports.evacuation_indicators import MonthFigures
from caseflow.reports.period import Month
from caseflow.services import ServiceError
from caseflow.services.evacuation import groups
from tests.evacuation.records import medical_report, open_case
from tests.support.records import person, site_id, user
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))


def test_it_answers_403_to_a_post_the_role_may_not_make(app, as_user, salem):
    with app.app_context():
        db.session.add(SiteMembership(user_id=user("sara").id, site_id=site_id("TRI")))
        db.session.commit()
        case = open_case(salem, date(2026, 10, 1))
        report = medical_report(salem)
        case_id, report_id, version = case.id, str(report.id), str(case.version)
    sara = as_user("sara")
    token = csrf_token_from(sara.get(f"/evacuations/cases/{case_id}").text)
    base = {"csrf_token": token, "version": version}
    assert sara.post(f"/evacuations/cases/{case_id}/report", data={
        **base, "certificate_id": report_id, "consent_decision": "given"}).status_code == 403
    assert sara.post(f"/evacuations/cases/{case_id}/fitness", data={
        **base, "category": "fit"}).status_code == 403
    # Steps are hers to record; a team of another site does not know the case exists.
    assert sara.post(f"/evacuations/cases/{case_id}/step", data={
        **base, "status": "assessed", "step_on": "2026-10-02"}).status_code == 302
    hugo = as_user("hugo")
    for action in ("step", "fitness", "report", "group", "step-correction"):
        assert hugo.post(f"/evacuations/cases/{case_id}/{action}",
                         data={"version": version}).status_code in (400, 403, 404)


def test_it_refuses_to_merge_a_group_holding_a_case_of_another_site(app, register, salem):
    hawa = register("charlie", "TRI", "Osman", "Hawa", born=1990)
    with app.app_context():
        mine, hers = open_case(salem, date(2026, 10, 1)), open_case(hawa, date(2026, 10, 1))
        group = uuid.uuid4()
        hers.group_id = group
        elsewhere = EvacuationCase(  # the same group, followed at Zwara by its own team
            person_id=uuid.UUID(hawa), site_id=site_id("ZWA"), author_id=user("charlie").id,
            mechanism=Mechanism.RESETTLEMENT, destination="CA", partner_kind=hers.partner_kind,
            status=EvacuationStatus.IDENTIFIED, status_on=date(2026, 10, 1),
            identified_on=date(2026, 10, 1), group_id=group)
        db.session.add(elsewhere)
        mine.group_id = uuid.uuid4()
        db.session.commit()
        with pytest.raises(ServiceError, match="does not follow"):
            groups.link(user("charlie"), person(salem), mine, hers, mine.version)
        db.session.expire_all()
        assert db.session.get(EvacuationCase, elsewhere.id).group_id == group


def test_it_records_the_codes_of_the_people_the_case_page_names(app, as_user, register,
                                                                 salem):
    hawa = register("charlie", "TRI", "Osman", "Hawa", born=1990)
    with app.app_context():
        daughter, mother = open_case(salem, date(2026, 10, 1)), open_case(hawa, date(2026, 10, 1))
        groups.link(user("charlie"), person(salem), daughter, mother, daughter.version)
        case_id, code = daughter.id, person(hawa).code
    assert as_user("charlie").get(f"/evacuations/cases/{case_id}").status_code == 200
    with app.app_context():
        shown = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "evacuation_group")).all()
        assert shown and code in shown[-1].details["codes"]


def test_it_hides_a_small_destination_the_total_would_give_away(app):
    """Total 16: Rwanda, Italy, Canada 5 each, Niger 1. Protected apart, the mechanisms'
    total was published and Niger read back as 16 - 15."""
    row = MonthFigures(Month(2026, 10), departures=16)
    row.mechanisms.update({"resettlement": 10, "humanitarian_corridor": 6})
    row.destinations.update({"RW": 5, "IT": 5, "CA": 5, "NE": 1})
    with app.test_request_context():
        table = evacuation_indicators.shown([row], evacuation_indicators.Counter(),
                                            suppressed=True)
    month = table.months[0]
    assert month["destinations"]["NE"] == "<5"
    for parts in (month["mechanisms"], month["destinations"]):
        hidden = [v for v in [month["departures"], *parts.values()] if not v.isdigit()]
        assert len(hidden) != 1, (month, parts)
