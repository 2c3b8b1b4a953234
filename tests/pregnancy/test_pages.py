"""The pregnancy pages: Fatima registers Awa's pregnancy, records visits and the outcome;
bad input comes back with a message and what was typed; the person page shows the panel
to the medical team only; every page that opens the pregnancy is audited."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.pregnancy import Pregnancy
from tests.pregnancy.conftest import NOW, TODAY, visit
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(NOW)

FORM = {"lmp_on": "2026-03-02", "lmp_certain": "yes", "scan_on": "", "scan_weeks": "",
        "scan_days": "", "gravida": "1", "para": "0", "risks": ["age_under_18"],
        "referral_place": "Maternité Delafontaine", "referral_on": "", "notes": ""}
VISIT = {"visited_on": "2026-06-16", "systolic": "150", "diastolic": "95", "weight": "58,5",
         "fundal_height": "", "fetal_heart_rate": "144", "fetal_movements": "yes",
         "urine_protein": "2+", "haemoglobin": "", "hiv": "negative", "syphilis": "not_done",
         "hepatitis_b": "not_done", "blood_group": "not_done", "td_dose": "td1",
         "danger_signs": ["severe_headache"], "next_visit_on": "2026-06-23",
         "next_visit_time": "", "note": ""}


def _value(html: str, name: str) -> str:
    return html.split(f'name="{name}"')[1].split('value="')[1].split('"')[0]


def _pregnancy_id(app) -> str:
    with app.app_context():
        return str(db.session.scalars(select(Pregnancy.id)).one())


def test_it_follows_a_pregnancy_from_registration_to_birth(app, as_user, awa_id):
    client = as_user("fatima")
    page = client.get(f"/anc/people/{awa_id}/new")
    assert page.status_code == 200
    answer = client.post(f"/anc/people/{awa_id}/new", data=dict(
        FORM, site_id=_value(page.text, "site_id"), csrf_token=csrf_token_from(page.text)))
    assert answer.status_code == 302
    pid = _pregnancy_id(app)
    page = client.get(answer.headers["Location"])
    assert 'data-edd="2026-12-07"' in page.text and "15+2 weeks" in page.text
    # No visit yet at 15 weeks: the first contact, recommended by 12 weeks, is overdue.
    assert 'data-next-contact="12"' in page.text and "overdue" in page.text
    # A visit with a raised pressure, proteinuria and a headache: saved and flagged.
    answer = client.post(f"/anc/people/{awa_id}/visits?episode={pid}", data=dict(
        VISIT, csrf_token=csrf_token_from(page.text)))
    assert answer.status_code == 302
    page = client.get(f"/anc/people/{awa_id}?episode={pid}")
    flags = re.search(r'data-visit-flags="([^"]*)"', page.text).group(1).split()
    assert flags == ["bp_high", "proteinuria", "danger"]
    assert "58.5" in page.text and "Severe headache" in page.text
    assert 'data-next-contact="20"' in page.text  # seen at 15+1: the 20-week contact next
    # The outcome: a live birth at 22 weeks is not possible yet (today is 15+2)...
    answer = client.post(f"/anc/people/{awa_id}/outcome?episode={pid}", data={
        "outcome": "live_birth", "outcome_on": "2026-06-17", "delivery_mode": "vaginal",
        "version": _value(page.text, "version"), "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 422 and "A birth is recorded from 22 weeks" in answer.text
    # ...a miscarriage is.
    answer = client.post(f"/anc/people/{awa_id}/outcome?episode={pid}", data={
        "outcome": "miscarriage", "outcome_on": "2026-06-17", "delivery_mode": "",
        "version": _value(page.text, "version"), "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 302
    person_page = client.get(f"/people/{awa_id}")
    assert 'id="pregnancy"' in person_page.text
    assert 'data-pregnancy-outcome="miscarriage"' in person_page.text


def test_it_says_what_is_wrong_and_keeps_what_was_typed(app, as_user, awa_id, make_pregnancy):
    pid = make_pregnancy(awa_id)
    client = as_user("fatima")
    page = client.get(f"/anc/people/{awa_id}?episode={pid}")
    token = csrf_token_from(page.text)
    answer = client.post(f"/anc/people/{awa_id}", data=dict(
        FORM, gravida="2", para="2", site_id="0", version=_value(page.text, "version"),
        csrf_token=token, referral_place="Hôpital Nord"))
    assert answer.status_code == 422 and "Parity is at most the gravidity" in answer.text
    assert "Hôpital Nord" in answer.text
    # Nonsense in the numbers and a tampered code: a message, never a 500.
    answer = client.post(f"/anc/people/{awa_id}/visits", data=dict(
        VISIT, weight="lourd", csrf_token=token))
    assert answer.status_code == 422 and "Give a number" in answer.text
    answer = client.post(f"/anc/people/{awa_id}/visits", data=dict(
        VISIT, danger_signs=["<script>"], csrf_token=token))
    assert answer.status_code == 422 and "Choose danger signs from the list" in answer.text
    answer = client.post(f"/anc/people/{awa_id}", data=dict(
        FORM, version="9" * 5000, csrf_token=token))
    assert answer.status_code == 422 and "Someone else changed" in answer.text
    answer = client.get(f"/anc/people/{awa_id}?episode=not-an-id")
    assert answer.status_code == 404


SHOW = {"fatima": 200, "amina": 200, "claire": 200, "yasmine": 403, "sara": 403, "lea": 403,
        "nadia": 403, "hugo": 404, "charlie": 404, "omar": 403, "admin": 403}


@pytest.mark.parametrize("login", sorted(SHOW))
def test_it_opens_the_pregnancy_to_the_medical_team_only(app, as_user, awa_id, make_pregnancy,
                                                         login):
    pid = make_pregnancy(awa_id, referral_place="Maternité Delafontaine",
                         visits=[visit(TODAY, systolic=142, diastolic=88)])
    client = as_user(login)
    page = client.get(f"/anc/people/{awa_id}?episode={pid}")
    assert page.status_code == SHOW[login]
    if SHOW[login] == 200:
        assert "Maternité Delafontaine" in page.text
        # Recording is for clinicians: the coordinator reads only.
        assert ('id="visit-form"' in page.text) is (login != "claire")
    person_page = client.get(f"/people/{awa_id}")
    if person_page.status_code == 200:
        assert ('id="pregnancy"' in person_page.text) is (SHOW[login] == 200)
    post = client.post(f"/anc/people/{awa_id}/visits?episode={pid}",
                       data=dict(VISIT, csrf_token=csrf_token_from(page.text)
                                 if page.status_code == 200 else ""))
    assert post.status_code in ((302,) if login in ("fatima", "amina") else (400, 403, 404))


def test_it_audits_each_page_that_opens_a_pregnancy(app, as_user, awa_id, make_pregnancy):
    pid = make_pregnancy(awa_id)
    as_user("claire").get(f"/anc/people/{awa_id}?episode={pid}")
    as_user("amina").get(f"/anc/people/{awa_id}")
    with app.app_context():
        reads = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "pregnancy", AuditEvent.action == "view")
            .order_by(AuditEvent.seq)).all()
        assert [str(e.object_id) for e in reads] == [pid, pid]
        assert len({e.actor_id for e in reads}) == 2
        assert uuid.UUID(pid)


def test_it_shows_an_empty_follow_up_and_the_way_to_start_one(as_user, awa_id):
    page = as_user("fatima").get(f"/anc/people/{awa_id}")
    assert page.status_code == 200 and "data-no-pregnancy" in page.text
    person_page = as_user("fatima").get(f"/people/{awa_id}")
    assert f"/anc/people/{awa_id}/new" in person_page.text
    assert "/anc/people/" not in as_user("claire").get(f"/people/{awa_id}").text


def test_it_asks_for_the_outcome_once_past_42_weeks(as_user, awa_id, make_pregnancy):
    from datetime import timedelta

    pid = make_pregnancy(awa_id, lmp_on=TODAY - timedelta(weeks=43))
    page = as_user("fatima").get(f"/anc/people/{awa_id}?episode={pid}")
    assert "data-past-term" in page.text
    assert "data-past-term" in as_user("fatima").get(f"/people/{awa_id}").text
