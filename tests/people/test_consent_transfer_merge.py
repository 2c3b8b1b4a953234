"""Consent history, transfer between sites, and merging two records of one person."""

import re
import uuid

import pytest
from sqlalchemy import select

from caseflow import consent_state
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.consent import Consent
from caseflow.models.duplicate import PersonMerge
from caseflow.models.person import Person
from tests.support.records import load, site_id
from tests.support.web import csrf_token_from


def _consent(client, person_id, **data):
    form = client.get(f"/people/{person_id}/consents/new")
    base = {"purpose": "team_sharing", "scope": "all", "decision": "withdrawn",
            "decided_by": "person", "method": "oral", "interpreter_kind": "none_needed",
            "interpreter_language": "", "accompanying_adult": "", "partner_name": "",
            "decided_on": "", "review_on": "", "note": ""}
    base.update(data)
    return client.post(f"/people/{person_id}/consents/new",
                       data=dict(base, csrf_token=csrf_token_from(form.text)))


def test_it_keeps_every_decision_and_derives_the_one_in_force(app, client, as_user, register):
    person_id = register("amina", "PAN", "Traoré", "Awa")
    pid = uuid.UUID(person_id)
    with app.app_context():
        assert consent_state.shares_with_team(pid, Discipline.SOCIAL)
    as_user("yasmine")
    assert _consent(client, person_id).status_code == 302
    with app.app_context():
        # Withdrawal takes effect at once, and nothing was overwritten.
        assert not consent_state.shares_with_team(pid, Discipline.SOCIAL)
        rows = db.session.scalars(select(Consent).where(
            Consent.purpose == "team_sharing")).all()
        assert sorted(r.decision.value for r in rows) == ["given", "withdrawn"]
    page = client.get(f"/people/{person_id}")
    assert 'data-consent-purpose="team_sharing" data-consent-decision="withdrawn"' in page.text


def test_it_lets_a_discipline_decision_outrank_the_whole_team(app, client, as_user, register):
    person_id = register("amina", "PAN", "Traoré", "Awa")
    as_user("amina")
    _consent(client, person_id, scope="legal", decision="refused")
    with app.app_context():
        pid = uuid.UUID(person_id)
        assert consent_state.shares_with_team(pid, Discipline.MEDICAL)
        assert not consent_state.shares_with_team(pid, Discipline.LEGAL)


def test_it_records_a_minor_deciding_alone_with_an_adult(app, client, as_user, register):
    person_id = register("amina", "PAN", "Traoré", "Awa")
    as_user("amina")
    response = _consent(client, person_id, purpose="care", scope="", decision="given",
                        decided_by="minor_with_adult", accompanying_adult="Mme Koné (bénévole)")
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(Consent).where(Consent.decided_by == "minor_with_adult"))
        assert row.accompanying_adult == "Mme Koné (bénévole)"


def test_it_says_when_data_processing_was_refused(app, client, as_user, register):
    person_id = register("amina", "PAN", "Traoré", "Awa")
    as_user("amina")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    _consent(client, person_id, purpose="data_processing", scope="", decision="refused")
    page = client.get(f"/people/{person_id}")
    assert "record only what their care needs" in page.text


def _transfer(client, app, person_id, consent="y"):
    form = client.get(f"/people/{person_id}/transfer")
    enrolment = form.text.split('name="enrolment_id"')[1].split('value="')[1].split('"')[0]
    with app.app_context():
        pantin = site_id("PAN")
    return client.post(f"/people/{person_id}/transfer", data={
        "enrolment_id": enrolment, "to_site_id": pantin, "consent_given": consent,
        "decided_by": "person", "method": "oral", "interpreter_kind": "peer",
        "interpreter_language": "ti", "accompanying_adult": "", "reason": "left for Paris",
        "csrf_token": csrf_token_from(form.text)})


def test_it_refuses_a_transfer_without_the_persons_consent(app, client, as_user, register):
    person_id = register("hugo", "CAL", "Haile", "Yonas")
    as_user("hugo")
    page = _transfer(client, app, person_id, consent="")
    assert page.status_code == 200
    as_user("amina")
    assert client.get(f"/people/{person_id}").status_code == 404


