"""What reaches a box after its fill without a refill: a person transferred to its site
arrives with their whole record; a colleague who joined the site centrally, and wrote
there, arrives with her account; the pull never stops on an author it does not know."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.user import SiteMembership, User
from caseflow.services import boxes
from caseflow.services.care.consents import ConsentInput
from caseflow.services.intake.transfers import transfer
from caseflow.sync import link
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.boxes.helpers import days_later, join, sync
from tests.boxes.test_boxes import _post, _public
from tests.support.records import site_id, user
from tests.sync import clinic


def _notes(box, person_id) -> list[str]:
    with box.app_context():
        try:
            return sorted(n.text for n in db.session.scalars(
                select(Note).where(Note.person_id == person_id)))
        finally:
            db.session.remove()


def _transfer_to_calais(app, person_id) -> None:
    with app.app_context():  # she moves to Calais, with her consent
        amina, awa = user("amina"), db.session.get(Person, person_id)
        enrolment = db.session.scalars(select(Enrolment).where(
            Enrolment.person_id == person_id)).one()
        transfer(amina, awa, enrolment, site_id("CAL"),
                 ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
        db.session.remove()


def test_it_brings_the_whole_record_of_someone_transferred_to_its_site_after_the_fill(
        app, central, new_box):
    person_id = clinic.register(app, "amina", "Traoré", "Awa", 2008, "ML", None, site="PAN")
    clinic.note(app, "amina", person_id, "Suivi à Pantin : toux depuis dix jours", site="PAN")
    join(app, new_box)
    sync(new_box)  # the fill: Awa is followed at Pantin only, nothing of her comes
    assert _notes(new_box, person_id) == []
    days_later(app, new_box)
    _transfer_to_calais(app, person_id)

    report = sync(new_box)

    assert report.fill_people == 1
    assert _notes(new_box, person_id) == ["Suivi à Pantin : toux depuis dix jours"]
    with new_box.app_context():  # readable with her key, sealed to this box
        assert db.session.get(Person, person_id).family_name == "Traoré"
        assert db.session.get(User, user("amina").id).active is False  # a card: a name
        db.session.remove()
    assert not sync(new_box).fill_people  # once

    # Dr Diallo then comes to Calais herself: the box knew her as a card, and now holds
    # her account, with which she signs in there.
    with app.app_context():
        db.session.add(SiteMembership(user_id=user("amina").id, site_id=site_id("CAL")))
        db.session.commit()
        db.session.remove()
    clinic.note(app, "amina", person_id, "Revue à Calais : la toux a cédé", site="CAL")
    sync(new_box)
    with new_box.app_context():
        assert db.session.get(User, user("amina").id).active is True
        db.session.remove()


def test_it_brings_a_colleague_who_joined_the_site_after_the_fill_with_her_account(
        app, central, new_box):
    person_id = clinic.register(app, "hugo", "Haidari", "Shirin", 2007, "AF", None)
    join(app, new_box)
    sync(new_box)
    with app.app_context():  # Dr Diallo comes to help in Calais, and sees Shirin there
        amina = user("amina")
        db.session.add(SiteMembership(user_id=amina.id, site_id=site_id("CAL")))
        db.session.commit()
        central_hash = amina.password_hash
        db.session.remove()
    clinic.note(app, "amina", person_id, "Examen : otite moyenne aiguë", site="CAL")

    sync(new_box)

    assert _notes(new_box, person_id) == ["Examen : otite moyenne aiguë"]
    with new_box.app_context():  # she can sign in on the box tomorrow, offline
        amina = db.session.scalar(select(User).where(User.login == "amina"))
        assert amina.active and amina.password_hash == central_hash
        assert site_id("CAL") in {m.site_id for m in amina.memberships}
        db.session.remove()


def test_it_refuses_a_late_fill_request_that_is_not_a_list_of_people(app, central, box):
    with app.app_context():
        token = boxes.enrol_box("CAL-1", ["CAL"])
    assert _post(central, "/hello", {"public_key": _public(box)}, "CAL-1", token)[0] == 200
    assert _post(central, "/fill", {"people": "everyone"}, "CAL-1", token) == (
        400, {"error": "refused-400"})
    other = str(uuid.uuid4())  # someone the box may not hold: nothing, not an error
    status, answer = _post(central, "/fill", {"people": [other]}, "CAL-1", token)
    assert status == 200 and answer["operations"] == [] and answer["people"] == 0


def test_it_asks_again_for_someone_whose_late_fill_was_cut(app, central, new_box,
                                                           monkeypatch):
    person_id = clinic.register(app, "amina", "Diallo", "Mariam", 2007, "GN", None,
                                site="PAN")
    join(app, new_box)
    sync(new_box)
    days_later(app, new_box)
    _transfer_to_calais(app, person_id)

    def cut(*_args, **_kwargs):  # the mobile link drops between the pull and the late fill
        raise link.LinkError("unreachable")

    with monkeypatch.context() as during_the_cut:
        during_the_cut.setattr(link, "fill_people", cut)
        with pytest.raises(link.LinkError):
            sync(new_box)
    assert _people_here(new_box, person_id) == 0
    days_later(app, new_box)  # the next sync, days later: the pull cursor is past her

    assert sync(new_box).fill_people == 1  # the next sync asks again, from the log
    assert _people_here(new_box, person_id) == 1


def _people_here(box, person_id) -> int:
    with box.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(Person)
                                     .where(Person.id == person_id))
        finally:
            db.session.remove()
