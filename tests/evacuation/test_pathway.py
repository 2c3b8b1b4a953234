"""The evacuation pathway: steps in order, exits, fitness validity, doctors only, consent to
put the report in the file, people travelling together, conflicts, the audit.

Read as sentences: "Charlie walks Salem's emergency transit to Rwanda from identified to
departed, with his fitness assessment and his medical report"; "a departure before
clearance is refused with a word, not a 500"; "an assessment expired before the flight
does not clear it"; "Nadia may record steps but not assess fitness".
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.evacuation import (
    EvacuationCase,
    EvacuationStatus,
    EvacuationStep,
    Fitness,
    Mechanism,
)
from caseflow.models.user import SiteMembership
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care.consents import ConsentInput
from caseflow.services.evacuation import cases, fitness, groups
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.evacuation.records import assess, medical_report, open_case, walk
from tests.support.records import person, site_id, user
from tests.support.web import csrf_token_from

FIXED_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.time_machine(FIXED_NOW)
S = EvacuationStatus


def _form(client, case_id):
    page = client.get(f"/evacuations/cases/{case_id}")
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page.text).group(1)
    return page, {"csrf_token": csrf_token_from(page.text), "version": version}


def test_it_walks_a_case_to_departure_with_fitness_and_report_through_the_pages(
        app, as_user, salem):
    client = as_user("charlie")
    page = client.get(f"/evacuations/people/{salem}/new")
    assert page.status_code == 200
    answer = client.post(f"/evacuations/people/{salem}/new", data={
        "csrf_token": csrf_token_from(page.text), "mechanism": "emergency_transit",
        "destination": "RW", "partner_kind": "unhcr", "partner_case_number": "LBY-26-C04321",
        "identified_on": "2026-10-01", "notes": "Torture survivor, Bani Walid."})
    assert answer.status_code == 302
    case_id = answer.location.rsplit("/", 1)[1]
    # Departure straight away: refused in words, the page stays usable.
    _page, base = _form(client, case_id)
    refused = client.post(f"/evacuations/cases/{case_id}/step",
                          data={**base, "status": "departed", "step_on": "2026-10-02"})
    assert refused.status_code == 400 and "the steps go in order" in refused.text
    for status, day in (("assessed", "2026-10-03"), ("submitted", "2026-10-06"),
                        ("accepted", "2026-10-20")):
        _page, base = _form(client, case_id)
        assert client.post(f"/evacuations/cases/{case_id}/step", data={
            **base, "status": status, "step_on": day}).status_code == 302
    _page, base = _form(client, case_id)
    refused = client.post(f"/evacuations/cases/{case_id}/step",
                          data={**base, "status": "medically_cleared", "step_on": "2026-10-25"})
    assert refused.status_code == 400 and "fitness-to-travel assessment is needed" in refused.text
    _page, base = _form(client, case_id)
    assert client.post(f"/evacuations/cases/{case_id}/fitness", data={
        **base, "assessed_on": "2026-10-24", "category": "fit_with_conditions",
        "valid_until": "2026-11-23", "conditions": ["medication", "oxygen"],
        "details": "BPCO, SpO2 91 %"}).status_code == 302
    with app.app_context():
        report = medical_report(salem)
        report_id, serial = str(report.id), report.serial
    _page, base = _form(client, case_id)
    refused = client.post(f"/evacuations/cases/{case_id}/report",
                          data={**base, "certificate_id": report_id})
    assert refused.status_code == 400 and "has not agreed to share" in refused.text
    _page, base = _form(client, case_id)
    assert client.post(f"/evacuations/cases/{case_id}/report", data={
        **base, "certificate_id": report_id, "consent_decision": "given",
        "decided_on": "2026-10-24", "decided_by": "person", "method": "oral",
        "interpreter_kind": "none_needed"}).status_code == 302
    for status, day in (("medically_cleared", "2026-10-25"), ("departed", "2026-11-02")):
        _page, base = _form(client, case_id)
        assert client.post(f"/evacuations/cases/{case_id}/step", data={
            **base, "status": status, "step_on": day}).status_code == 302
    shown = client.get(f"/evacuations/cases/{case_id}").text
    assert 'data-evacuation-status="departed"' in shown and serial in shown
    assert "SpO2 91" in shown and "LBY-26-C04321" in shown
    assert 'data-evacuation-status="departed"' in client.get(f"/people/{salem}").text
    with app.app_context():
        found = db.session.get(EvacuationCase, uuid.UUID(case_id))
        assert (found.identified_on, found.departed_on) == (date(2026, 10, 1),
                                                              date(2026, 11, 2))
        assert [s.status for s in cases.steps(found)] == list(cases.PATHWAY[:6])
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_id == case_id)).all()
        said = " ".join(str(e.details) for e in events)
        for secret in ("LBY-26", "BPCO", "SpO2", "Bani Walid", "oxygen", "Torture"):
            assert secret not in said


def test_it_closes_a_case_from_any_open_step_and_only_arrival_after_departure(app, salem):
    with app.app_context():
        case = open_case(salem, date(2026, 10, 1))
        case = walk(salem, case, S.SUBMITTED, date(2026, 10, 1))
        case = cases.record_step(user("charlie"), person(salem), case, S.REFUSED,
                                 date(2026, 10, 10), case.version)
        assert cases.next_steps(case) == []
        with pytest.raises(ServiceError):
            cases.record_step(user("charlie"), person(salem), case, S.ACCEPTED,
                              date(2026, 10, 11), case.version)
        other = walk(salem, open_case(salem, date(2026, 10, 1)), S.DEPARTED, date(2026, 10, 1))
        assert cases.next_steps(other) == [S.ARRIVED]
        with pytest.raises(ServiceError):
            cases.record_step(user("charlie"), person(salem), other, S.DETAINED,
                              date(2026, 10, 12), other.version)
        with pytest.raises(ServiceError, match="before the previous step"):
            cases.record_step(user("charlie"), person(salem), other, S.ARRIVED,
                              date(2026, 10, 1), other.version)
        with pytest.raises(ServiceError, match="future"):
            cases.record_step(user("charlie"), person(salem), other, S.ARRIVED,
                              date(2026, 12, 1), other.version)


def test_it_refuses_a_departure_after_the_fitness_assessment_expired(app, salem):
    with app.app_context():
        case = walk(salem, open_case(salem, date(2026, 9, 1)), S.ACCEPTED, date(2026, 9, 1))
        assess(salem, case, date(2026, 9, 5), valid_days=10)
        case = cases.record_step(user("charlie"), person(salem), case, S.MEDICALLY_CLEARED,
                                 date(2026, 9, 6), case.version)
        with pytest.raises(ServiceError, match="expired on Sep 15, 2026"):
            cases.record_step(user("charlie"), person(salem), case, S.DEPARTED,
                              date(2026, 9, 20), case.version)
        assess(salem, case, date(2026, 9, 18), category=Fitness.UNFIT_TEMPORARILY)
        assert cases.no_longer_cleared(case) and case.status is S.MEDICALLY_CLEARED
        with pytest.raises(ServiceError, match="not fit to travel"):
            cases.record_step(user("charlie"), person(salem), case, S.DEPARTED,
                              date(2026, 9, 20), case.version)
        with pytest.raises(ServiceError, match="at most 90 days"):
            assess(salem, case, date(2026, 9, 19), valid_days=120)
        with pytest.raises(ServiceError, match="Tick the conditions"):
            fitness.assess(user("charlie"), person(salem), case, fitness.FitnessInput(
                date(2026, 9, 19), Fitness.FIT_WITH_CONDITIONS, date(2026, 9, 30)),
                case.version)
        assess(salem, case, date(2026, 9, 19), category=Fitness.FIT_WITH_ESCORT, valid_days=1)
        assert not cases.no_longer_cleared(case)
        # "Valid until" includes its last day.
        case = cases.record_step(user("charlie"), person(salem), case, S.DEPARTED,
                                 date(2026, 9, 20), case.version)
        assert case.departed_on == date(2026, 9, 20)
        with pytest.raises(ServiceError, match="This case is closed"):
            assess(salem, case, date(2026, 9, 20))


def test_it_flags_a_cleared_case_found_unfit_on_its_page(app, as_user, salem):
    with app.app_context():
        case = walk(salem, open_case(salem, date(2026, 9, 1)), S.MEDICALLY_CLEARED,
                    date(2026, 9, 1))
        assess(salem, case, date(2026, 9, 10), category=Fitness.UNFIT)
        case_id = case.id
    page = as_user("charlie").get(f"/evacuations/cases/{case_id}").text
    assert "data-not-cleared" in page and 'data-evacuation-status="medically_cleared"' in page


def test_it_checks_a_corrected_departure_against_the_assessment_of_that_day(app, salem):
    """Cleared under an assessment of 09-05 (valid to 10-05), assessed again 09-15 (valid
    to 09-20), departed 09-20. The departure was in fact on 09-14: the assessment in force
    that day is the first one, not the latest (dated after it)."""
    with app.app_context():
        case = walk(salem, open_case(salem, date(2026, 9, 1)), S.ACCEPTED, date(2026, 9, 1))
        assess(salem, case, date(2026, 9, 5), valid_days=30)
        case = cases.record_step(user("charlie"), person(salem), case, S.MEDICALLY_CLEARED,
                                 date(2026, 9, 6), case.version)
        assess(salem, case, date(2026, 9, 15), valid_days=5)
        case = cases.record_step(user("charlie"), person(salem), case, S.DEPARTED,
                                 date(2026, 9, 20), case.version)
        case = cases.correct_step(user("charlie"), person(salem), case,
                                  cases.steps(case)[-1].id, date(2026, 9, 14), case.version)
        assert case.departed_on == date(2026, 9, 14)
        with pytest.raises(ServiceError, match="expired on Sep 20, 2026"):
            cases.correct_step(user("charlie"), person(salem), case,
                               cases.steps(case)[-1].id, date(2026, 9, 22), case.version)


def _join_tripoli(*logins: str) -> None:
    """Sara (social worker) and Amina (doctor) on mission at the Tripoli shelter: the only
    Libya persona is Charlie, and these rules are about the others' roles."""
    for login in logins:
        db.session.add(SiteMembership(user_id=user(login).id, site_id=site_id("TRI")))
    db.session.commit()


