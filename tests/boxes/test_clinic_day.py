"""The issue's scripted clinic day on a box with the network cut, then one sync over HTTP:
20 new people with their consents, 60 consultations, 20 appointments and a certificate.
Everything arrives once, readable with central's own keys; the certificate, signed with
the box's key, verifies on central's public page; a second sync changes nothing. And what
happens to work whose author lost access while the box was offline: it arrives, flagged
for review, never dropped."""

from __future__ import annotations

from sqlalchemy import delete, select

from caseflow import crypto
from caseflow.extensions import db
from caseflow.models.appointment import Appointment
from caseflow.models.certificate import Certificate
from caseflow.models.consent import Consent
from caseflow.models.duplicate import PossibleDuplicate
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.sync_operation import SyncOperation
from caseflow.models.user import SiteMembership
from caseflow.services.documents import certificate_register, certificates
from caseflow.sync import link
from caseflow.sync.recording import acting_as
from tests.boxes.helpers import count, give_rpps, join, sync
from tests.support.certificates import BASE_URL, asked, draft_input
from tests.support.records import person, user
from tests.sync import clinic

PEOPLE, CONSULTATIONS = 20, 60


def _issue_offline(box, person_id) -> tuple[str, str, bytes]:
    """Hugo, who has an RPPS number on this box as centrally, attests the person's follow-up;
    (serial, code, PDF) as handed over."""
    with box.app_context():
        hugo = user("hugo")
        with acting_as(hugo.id):
            certificate = certificates.create_draft(
                hugo, person(person_id), draft_input("follow_up_attestation", site="CAL"),
                asked())
            certificate = certificates.issue(hugo, person(person_id), certificate,
                                             certificate.version, BASE_URL)
        issued = certificate.serial, certificate.code, certificate.issued_pdf
        db.session.remove()
        return issued



def test_it_brings_a_whole_clinic_day_to_central_once(app, central, box):
    join(app, box)
    give_rpps(app, box)
    sync(box)  # in the morning, before leaving: its certificate numbers, its people
    with box.app_context():
        box_key = crypto.public_key_bytes()
        db.session.remove()
    people = [clinic.register(box, "hugo", f"Famille{i:02d}", f"Prénom{i:02d}",
                              1985 + i % 20, "ER", f"+33 6 12 34 {i:02d} 00")
              for i in range(PEOPLE)]
    texts = {}
    for n in range(CONSULTATIONS):
        person_id = people[n % PEOPLE]
        text = f"Consultation {n}: plaie du pied, pansement refait"
        clinic.note(box, "hugo", person_id, text)
        texts.setdefault(person_id, []).append(text)
    for person_id in people:
        clinic.appointment(box, "hugo", person_id, "Contrôle du pansement")
    serial, code, pdf = _issue_offline(box, people[0])
    assert serial.startswith("CAL-")
    before = {m: count(app, m) for m in (Person, Note, Appointment, Consent, Certificate)}
    with box.app_context():
        waiting = link.waiting(db.session)
        db.session.remove()

    report = sync(box)

    assert report.pushed == waiting
    assert count(app, Person) == before[Person] + PEOPLE
    assert count(app, Note) == before[Note] + CONSULTATIONS
    assert count(app, Appointment) == before[Appointment] + PEOPLE
    # Two each at registration, and the one the certificate was asked with.
    assert count(app, Consent) == before[Consent] + 2 * PEOPLE + 1
    assert count(app, Certificate) == before[Certificate] + 1
    with app.app_context():  # central's register answers for it, with the box's key
        answer = certificate_register.verify(serial, code)
        assert answer.status == "valid" and answer.signing_key == box_key
        assert answer.signing_key != crypto.public_key_bytes()
        assert certificate_register.verify_file(pdf)[1] == []
        stored = db.session.scalar(select(Certificate).where(Certificate.serial == serial))
        assert stored.issued_pdf == pdf  # opened with central's keys: the same file
        db.session.remove()
    page = app.test_client().get(f"/verify/{serial}?c={code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="box-signed"' in html and box_key.hex() in html
    with app.app_context():
        for person_id, written in texts.items():
            assert db.session.get(Person, person_id).family_name.startswith("Famille")
            assert sorted(n.text for n in db.session.scalars(
                select(Note).where(Note.person_id == person_id))) == sorted(written)
        db.session.remove()

    again = sync(box)
    assert again.pushed == 0
    assert count(app, Note) == before[Note] + CONSULTATIONS


def test_it_keeps_and_flags_the_work_of_someone_whose_access_ended_while_offline(
        app, central, box):
    join(app, box)
    person_id = clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    clinic.note(box, "hugo", person_id, "Pansement refait avant le départ de Hugo")
    with app.app_context():  # meanwhile, centrally, Hugo leaves the Calais team
        calais = db.session.scalar(select(Site.id).where(Site.code == "CAL"))
        db.session.execute(delete(SiteMembership).where(
            SiteMembership.user_id == user("hugo").id, SiteMembership.site_id == calais))
        db.session.commit()

    sync(box)

    with app.app_context():
        note = db.session.scalars(select(Note).where(Note.person_id == person_id)).one()
        assert note.text == "Pansement refait avant le départ de Hugo"  # never discarded
        flagged = db.session.scalars(select(SyncOperation).where(
            SyncOperation.row_id == note.id)).one()
        assert flagged.review_reason == "author_left_site"


def test_it_puts_the_same_person_registered_on_both_sides_in_the_coordinators_queue(
        app, central, box):
    join(app, box)
    on_box = clinic.register(box, "hugo", "Okonkwo", "Chidi", 1987, "NG", None)
    centrally = clinic.register(app, "hugo", "Okonkwo", "Chidi", 1987, "NG", None)

    sync(box)

    with app.app_context():
        pairs = db.session.scalars(select(PossibleDuplicate)).all()
        assert {frozenset((p.person_id, p.other_person_id)) for p in pairs} == {
            frozenset((on_box, centrally))}
        assert db.session.get(Person, on_box) is not None  # both kept: never merged silently
        assert db.session.get(Person, centrally) is not None
