"""The review's fixes (notes/review-outreach.md), read as sentences.

"Sara, a social worker given a Tripoli membership, does not open an outreach session nor
write a contact (403): contacts are medical." "5,000 digits typed in any number field of
any outreach form get a plain message, never a 500." "The form preselects no triage and no
age group." "28.5 °C after a rescue at sea is questioned, then saved once checked."
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.outreach import COUNT_FIELDS, OutreachContact, OutreachSession
from caseflow.models.user import SiteMembership
from caseflow.services.outreach import InputErrors, contacts, sessions
from tests.outreach.conftest import make_contact
from tests.support.records import site_id, user

HUGE = "9" * 5000
TOO_LONG = "Give a number of at most 9 digits."


def _contact(token, charlie, **values):
    data = {"csrf_token": token, "number": "5", "sex": "male", "age_group": "18_59",
            "triage": "red", "consent_explained_by_id": str(charlie),
            "consent_confirmed": "yes"}
    data.update(values)
    return data


@pytest.mark.parametrize("login", ["sara", "lea", "yasmine", "nadia"])
def test_it_refuses_a_tripoli_social_legal_psychology_or_protection_worker(
        app, as_user, form_token, quay, login):
    _, session_id = quay
    with app.app_context():
        db.session.add(SiteMembership(user_id=user(login).id, site_id=site_id("TRI")))
        db.session.commit()
        charlie = user("charlie").id
        session = sessions.session_for(user("charlie"), session_id)
        assert user(login).id not in {u.id for u in contacts.explainers(session)}
        db.session.remove()
    client = as_user(login)
    url = f"/outreach/sessions/{session_id}"
    assert client.get(url).status_code == 403
    assert client.get("/outreach/").status_code == 403
    token = form_token("/")
    assert client.post(url + "/contacts", data=_contact(token, charlie)).status_code == 403
    assert client.post(url + "/declined", data={"csrf_token": token}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(OutreachContact.id)) is None


def test_it_lists_the_medical_staff_of_the_site_as_explainers(app, quay):
    _, session_id = quay
    with app.app_context():
        session = sessions.session_for(user("charlie"), session_id)
        roles = {u.role.value for u in contacts.explainers(session)}
        assert roles <= {"doctor", "nurse", "midwife", "coordinator"}
        assert user("charlie").id in {u.id for u in contacts.explainers(session)}


def test_it_answers_5000_digits_with_a_message_on_every_post(app, as_user, form_token, quay):
    place_id, session_id = quay
    with app.app_context():
        charlie = user("charlie").id
    client = as_user("claire")
    url = f"/outreach/sessions/{session_id}"
    token = form_token(url)
    for name in ("number", "heart_rate", "respiratory_rate", "systolic", "diastolic", "spo2",
                 "consent_explained_by_id", "temperature"):
        response = client.post(url + "/contacts", data=_contact(token, charlie, **{name: HUGE}))
        assert response.status_code == 422, name
        assert (TOO_LONG if name not in ("consent_explained_by_id", "temperature") else
                "form was not saved") in response.text, name
        assert 'value="Charlie' not in response.text  # nothing saved, the form is back
    for name in (*COUNT_FIELDS, "version"):
        response = client.post(url + "/counts", data={"csrf_token": token, name: HUGE})
        assert response.status_code == 422, name
        assert (TOO_LONG if name != "version" else "changed this session") in response.text
    assert client.post(url + "/declined", data={"csrf_token": token,
                                                "number": HUGE}).status_code == 302
    new = client.post("/outreach/new", data={"csrf_token": token, "place_id": HUGE,
                                             "held_on": "2026-12-01", "access": "full"})
    assert new.status_code == 422 and "Choose a place from the list." in new.text
    added = client.post("/outreach/places", data={"csrf_token": token, "site_id": HUGE,
                                                  "name": "Zuwara beach", "kind":
                                                  "disembarkation_point"})
    assert added.status_code == 422
    edited = client.post(f"/outreach/places/{place_id}", data={
        "csrf_token": token, "name": "Quay 5", "kind": "disembarkation_point",
        "version": HUGE, "active": "yes"})
    assert edited.status_code == 422
    assert client.post(f"/outreach/places/{HUGE}", data={"csrf_token": token}).status_code \
        == 404
    with app.app_context():
        assert db.session.scalar(select(OutreachContact.id)) is None
        assert db.session.get(OutreachSession, session_id).present_count is None


def test_it_preselects_no_triage_and_no_age_group_but_carries_the_group_over(
        app, as_user, form_token, quay):
    _, session_id = quay
    with app.app_context():
        make_contact(session_id, 1, nationality="ER")
    client = as_user("charlie")
    url = f"/outreach/sessions/{session_id}"
    page = client.get(url).text
    form = page.split('id="contact-form"')[1].split('id="contacts"')[0]
    for name in ("triage", "age_group", "sex"):
        assert f'name="{name}" value=' in form
        assert not any(f'name="{name}"' in line and "checked" in line
                       for line in form.splitlines()), name
    assert '<option value="ER" selected>' in form
    with app.app_context():
        charlie = user("charlie").id
    missing = client.post(url + "/contacts", data=_contact(form_token(url), charlie,
                                                           triage="", age_group=""))
    assert missing.status_code == 422
    assert "Choose the triage category." in missing.text
    assert "Choose the age group." in missing.text
    assert 'name="consent_confirmed" value="yes" checked' in missing.text  # tick kept


def test_it_questions_an_unusual_vital_sign_and_saves_it_once_checked(
        app, as_user, form_token, quay):
    _, session_id = quay
    with app.app_context():
        charlie = user("charlie").id
    client = as_user("charlie")
    url = f"/outreach/sessions/{session_id}"
    cold = _contact(form_token(url), charlie, temperature="28.5", systolic="80",
                    diastolic="120", spo2="78")
    asked = client.post(url + "/contacts", data=cold)
    assert asked.status_code == 422
    assert "Unusual value: check it" in asked.text
    assert "The diastolic pressure is not below the systolic" in asked.text
    assert 'value="28.5"' in asked.text and 'name="vitals_checked"' in asked.text
    impossible = client.post(url + "/contacts", data={**cold, "temperature": "285",
                                                      "vitals_checked": "yes"})
    assert "between 15 and 46" in impossible.text
    saved = client.post(url + "/contacts", data={**cold, "vitals_checked": "yes"})
    assert saved.status_code == 302
    with app.app_context():
        session = sessions.session_for(user("charlie"), session_id)
        [contact] = contacts.contacts_of(session)
        assert contact.vitals == {"temperature_dc": 285, "systolic": 80, "diastolic": 120,
                                  "spo2": 78}


def test_it_takes_the_suggested_number_when_none_is_typed(app, as_user, form_token, quay):
    _, session_id = quay
    with app.app_context():
        make_contact(session_id, 7)
        charlie = user("charlie").id
    client = as_user("charlie")
    url = f"/outreach/sessions/{session_id}"
    assert 'placeholder="8"' in client.get(url).text
    saved = client.post(url + "/contacts", data=_contact(form_token(url), charlie, number=""))
    assert saved.status_code == 302
    with app.app_context():
        assert sorted(db.session.scalars(select(OutreachContact.number))) == [7, 8]


def test_it_counts_totals_that_include_the_individual_contacts(app, quay):
    _, session_id = quay
    with app.app_context():
        for n in (1, 2, 3):
            make_contact(session_id, n)
        session = sessions.session_for(user("charlie"), session_id)
        with pytest.raises(InputErrors) as refused:
            sessions.update_counts(user("charlie"), session,
                                   sessions.parse_counts({"seen_count": 2}), session.version)
        assert "seen_count" in refused.value.errors
        sessions.update_counts(user("charlie"), session,
                               sessions.parse_counts({"seen_count": 3}), session.version)


def test_it_answers_404_to_a_clinician_of_another_libya_site(app, as_user, form_token, quay):
    """Hugo, a nurse, moved to Zwara: Tripoli's session is unknown to him, for every POST."""
    _, session_id = quay
    with app.app_context():
        db.session.add(SiteMembership(user_id=user("hugo").id, site_id=site_id("ZWA")))
        db.session.commit()
        charlie = user("charlie").id
        db.session.remove()
    client = as_user("hugo")
    url = f"/outreach/sessions/{session_id}"
    assert client.get("/outreach/").status_code == 200
    assert client.get(url).status_code == 404
    token = form_token("/outreach/")
    for path, data in (("/contacts", _contact(token, charlie)),
                       ("/counts", {"csrf_token": token, "seen_count": "3"}),
                       ("/declined", {"csrf_token": token})):
        assert client.post(url + path, data=data).status_code == 404, path
    with app.app_context():
        session = db.session.get(OutreachSession, session_id)
        assert (session.declined_count, session.seen_count) == (0, None)