def test_it_lets_only_a_doctor_assess_fitness(app, as_user, register, salem):
    with app.app_context():
        case = open_case(salem, date(2026, 10, 1))
        case_id = case.id
        _join_tripoli("sara", "amina")
    awa = register("sara", "TRI", "Traoré", "Awa", born=2001)
    with app.app_context():
        tri = open_case(awa, date(2026, 10, 1), login="sara",
                        mechanism=Mechanism.RESETTLEMENT, destination="CA")
        with pytest.raises(ServiceError, match="Only a doctor"):
            assess(awa, tri, date(2026, 10, 2), login="sara")
        # A step is the social worker's to record, though.
        cases.record_step(user("sara"), person(awa), tri, S.ASSESSED,
                          date(2026, 10, 2), tri.version)
        assess(awa, tri, date(2026, 10, 3), login="amina")
        tri_id = tri.id
    sara = as_user("sara")
    page = sara.get(f"/evacuations/cases/{tri_id}")
    assert page.status_code == 200 and 'id="fitness-form"' not in page.text
    # The social worker reads the category and the conditions, not the doctor's words.
    assert "Wheelchair" in page.text and "Tuberculose" not in page.text
    assert sara.post(f"/evacuations/cases/{tri_id}/fitness",
                     data={"csrf_token": csrf_token_from(page.text)}).status_code == 403
    assert "Tuberculose" in as_user("amina").get(f"/evacuations/cases/{tri_id}").text
    assert as_user("hugo").get(f"/evacuations/cases/{case_id}").status_code == 404
    assert as_user("yasmine").get(f"/evacuations/cases/{tri_id}").status_code == 403


