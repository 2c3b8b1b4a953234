"""A field changed on a box and centrally: the queue shows both values to who may choose,
the choice lands in the record, a second choice is told it came too late, the person's
page says that something waits (issue 21, "the record shows it")."""

from __future__ import annotations

import re

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.person import Person
from caseflow.models.sync_conflict import RESOLVED, SyncConflict
from tests.support.web import csrf_token_from
from tests.sync.clinic import clinic_day, correct, edit_identity

BOX_PHONE, CENTRAL_PHONE = "+33 7 00 00 00 11", "+33 7 00 00 00 22"


def _conflict(central, box, sync):
    """Hugo's day on the box, synced; then the phone corrected on both sides."""
    person_id = next(iter(clinic_day(box)))
    sync.push()
    edit_identity(box, "hugo", person_id, phone=BOX_PHONE)
    edit_identity(central, "claire", person_id, phone=CENTRAL_PHONE)
    assert sync.push().conflicts == 1
    with central.app_context():
        conflict_id = db.session.scalar(select(SyncConflict.id))
        code = db.session.get(Person, person_id).code
    return person_id, conflict_id, code


def _phone(app, person_id) -> str | None:
    with app.app_context():
        return db.session.get(Person, person_id).phone


def _choose(client, page: str, conflict_id, choice: str, back: str = "all"):
    token = csrf_token_from(client.get(page).text)
    return client.post("/sync/conflicts/choose", data={
        "csrf_token": token, "conflict": str(conflict_id), "choice": choice, "back": back})


def test_it_shows_both_values_to_whoever_writes_in_the_record(central, box, sync, as_user):
    person_id, conflict_id, code = _conflict(central, box, sync)

    for login in ("claire", "hugo"):
        page = as_user(login).get("/sync/conflicts")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert code in text and "Tesfay" in text  # the person, as the queues show people
        assert "Identity: Phone" in text
        assert CENTRAL_PHONE in text and BOX_PHONE in text
        assert "box-cal-1" in text
        assert f'name="conflict" value="{conflict_id}"' in text
        assert str(person_id) not in re.findall(r'action="([^"]*)"', text)[-1]
    with central.app_context():  # the names on screen are in the audit trail, by code
        seen = db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "sync_conflicts_queue").order_by(AuditEvent.seq.desc()))
        assert seen.details == {"codes": [code]}


def test_it_hides_a_calais_conflict_from_a_pantin_doctor(central, box, sync, as_user):
    person_id, conflict_id, _code = _conflict(central, box, sync)
    client = as_user("amina")

    text = client.get("/sync/conflicts").get_data(as_text=True)
    assert BOX_PHONE not in text and CENTRAL_PHONE not in text
    assert "Nothing waits for your choice." in text
    assert client.get(f"/sync/conflicts/people/{person_id}").status_code == 404
    token = csrf_token_from(client.get("/sync/conflicts").text)
    refused = client.post("/sync/conflicts/choose", data={
        "csrf_token": token, "conflict": str(conflict_id), "choice": "box"})
    assert refused.status_code == 404
    assert _phone(central, person_id) == CENTRAL_PHONE


def test_it_takes_the_box_value_once_and_says_so_to_a_late_second_choice(central, box, sync,
                                                                         as_user):
    person_id, conflict_id, _code = _conflict(central, box, sync)
    hugo = as_user("hugo")

    chosen = _choose(hugo, "/sync/conflicts", conflict_id, "box")

    assert chosen.status_code == 303 and chosen.location.endswith("/sync/conflicts")
    after = hugo.get(chosen.location).get_data(as_text=True)
    assert "the value from the clinic box is now in the record" in after
    assert "Nothing waits for your choice." in after
    assert _phone(central, person_id) == BOX_PHONE
    with central.app_context():
        settled = db.session.get(SyncConflict, conflict_id)
        assert settled.status == RESOLVED and settled.chosen == "box"

    # Claire had the queue open before Hugo chose: her choice comes too late.
    claire = as_user("claire")
    token = csrf_token_from(claire.get("/sync/conflicts").text)
    late = claire.post("/sync/conflicts/choose", data={
        "csrf_token": token, "conflict": str(conflict_id), "choice": "central"})
    assert late.status_code == 303
    assert "This difference was already settled." in claire.get(late.location).get_data(
        as_text=True)
    assert _phone(central, person_id) == BOX_PHONE


def test_it_refuses_a_choice_that_is_neither_value(central, box, sync, as_user):
    person_id, conflict_id, _code = _conflict(central, box, sync)
    claire = as_user("claire")

    answer = _choose(claire, "/sync/conflicts", conflict_id, "both")

    assert answer.status_code == 303
    assert "Choose one of the two values." in claire.get(answer.location).get_data(as_text=True)
    assert _phone(central, person_id) == CENTRAL_PHONE
    bogus = claire.post("/sync/conflicts/choose", data={
        "csrf_token": csrf_token_from(claire.get("/sync/conflicts").text),
        "conflict": "not-an-id", "choice": "box"})
    assert bogus.status_code == 404


def test_it_tells_the_person_page_and_links_to_their_queue(central, box, sync, as_user):
    person_id, conflict_id, _code = _conflict(central, box, sync)
    claire = as_user("claire")

    page = claire.get(f"/people/{person_id}").get_data(as_text=True)
    assert "1 change from a clinic box waits for a choice" in page
    link = f"/sync/conflicts/people/{person_id}"
    assert f'href="{link}"' in page

    queue = claire.get(link)
    assert queue.status_code == 200
    assert BOX_PHONE in queue.get_data(as_text=True)
    chosen = _choose(claire, link, conflict_id, "central", back="person")
    assert chosen.location.endswith(link)
    assert _phone(central, person_id) == CENTRAL_PHONE
    assert "waits for a choice" not in claire.get(f"/people/{person_id}").get_data(as_text=True)


def test_it_shows_a_note_conflict_only_to_who_reads_the_note(central, box, sync, as_user):
    """Two corrections of Hugo's nursing note: Sara (social worker, Calais) writes in the
    record but does not read medical notes: she does not see either text."""
    day = clinic_day(box)
    person_id = next(iter(day))
    sync.push()
    with central.app_context():
        from caseflow.models.note import Note

        note_id = db.session.scalar(select(Note.id).where(Note.person_id == person_id))
    correct(box, "hugo", note_id, "Pansement refait, plaie propre")
    correct(central, "hugo", note_id, "Pansement refait, plaie un peu rouge")
    assert sync.push().conflicts == 1

    for login in ("hugo", "claire"):
        text = as_user(login).get("/sync/conflicts").get_data(as_text=True)
        assert "Note: Text" in text
        assert "plaie propre" in text and "plaie un peu rouge" in text
        assert 'name="choice"' in text
    sara = as_user("sara")
    text = sara.get("/sync/conflicts").get_data(as_text=True)
    assert "plaie" not in text and "Nothing waits for your choice." in text
    with central.app_context():
        conflict_id = db.session.scalar(select(SyncConflict.id))
    refused = sara.post("/sync/conflicts/choose", data={
        "csrf_token": csrf_token_from(text), "conflict": str(conflict_id), "choice": "box"})
    assert refused.status_code == 404
