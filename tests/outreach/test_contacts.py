"""Rapid contacts (issue 19): read as sentences.

"Charlie saves contact #1 at the quay: the form comes back empty with #2 suggested and
'Saved: #1'; the name, complaint, treatment and protection concern are not in clear in
the database." "A person who declines is one more in the anonymous count, nothing else."
"A session of 100 contacts opens with as many statements as one of 3."
"""

from __future__ import annotations

from sqlalchemy import event, func, select

from caseflow.audit import Action
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.outreach import OutreachContact, OutreachSession
from caseflow.services.outreach import contacts, sessions
from caseflow.services.outreach.contacts import ContactInput
from tests.outreach.conftest import make_contact
from tests.support.records import user

SECRETS = {"declared_name": "Abdelrahman Idris", "complaint": "itching for three weeks",
           "treatment": "permethrin 5% given",
           "protection_concern": "says his brother is held in Bani Walid"}


def test_it_saves_a_rapid_contact_and_comes_back_empty_with_the_next_number(app, as_user,
                                                                           form_token, quay):
    _, session_id = quay
    client = as_user("charlie")
    url = f"/outreach/sessions/{session_id}"
    with app.app_context():
        charlie = user("charlie").id
    response = client.post(url + "/contacts", data={
        "csrf_token": form_token(url), "number": "12", "sex": "male", "age_group": "5_17",
        "nationality": "SD", "complaint_code": "scabies", "triage": "yellow",
        "temperature": "37,8", "heart_rate": "96", "spo2": "97", "referral": "protection",
        "consent_explained_by_id": str(charlie), "consent_confirmed": "yes", **SECRETS},
        follow_redirects=True)
    assert response.status_code == 200
    assert "Saved: #12" in response.text
    assert ('name="number" inputmode="numeric" dir="ltr" autocomplete="off" value="" '
            'placeholder="13"') in response.text  # suggested, not typed into
    assert "Abdelrahman Idris" in response.text  # listed below the form
    assert "itching" not in response.text.split('id="contacts"')[0]  # the form is empty
    with app.app_context():
        row = db.session.execute(select(OutreachContact.__table__)).one()._mapping
        for name, plain in SECRETS.items():
            assert row[name] is not None and plain.encode() not in bytes(row[name]), name
        assert (row["number"], row["triage"], row["referral"]) == (12, "yellow", "protection")
        assert row["vitals"] is not None and b"378" not in bytes(row["vitals"])
        assert row["person_id"] is None
        contact = db.session.get(OutreachContact, row["id"])
        sessions.session_for(user("claire"), session_id)
        assert contact.declared_name == "Abdelrahman Idris"
        assert contact.vitals == {"temperature_dc": 378, "heart_rate": 96, "spo2": 97}
        created = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "outreach_contact")).one()
        assert created.action == Action.CREATE.value and created.details["number"] == 12
        assert "Abdelrahman" not in str(created.details)


def test_it_keeps_what_was_typed_and_names_each_mistake(app, as_user, form_token, quay):
    _, session_id = quay
    client = as_user("charlie")
    url = f"/outreach/sessions/{session_id}"
    response = client.post(url + "/contacts", data={
        "csrf_token": form_token(url), "number": "3", "declared_name": "Awa",
        "temperature": "98.6", "spo2": "140", "age_group": "18_59", "triage": "green"})
    assert response.status_code == 422
    for message in ("Choose the sex.", "A temperature in °C between 15 and 46, such as 37.5.",
                    "Between 0 and 100.", "Record the person's yes"):
        assert message in response.text.replace("&#39;", "'"), message
    assert 'value="Awa"' in response.text and 'value="98.6"' in response.text
    with app.app_context():
        make_contact(session_id, 3)
    again = client.post(url + "/contacts", data={
        "csrf_token": form_token(url), "number": "3", "sex": "female", "age_group": "18_59",
        "triage": "green", "consent_confirmed": "yes",
        "consent_explained_by_id": "999999"})
    assert "Number 3 is already recorded in this session." in again.text
    assert "Say who explained the consent to the group." in again.text


def test_it_counts_a_declined_person_and_stores_nothing_else(app, as_user, form_token, quay):
    _, session_id = quay
    client = as_user("charlie")
    url = f"/outreach/sessions/{session_id}"
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    for _ in range(2):
        response = client.post(url + "/declined", data={"csrf_token": form_token(url)})
        assert response.status_code == 302
    with app.app_context():
        assert db.session.get(OutreachSession, session_id).declined_count == 2
        assert db.session.scalar(select(func.count()).select_from(OutreachContact)) == 0
        events = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "outreach_session",
            AuditEvent.action == Action.UPDATE.value)))
        assert [e.details for e in events] == [{"declined": 1}, {"declined": 1}]
        # Two declines, plus the views of the page that gave the form its token.
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before + 4


def _statements(app, client, path):
    with app.app_context():
        engine = db.engine
    sent = []

    def count(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return response, sent


def test_it_lists_a_hundred_contacts_with_a_bounded_number_of_statements(app, as_user, quay):
    _, session_id = quay
    with app.app_context():
        for n in range(1, 4):
            make_contact(session_id, n, declared_name=f"Name {n}", treatment="paracetamol")
    client = as_user("charlie")
    path = f"/outreach/sessions/{session_id}"
    _, few = _statements(app, client, path)
    with app.app_context():
        for n in range(4, 101):
            make_contact(session_id, n, declared_name=f"Name {n}", treatment="paracetamol")
    page, many = _statements(app, client, path)
    assert "Name 100" in page.text and "Name 1<" in page.text
    assert len(many) == len(few), "\n".join(many)
    assert len(many) <= 20, "\n".join(many)


def test_it_gives_every_contact_the_sessions_key(app, quay):
    _, session_id = quay
    with app.app_context():
        make_contact(session_id, 1, declared_name="Fatima")
        db.session.remove()
        session = sessions.session_for(user("charlie"), session_id)
        assert [c.declared_name for c in contacts.contacts_of(session)] == ["Fatima"]
        assert contacts.next_number(session) == 2


JUNK = ["", " ", "-1", "1e9", "9" * 400, "9" * 5000, "²", "inf", "1e400",
        "<script>alert(1)</script>", "\x00", "٣", "37..5", "NaN", "../../etc", "' OR 1=1 --"]


def test_it_never_answers_500_whatever_is_typed_and_escapes_what_it_shows(app, as_user,
                                                                          form_token, quay):
    place_id, session_id = quay
    client = as_user("claire")
    url = f"/outreach/sessions/{session_id}"
    names = [f.name for f in ContactInput.__dataclass_fields__.values()]
    with app.app_context():
        charlie = str(user("charlie").id)
    for junk in JUNK:
        for path, fields in ((url + "/contacts", names),
                             (url + "/counts", ["version", "present_count", "seen_count",
                                                "female_count", "referred_count"]),
                             (url + "/declined", []),
                             ("/outreach/new", ["place_id", "held_on", "access", "team",
                                                "refusal_reason", "access_note"]),
                             ("/outreach/places", ["site_id", "name", "kind"]),
                             (f"/outreach/places/{place_id}", ["name", "kind", "version"])):
            data = {name: junk for name in fields}
            data["csrf_token"] = form_token(url)
            status = client.post(path, data=data).status_code
            assert status < 500, (path, junk, status)
    client.post(url + "/contacts", data={
        "csrf_token": form_token(url), "number": "77", "sex": "female", "age_group": "18_59",
        "triage": "green", "consent_confirmed": "yes",
        "consent_explained_by_id": charlie,
        "declared_name": "<script>alert(1)</script>"})
    page = client.get(url).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