def test_it_opens_no_evacuation_case_where_the_country_does_none(app, as_user, register):
    """Evacuations are the Libya project's: a Paris doctor sees no panel and may not open
    a case for someone followed only in Paris, by the page or by the service."""
    paris = register("amina", "PAN", "Diallo", "Mamadou", born=2008)
    client = as_user("amina")
    assert "/evacuations/people/" not in client.get(f"/people/{paris}").text
    assert client.get(f"/evacuations/people/{paris}/new").status_code == 403
    with app.app_context(), pytest.raises(ServiceError):
        open_case(paris, date(2026, 10, 1), login="amina")


def test_it_keeps_a_corrected_step_date_beside_the_correction(app, salem):
    with app.app_context():
        case = walk(salem, open_case(salem, date(2026, 10, 1)), S.SUBMITTED, date(2026, 10, 1))
        first = cases.steps(case)[0]
        with pytest.raises(ServiceError, match="after the next step"):
            cases.correct_step(user("charlie"), person(salem), case, first.id,
                               date(2026, 10, 5), case.version)
        case = cases.correct_step(user("charlie"), person(salem), case, first.id,
                                  date(2026, 9, 28), case.version)
        assert case.identified_on == date(2026, 9, 28)
        assert cases.steps(case)[0].step_on == date(2026, 9, 28)
        kept = db.session.scalars(select(EvacuationStep).where(
            EvacuationStep.case_id == case.id)).all()
        assert len(kept) == 4 and date(2026, 10, 1) in {s.step_on for s in kept}


