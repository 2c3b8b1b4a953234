"""Certificates between a clinic box and central: one issued offline arrives whole and
verifies centrally with the box's key; a revocation made centrally reaches the box; a box
receives only the certificates its team may read; a day of certificates (each a PDF)
travels in as many pushes as it takes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from caseflow import crypto
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.certificate import Certificate, CertificateStatus
from caseflow.models.sync_operation import LOCAL, SyncOperation
from caseflow.services.documents import certificate_register, certificates
from caseflow.sync import exchange, review
from caseflow.sync.recording import acting_as
from tests.boxes.helpers import count, days_later, give_rpps, join, sync
from tests.boxes.test_boxes import _post
from tests.support.certificates import BASE_URL, asked, draft_input
from tests.support.records import person, site_id, user
from tests.sync import clinic


@dataclass(frozen=True)
class Issued:
    id: uuid.UUID
    serial: str
    code: str


def _issue(app, person_id) -> Issued:
    """Hugo attests the person's follow-up."""
    with app.app_context():
        hugo = user("hugo")
        with acting_as(hugo.id):
            draft = certificates.create_draft(
                hugo, person(person_id), draft_input("follow_up_attestation", site="CAL"),
                asked())
            issued = certificates.issue(hugo, person(person_id), draft, draft.version,
                                        BASE_URL)
        made = Issued(issued.id, issued.serial, issued.code)
        db.session.remove()
        return made


def _status(app, serial: str) -> CertificateStatus:
    with app.app_context():
        try:
            return db.session.scalar(select(Certificate.status)
                                     .where(Certificate.serial == serial))
        finally:
            db.session.remove()


@pytest.fixture
def ready(app, central, box):
    """The box joined, Hugo with his RPPS number on both sides, the morning's sync done (the
    box's certificate numbers)."""
    join(app, box)
    give_rpps(app, box)
    sync(box)
    return box


def _issued_offline(box) -> tuple:
    """Tesfay registered on the box and attested by Hugo, offline: (person id, Issued)."""
    person_id = clinic.register(box, "hugo", "Tesfay", "Haile", 1991, "ER", None)
    return person_id, _issue(box, person_id)


def test_it_brings_a_revocation_made_centrally_to_the_box(app, ready):
    box = ready
    person_id, issued = _issued_offline(box)
    sync(box)
    with app.app_context():  # back at the office, Hugo revokes it: a wrong date
        hugo, stored = user("hugo"), db.session.get(Certificate, issued.id)
        with acting_as(hugo.id):
            certificates.revoke(hugo, person(person_id), stored, "Mauvaise date de suivi",
                                stored.version)
        db.session.remove()

    sync(box)

    assert _status(box, issued.serial) is CertificateStatus.REVOKED
    with box.app_context():  # and the box's own register says so
        assert certificate_register.verify(issued.serial, issued.code).status == "revoked"
        db.session.remove()


def test_it_refuses_a_box_that_presents_another_signing_key(app, central, box):
    join(app, box)
    with box.app_context():
        transport = crypto.transport_public_key()
        db.session.remove()
    import base64

    with app.app_context():
        from caseflow.services import boxes

        token = boxes.enrol_box("CAL-2", ["CAL"])
    keys = {"public_key": base64.b64encode(transport).decode(),
            "signing_key": base64.b64encode(bytes(32)).decode()}
    assert _post(central, "/hello", keys, "CAL-2", token)[0] == 200  # pinned at first contact
    other = {**keys, "signing_key": base64.b64encode(b"\x01" * 32).decode()}
    assert _post(central, "/hello", other, "CAL-2", token) == (401, {"error": "other-key"})


def _row(person_id, author: str, template: str, discipline: Discipline,
         status: CertificateStatus) -> Certificate:
    """A certificate as the register holds it (only what the box's rule reads matters)."""
    return Certificate(id=uuid.uuid4(), person_id=uuid.UUID(str(person_id)),
                       site_id=site_id("CAL"), author_id=user(author).id, template=template,
                       discipline=discipline, language="fr", status=status,
                       handover_mode="in_hand")


