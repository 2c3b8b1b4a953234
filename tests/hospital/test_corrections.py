"""Hospital follow-up after review: tampered versions, bounded numbers, racing names,
overlapping stays, visit dates, same-day stays, correcting an admission, midwives, costs.

Read as sentences: "a discharge posted with a 5,000-digit version is refused as a
conflict, what was typed stays, and the page now carries the current version: saving
again goes through"; "a second admission while Salem is still in hospital is refused";
"Charlie corrects the ward and the date: the audit names the two fields, not the values".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import event, insert, select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.hospital import HospitalAdmission, Outcome, PartnerHospital
from caseflow.models.user import User
from caseflow.roles import Role
from caseflow.services import ServiceError
from caseflow.services.hospital import admissions, partners
from tests.hospital.records import admit, partner_hospital
from tests.support.records import person, site_id, user
from tests.support.web import csrf_token_from

FIXED_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.time_machine(FIXED_NOW)

CONFLICT = "Someone else changed this admission"
OVERLAP = "another hospital stay on these dates"


def _page_version(html: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


def _discharge(app, salem, day=date(2026, 11, 12), outcome=Outcome.SHELTER):
    found = admit(salem, "TRI", date(2026, 11, 10))
    return admissions.discharge(user("charlie"), person(salem), found,
                                admissions.DischargeInput(day, outcome), found.version)


@pytest.mark.parametrize("version", [None, "", "abc", "²", "9" * 5000, "0", "-1"])
def test_it_treats_a_missing_or_tampered_version_as_a_conflict_and_lets_the_user_save_again(
        app, as_user, salem, version):
    with app.app_context():
        admission_id = admit(salem, "TRI", date(2026, 11, 10)).id
    client = as_user("charlie")
    token = csrf_token_from(client.get(f"/hospital/admissions/{admission_id}").text)
    form = {"csrf_token": token, "discharged_on": "2026-11-13", "outcome": "detention"}
    if version is not None:
        form["version"] = version
    refused = client.post(f"/hospital/admissions/{admission_id}/discharge", data=form)
    assert refused.status_code == 400 and CONFLICT in refused.text
    assert 'value="2026-11-13"' in refused.text  # what was typed stays
    with app.app_context():
        assert db.session.get(HospitalAdmission, admission_id).discharged_on is None
    # The re-displayed form carries the current version: after reviewing, saving works.
    assert _page_version(refused.text) == "1"
    form["version"] = _page_version(refused.text)
    assert client.post(f"/hospital/admissions/{admission_id}/discharge",
                       data=form).status_code == 302
    with app.app_context():
        assert db.session.get(HospitalAdmission, admission_id).outcome is Outcome.DETENTION


def test_it_carries_the_current_version_after_a_real_conflict(app, as_user, salem):
    with app.app_context():
        admission_id = admit(salem, "TRI", date(2026, 11, 10)).id
    claire = as_user("claire")
    token = csrf_token_from(claire.get(f"/hospital/admissions/{admission_id}").text)
    assert claire.post(f"/hospital/admissions/{admission_id}/costs", data={
        "csrf_token": token, "version": "1", "amount": "90", "currency": "EUR"}
    ).status_code == 302
    stale = claire.post(f"/hospital/admissions/{admission_id}/costs", data={
        "csrf_token": token, "version": "1", "amount": "120", "currency": "LYD"})
    assert stale.status_code == 400 and CONFLICT in stale.text
    assert 'value="120"' in stale.text
    costs_form = stale.text.split('id="costs"')[1]
    assert _page_version(costs_form) == "2"


def test_it_refuses_a_tampered_version_of_a_partner_hospital_and_unknown_huge_ids(
        app, as_user, salem):
    with app.app_context():
        hospital = partner_hospital("TRI")
        tri = site_id("TRI")
    claire = as_user("claire")
    token = csrf_token_from(claire.get(f"/hospital/partners/{hospital}").text)
    for version in ("9" * 5000, ""):
        answer = claire.post(f"/hospital/partners/{hospital}", data={
            "csrf_token": token, "version": version, "name": "Renamed", "site_id": str(tri)})
        assert answer.status_code == 400 and "Someone else changed this hospital" in answer.text
        assert 'value="Renamed"' in answer.text and _page_version(answer.text) == "1"
    for huge in ("99999999999999999999", "9" * 5000):
        assert claire.get(f"/hospital/partners/{huge}").status_code == 404
        assert claire.post(f"/hospital/partners/{huge}", data={"csrf_token": token}
                           ).status_code == 404


def test_it_answers_5000_digit_numbers_with_a_message(app, as_user, salem):
    with app.app_context():
        admission_id = admit(salem, "TRI", date(2026, 11, 10)).id
        hospital = partner_hospital("TRI")
    claire = as_user("claire")
    page = claire.get(f"/hospital/admissions/{admission_id}")
    answer = claire.post(f"/hospital/admissions/{admission_id}/costs", data={
        "csrf_token": csrf_token_from(page.text), "version": _page_version(page.text),
        "amount": "9" * 5000, "currency": "LYD"})
    assert answer.status_code == 400 and "Type the amount as a number" in answer.text
    page = claire.get(f"/hospital/people/{salem}/admissions/new")
    answer = claire.post(f"/hospital/people/{salem}/admissions/new", data={
        "csrf_token": csrf_token_from(page.text), "hospital_id": "9" * 5000,
        "admitted_on": "2026-11-11", "reason_code": "wound_trauma", "referred_by": "team",
        "ward": "Garde"})
    assert answer.status_code == 400 and "Choose a partner hospital." in answer.text
    assert 'value="Garde"' in answer.text
    answer = claire.post("/hospital/partners", data={
        "csrf_token": csrf_token_from(page.text), "name": "Zawiya", "site_id": "9" * 5000})
    assert answer.status_code == 400 and "Choose a site." in answer.text
    assert hospital


def test_it_refuses_a_racing_second_save_of_the_same_name_with_a_message(app, salem):
    """Another request saves the same name between the check and the commit: the unique
    index answers, the service turns it into the check's own message. (The twin row is
    written in the same transaction, just before the flush: SQLite's BEGIN IMMEDIATE
    would make a second connection wait; the index answers the same way.)"""
    with app.app_context():
        tri = site_id("TRI")

        def twin_commits_first(session, flush_context, instances):
            session.connection().execute(insert(PartnerHospital).values(
                    name="Mitiga Hospital", site_id=tri, active=True,
                    created_at=datetime(2026, 11, 20, 9, 0), version=1))

        event.listen(db.session(), "before_flush", twin_commits_first, once=True)
        with pytest.raises(ServiceError) as refused:
            partners.add_hospital(user("claire"), partners.HospitalInput(
                name="Mitiga Hospital", site_id=tri))
        assert refused.value.field == "name"
        assert str(refused.value.message) == str(partners.NAME_TAKEN)
        assert db.session.scalar(select(PartnerHospital.id).where(  # all rolled back
            PartnerHospital.name == "Mitiga Hospital")) is None


def test_it_refuses_overlapping_stays_and_accepts_a_transfer_on_the_discharge_day(
        app, as_user, salem):
    with app.app_context():
        first = admit(salem, "TRI", date(2026, 11, 10))
        first_id = first.id
        with pytest.raises(ServiceError) as refused:
            admit(salem, "TRI", date(2026, 11, 12))
        assert refused.value.field == "admitted_on"
        with pytest.raises(ServiceError):  # an earlier open stay crosses the ongoing one too
            admit(salem, "TRI", date(2026, 11, 5))
        admissions.discharge(user("charlie"), person(salem), first, admissions.DischargeInput(
            date(2026, 11, 12), Outcome.TRANSFERRED), first.version)
        second = admit(salem, "TRI", date(2026, 11, 12))  # the day of the transfer
        assert second.discharged_on is None
    # Through the page: a third admission while the second is ongoing.
    client = as_user("charlie")
    page = client.get(f"/hospital/people/{salem}/admissions/new")
    with app.app_context():
        hospital = partner_hospital("TRI")
    answer = client.post(f"/hospital/people/{salem}/admissions/new", data={
        "csrf_token": csrf_token_from(page.text), "hospital_id": str(hospital),
        "admitted_on": "2026-11-15", "reason_code": "wound_trauma", "referred_by": "team",
        "ward": "Chirurgie"})
    assert answer.status_code == 400 and OVERLAP in answer.text
    assert 'value="Chirurgie"' in answer.text
    # Correcting the first discharge past the second admission would overlap: refused.
    with app.app_context():
        first = db.session.get(HospitalAdmission, first_id)
        with pytest.raises(ServiceError) as refused:
            admissions.discharge(user("charlie"), person(salem), first,
                                 admissions.DischargeInput(date(2026, 11, 14), Outcome.SHELTER),
                                 first.version)
        assert refused.value.field == "discharged_on"


def test_it_keeps_visits_within_the_stay(app, as_user, salem):
    with app.app_context():
        admission_id = _discharge(app, salem).id
    client = as_user("charlie")
    for day, message in (("2026-11-13", "cannot be after the discharge"),
                         ("2026-11-09", "cannot be before the admission")):
        page = client.get(f"/hospital/admissions/{admission_id}")
        answer = client.post(f"/hospital/admissions/{admission_id}/visits", data={
            "csrf_token": csrf_token_from(page.text), "kind": "medical_consultation",
            "day": day, "at": "10:00", "text": "Vu au lit"})
        assert answer.status_code == 400 and message in answer.text
        assert "Vu au lit" in answer.text
    page = client.get(f"/hospital/admissions/{admission_id}")
    assert client.post(f"/hospital/admissions/{admission_id}/visits", data={
        "csrf_token": csrf_token_from(page.text), "kind": "medical_consultation",
        "day": "2026-11-12", "at": "00:30", "text": "Vu au lit"}).status_code == 302


def test_it_counts_a_same_day_stay_as_one_day(app, as_user, salem):
    with app.app_context():
        admission_id = _discharge(app, salem, day=date(2026, 11, 10)).id
        assert db.session.get(HospitalAdmission, admission_id).length_of_stay == 1
    page = as_user("charlie").get(f"/hospital/admissions/{admission_id}")
    assert 'data-length-of-stay="1"' in page.text and "1 day" in page.text


def test_it_corrects_an_admission_and_audits_the_changed_field_names_only(
        app, as_user, salem):
    with app.app_context():
        admission_id = _discharge(app, salem).id
    client = as_user("charlie")
    page = client.get(f"/hospital/admissions/{admission_id}/edit")
    assert page.status_code == 200 and 'value="Internal medicine"' in page.text
    assert f"/hospital/admissions/{admission_id}/edit" in client.get(
        f"/hospital/admissions/{admission_id}").text
    with app.app_context():
        hospital = partner_hospital("TRI")
    assert re.search(rf'<option selected value="{hospital}"', page.text)
    form = {"csrf_token": csrf_token_from(page.text), "version": _page_version(page.text),
            "hospital_id": str(hospital), "ward": "Pavillon Zeta", "admitted_on": "2026-11-09",
            "reason_code": "respiratory_infection", "reason_text": "Pneumonia, oxygen needed",
            "referred_by": "team"}
    # After the discharge: refused, the typed values stay.
    late = client.post(f"/hospital/admissions/{admission_id}/edit",
                       data={**form, "admitted_on": "2026-11-13"})
    assert late.status_code == 400 and "cannot be after the discharge date" in late.text
    assert 'value="Pavillon Zeta"' in late.text
    answer = client.post(f"/hospital/admissions/{admission_id}/edit", data=form)
    assert answer.status_code == 302
    stale = client.post(f"/hospital/admissions/{admission_id}/edit",
                        data={**form, "ward": "Pavillon Eta"})
    assert stale.status_code == 400 and CONFLICT in stale.text
    assert 'value="Pavillon Eta"' in stale.text and _page_version(stale.text) == "3"
    with app.app_context():
        stored = db.session.get(HospitalAdmission, admission_id)
        assert (stored.ward, stored.admitted_on, stored.version) == (
            "Pavillon Zeta", date(2026, 11, 9), 3)
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_id == str(admission_id), AuditEvent.action == "update")
            .order_by(AuditEvent.seq)).all()
        corrected = [e.details for e in events if (e.details or {}).get("step") == "corrected"]
        assert corrected == [{"step": "corrected", "fields": ["ward", "admitted_on"]}]
        assert "Zeta" not in str(corrected) and "2026" not in str(corrected)
    assert as_user("amina").get(f"/hospital/admissions/{admission_id}/edit").status_code == 404


def test_it_lets_a_midwife_follow_hospital_stays(app, as_user, salem):
    with app.app_context():
        db.session.scalar(select(User).where(User.login == "charlie")).role = Role.MIDWIFE
        db.session.commit()
        admission_id = admit(salem, "TRI", date(2026, 11, 10)).id
    client = as_user("charlie")
    assert client.get(f"/hospital/admissions/{admission_id}").status_code == 200
    assert 'id="hospital"' in client.get(f"/people/{salem}").text


def test_it_gives_the_data_manager_cost_totals_over_5_stays_only_never_per_admission(
        app, as_user, salem):
    """Nine same-day stays of November: 5 paid in LYD (total shown), 4 in EUR ("<5")."""
    with app.app_context():
        for n in range(1, 10):
            found = admit(salem, "TRI", date(2026, 11, n))
            found = admissions.discharge(user("claire"), person(salem), found,
                                         admissions.DischargeInput(date(2026, 11, n),
                                                                   Outcome.SHELTER),
                                         found.version)
            admissions.set_costs(user("claire"), person(salem), found,
                                 Decimal("100.50"), "LYD" if n <= 5 else "EUR", found.version)
        admission_id = found.id
    omar = as_user("omar")
    page = omar.get("/hospital/indicators?month=2026-11&site=TRI")
    assert page.status_code == 200
    row = page.text.split('data-month="2026-11"')[1].split("</tr>")[0]
    assert '"cost_LYD"><bdi dir="ltr">502.50<' in row
    assert '"cost_EUR"><bdi dir="ltr">&lt;5<' in row and "402" not in page.text
    assert "100.50" not in page.text
    assert omar.get(f"/hospital/admissions/{admission_id}").status_code == 403
    claire_page = as_user("claire").get("/hospital/indicators?month=2026-11&site=TRI").text
    assert "402.00" in claire_page and "502.50" in claire_page