def test_it_refuses_a_stale_version_as_a_conflict(app, as_user, salem):
    with app.app_context():
        case = open_case(salem, date(2026, 10, 1))
        with pytest.raises(ConcurrentEditError):
            cases.record_step(user("charlie"), person(salem), case, S.ASSESSED,
                              date(2026, 10, 2), case.version + 1)
        case_id = case.id
    client = as_user("charlie")
    _page, base = _form(client, case_id)
    assert client.post(f"/evacuations/cases/{case_id}/step", data={
        **base, "status": "assessed", "step_on": "2026-10-02"}).status_code == 302
    stale = client.post(f"/evacuations/cases/{case_id}/step", data={
        **base, "status": "submitted", "step_on": "2026-10-03"})
    assert stale.status_code == 400 and "Someone else changed this evacuation case" in stale.text
    for version in ("", "9" * 5000, "abc"):
        answer = client.post(f"/evacuations/cases/{case_id}/step", data={
            **base, "version": version, "status": "submitted", "step_on": "2026-10-03"})
        assert answer.status_code == 400


def test_it_links_people_travelling_together_and_shows_the_members_one_may_see(
        app, as_user, register, salem):
    hawa = register("charlie", "TRI", "Osman", "Hawa", born=1990)
    with app.app_context():
        mother = open_case(hawa, date(2026, 10, 1), number="LBY-26-C07777")
        daughter = open_case(salem, date(2026, 10, 1))
        groups.link(user("charlie"), person(salem), daughter, mother, daughter.version)
        assert mother.group_id == daughter.group_id is not None
        ids = (mother.id, daughter.id)
    client = as_user("charlie")
    page = client.get(f"/evacuations/cases/{ids[1]}").text
    assert page.count('data-entry-kind="evacuation_member"') == 1 and "Osman" in page
    _page, base = _form(client, ids[1])
    assert client.post(f"/evacuations/cases/{ids[1]}/group",
                       data={**base, "leave": "1"}).status_code == 302
    with app.app_context():
        assert db.session.get(EvacuationCase, ids[1]).group_id is None
        assert db.session.get(EvacuationCase, ids[0]).group_id is not None