def test_it_sends_a_box_only_the_certificates_its_team_may_read(app, central, new_box):
    person_id = clinic.register(app, "hugo", "Nguyen", "Linh", 1999, "VN", None)
    issued, draft = CertificateStatus.ISSUED, CertificateStatus.DRAFT
    medical, mental = Discipline.MEDICAL, Discipline.MENTAL_HEALTH
    with app.app_context():
        rows = {
            "another author's draft": _row(person_id, "amina", "minority_recourse", medical,
                                           draft),
            "mental health, nobody on the box": _row(person_id, "yasmine",
                                                     "psychological_attestation", mental,
                                                     issued),
            "medical, issued": _row(person_id, "amina", "minority_recourse", medical, issued),
            "open to the team": _row(person_id, "yasmine", "follow_up_attestation", mental,
                                     issued),
            "Hugo's own draft": _row(person_id, "hugo", "follow_up_attestation", medical,
                                     draft),
        }
        db.session.add_all(rows.values())
        db.session.commit()
        ids = {name: row.id for name, row in rows.items()}
        db.session.remove()
    join(app, new_box)

    sync(new_box)  # the fill

    with new_box.app_context():
        held = set(db.session.scalars(select(Certificate.id)))
        db.session.remove()
    assert held == {ids["medical, issued"], ids["open to the team"], ids["Hugo's own draft"]}

    with app.app_context():  # later, centrally: one more of each kind the box may not read
        later = [_row(person_id, "yasmine", "psychological_attestation", mental, issued),
                 _row(person_id, "amina", "minority_recourse", medical, issued)]
        db.session.add_all(later)
        db.session.commit()
        later_ids = [row.id for row in later]
        db.session.remove()
    sync(new_box)  # the pull
    with new_box.app_context():
        assert set(db.session.scalars(select(Certificate.id))) - held == {later_ids[1]}
        db.session.remove()

    days_later(app, new_box)  # in the afternoon, Dr Diallo issues the draft it never had
    with app.app_context():
        withheld = db.session.get(Certificate, ids["another author's draft"])
        withheld.status = issued
        withheld.version += 1
        db.session.commit()
        db.session.remove()
    sync(new_box)
    with new_box.app_context():
        arrived = db.session.get(Certificate, ids["another author's draft"])
        assert arrived is not None and arrived.status is issued
        db.session.remove()


def test_it_pushes_a_day_of_certificates_in_as_many_batches_as_it_takes(
        app, ready, monkeypatch):
    box = ready
    people = [clinic.register(box, "hugo", f"Famille{i}", "Amir", 2008, "AF", None)
              for i in range(3)]
    serials = [_issue(box, p).serial for p in people]
    monkeypatch.setattr(exchange, "BATCH_BYTES", 1)  # every operation alone

    report = sync(box)

    assert report.pushed >= 3 * 4  # each person, their consents, their certificate
    assert count(app, Certificate, Certificate.serial.in_(serials)) == 3
    assert all(_status(app, s) is CertificateStatus.ISSUED for s in serials)


def _tamper(box, change) -> None:
    """Someone with the box's database rewrites its waiting certificate operations."""
    with box.app_context():
        for op in db.session.scalars(select(SyncOperation).where(
                SyncOperation.table_name == "certificate", SyncOperation.state == LOCAL)):
            payload = dict(op.payload)
            change(op, payload)
            op.payload = payload
        db.session.commit()
        db.session.remove()


def _refused(app, row_id) -> list[str]:
    with app.app_context():
        try:
            return [op.kind for op in db.session.scalars(select(SyncOperation).where(
                SyncOperation.row_id == row_id,
                SyncOperation.review_reason == review.CERTIFICATE_REFUSED))]
        finally:
            db.session.remove()


def test_it_keeps_out_of_the_register_a_certificate_moved_to_another_site(app, ready):
    box = ready
    _, issued = _issued_offline(box)

    def to_pantin(op, payload):
        if op.kind == "insert":
            payload["site_id"] = site_id("PAN")

    _tamper(box, to_pantin)
    sync(box)

    assert _refused(app, issued.id) == ["insert"]
    with app.app_context():
        assert db.session.get(Certificate, issued.id) is None
        assert certificate_register.verify(issued.serial, issued.code).status == "unknown"
        db.session.remove()


def test_it_refuses_an_issue_whose_signature_is_not_the_boxs_own(app, ready):
    box = ready
    _, issued = _issued_offline(box)
    forged = "CAL-2026-09999"  # a number central never reserved for this box

    def renumber(op, payload):
        if op.kind == "update" and "serial" in payload:
            payload["serial"] = [None, forged]
            payload["number"] = [None, 9999]

    _tamper(box, renumber)
    sync(box)

    assert _refused(app, issued.id) == ["update"]
    with app.app_context():
        stored = db.session.get(Certificate, issued.id)
        assert stored.status is CertificateStatus.DRAFT and stored.serial is None
        db.session.remove()


def test_it_refuses_a_revoked_certificate_made_valid_again_on_a_box(app, ready):
    box = ready
    person_id, issued = _issued_offline(box)
    sync(box)
    with app.app_context():
        hugo, stored = user("hugo"), db.session.get(Certificate, issued.id)
        with acting_as(hugo.id):
            certificates.revoke(hugo, person(person_id), stored, "Erreur de date",
                                stored.version)
        db.session.remove()
    sync(box)
    with box.app_context():  # on the taken laptop, someone writes the row back to valid
        with acting_as(user("hugo").id):
            row = db.session.get(Certificate, issued.id)
            row.status, row.ended_at, row.version = CertificateStatus.ISSUED, None, 9
            db.session.commit()
        db.session.remove()

    sync(box)

    assert _refused(app, issued.id) == ["update"]
    assert _status(app, issued.serial) is CertificateStatus.REVOKED
    with app.app_context():
        assert certificate_register.verify(issued.serial, issued.code).status == "revoked"
        db.session.remove()