def test_it_transfers_from_calais_to_pantin(app, client, as_user, register):
    person_id = register("hugo", "CAL", "Haile", "Yonas")
    as_user("hugo")
    assert _transfer(client, app, person_id).status_code == 302
    # Pantin now follows Yonas and writes; Calais keeps reading the history.
    as_user("amina")
    assert client.get(f"/people/{person_id}/edit").status_code == 200
    as_user("hugo")
    assert client.get(f"/people/{person_id}").status_code == 200
    assert client.get(f"/people/{person_id}/edit").status_code == 403
    page = client.get(f"/people/{person_id}")
    assert "Calais" in page.text and "Pantin" in page.text
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "enrolment_transfer")) is not None


@pytest.fixture
def twins(register):
    """One girl registered twice: at Calais, then at Pantin under another spelling."""
    first = register("hugo", "CAL", "Tesfaye", "Selam", born=2009, nationality="ET",
                     phone="0611223344")
    second = register("amina", "PAN", "Tesfay", "Salam", aliases=["Sela"], born=2009,
                      nationality="ET")
    return first, second


def test_it_queues_the_second_record_for_the_coordinator(client, as_user, twins, app):
    as_user("claire")
    page = client.get("/people/duplicates")
    assert load(app, twins[0]).code in page.text and load(app, twins[1]).code in page.text


def test_it_shows_what_will_move_before_merging(client, as_user, twins):
    as_user("claire")
    page = client.get(f"/people/{twins[0]}/merge/{twins[1]}")
    assert page.status_code == 200
    preview = page.text.split('data-testid="merge-preview">')[1].split("</ul>")[0]
    items = [re.sub(r"<[^>]+>", "", li).strip() for li in preview.split("<li>")[1:]]
    counts = {k.strip(): int(v) for k, v in (item.rsplit(":", 1) for item in items)}
    # Selam's second record: 3 consents, 1 enrolment, its referent (who registered her),
    # her two names kept as other names.
    assert counts == {"Décisions de consentement": 3, "Inclusions": 1, "Référent·es": 1,
                      "Noms conservés comme autres noms": 2}


def test_it_merges_keeping_everything_and_the_old_code(app, client, as_user, twins):
    keep, merged = twins
    old_code = load(app, merged).code
    as_user("claire")
    form = client.get(f"/people/{keep}/merge/{merged}")
    token = csrf_token_from(form.text)
    refused = client.post(f"/people/{keep}/merge/{merged}", data={"reason": "",
                                                                  "csrf_token": token})
    assert refused.status_code == 200
    response = client.post(f"/people/{keep}/merge/{merged}", data={
        "reason": "same phone, same family, seen by both teams", "confirm": "y",
        "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        survivor = db.session.get(Person, uuid.UUID(keep))
        assert {"Tesfay Salam", "Sela"} <= set(survivor.aliases)
        assert db.session.get(Person, uuid.UUID(merged)) is None
        moved = db.session.scalars(select(Consent).where(Consent.person_id == survivor.id)).all()
        assert len(moved) == 6
        assert all(c.note is None for c in moved)  # decrypts under the survivor's key
        record = db.session.scalar(select(PersonMerge))
        assert record.reason.startswith("same phone")
        assert {e.site.code for e in survivor.enrolments} == {"CAL", "PAN"}
    # The old card still leads to the record, and both teams still read it.
    assert client.get(f"/people/code/{old_code}").headers["Location"] == f"/people/{keep}"
    as_user("amina")
    assert client.get(f"/people/{keep}").status_code == 200


@pytest.mark.parametrize("login", ["amina", "sara", "hugo"])
def test_it_lets_only_coordinators_merge(client, as_user, twins, login):
    as_user(login)
    assert client.get("/people/duplicates").status_code == 403
    assert client.get(f"/people/{twins[0]}/merge/{twins[1]}").status_code == 403


def test_it_finds_the_merged_person_under_the_old_spelling(app, client, as_user, twins):
    keep, merged = twins
    as_user("claire")
    form = client.get(f"/people/{keep}/merge/{merged}")
    client.post(f"/people/{keep}/merge/{merged}", data={
        "reason": "same person", "confirm": "y", "csrf_token": csrf_token_from(form.text)})
    as_user("amina")
    page = client.get("/people/", query_string={"q": "Salam Tesfay"}, follow_redirects=True)
    assert load(app, keep).code in page.text