def test_it_refuses_a_draft_or_another_persons_report_and_a_refused_consent(
        app, register, salem):
    other = register("charlie", "TRI", "Osman", "Hawa", born=1990)
    with app.app_context():
        case = open_case(salem, date(2026, 10, 1), partner_name="UNHCR Libya")
        elsewhere = medical_report(other)
        with pytest.raises(ServiceError, match="issued medical report of this person"):
            fitness.attach_report(user("charlie"), person(salem), case, elsewhere.id,
                                  None, case.version)
        mine = medical_report(salem)
        refused = ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.REFUSED)
        with pytest.raises(ServiceError, match="refused to share"):
            fitness.attach_report(user("charlie"), person(salem), case, mine.id, refused,
                                  case.version)
        given = ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN)
        fitness.attach_report(user("charlie"), person(salem), case, mine.id, given,
                              case.version)
        assert [(c.id, shared) for _d, c, shared in fitness.documents(case)] == [
            (mine.id, True)]
        assert fitness.sharing_consent(case).partner_name == "UNHCR Libya"


def test_it_keeps_a_refusal_after_a_consent_and_withdraws_the_report(app, as_user, salem):
    """Report 1 under a given consent, then the person refuses with report 2: the refusal
    is kept, report 2 cannot be attached without a decision, and report 1 is withdrawn."""
    with app.app_context():
        case = open_case(salem, date(2026, 10, 1), partner_name="UNHCR Libya")
        first, second = medical_report(salem), medical_report(salem)
        fitness.attach_report(user("charlie"), person(salem), case, first.id, ConsentInput(
            ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN), case.version)
        with pytest.raises(ServiceError, match="refused to share"):
            fitness.attach_report(user("charlie"), person(salem), case, second.id,
                                  ConsentInput(ConsentPurpose.PARTNER_SHARING,
                                               ConsentDecision.REFUSED), case.version)
        db.session.expire_all()
        assert fitness.sharing_consent(case).decision is ConsentDecision.REFUSED
        with pytest.raises(ServiceError, match="has not agreed"):
            fitness.attach_report(user("charlie"), person(salem), case, second.id, None,
                                  case.version)
        assert [(c.id, shared) for _d, c, shared in fitness.documents(case)] == [
            (first.id, False)]
        case_id = case.id
    page = as_user("charlie").get(f"/evacuations/cases/{case_id}").text
    assert "data-withdrawn" in page and 'data-in-file="yes"' not in page


def test_it_withdraws_the_report_when_the_partner_changes(app, salem):
    with app.app_context():
        case = open_case(salem, date(2026, 10, 1), partner_name="UNHCR Libya")
        report = medical_report(salem)
        fitness.attach_report(user("charlie"), person(salem), case, report.id, ConsentInput(
            ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN), case.version)
        assert fitness.in_file(case)
        case = cases.update_case(user("charlie"), person(salem), case, cases.CaseInput(
            mechanism=case.mechanism, destination=case.destination,
            partner_kind=case.partner_kind, partner_name="IOM Tripoli",
            partner_case_number=case.partner_case_number, notes=case.notes), case.version)
        assert not fitness.in_file(case)
        assert fitness.sharing_consent(case) is None
        # Back in the file once the person agrees to share with the new partner.
        assert report.id in {c.id for c in fitness.reports_to_attach(person(salem), case)}
        fitness.attach_report(user("charlie"), person(salem), case, report.id, ConsentInput(
            ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN), case.version)
        assert [shared for _d, _c, shared in fitness.documents(case)] == [False, True]


def test_it_refuses_a_corridor_elsewhere_than_italy(app, salem):
    with app.app_context(), pytest.raises(ServiceError, match="goes to Italy"):
        open_case(salem, date(2026, 10, 1), mechanism=Mechanism.HUMANITARIAN_CORRIDOR,
                  destination="FR")
