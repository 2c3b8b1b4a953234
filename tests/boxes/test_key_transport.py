"""Data keys sealed from one server to another (central → clinic box and back).

Two real servers with their own keys: the suite's app ("central") and a box app on its own
SQLite file and key directory. A person's row copied verbatim (the same ciphertexts) reads
on the box once central has sealed their data key to the box's transport key."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import insert, select

from caseflow import crypto
from caseflow.crypto import DecryptionError, WrongKeyError, generate_keys, transport
from caseflow.extensions import db
from caseflow.models.keys import PersonKey
from caseflow.models.person import Person
from tests.support.app import make_app


def _public(app) -> bytes:
    with app.app_context():
        return crypto.transport_public_key()


def _row(app, person_id) -> dict:
    with app.app_context():
        return dict(db.session.execute(select(Person.__table__).where(
            Person.__table__.c.id == uuid.UUID(person_id))).mappings().one())


def _send(app, box, person_ids, recipient="CAL-1"):
    with app.app_context():
        return crypto.export_person_keys(db.session, [uuid.UUID(p) for p in person_ids],
                                         sender="central", recipient=recipient,
                                         recipient_public=_public(box))


def test_it_lets_a_box_read_the_same_ciphertexts_with_the_key_sealed_to_it(app, box, register):
    person_id = register("hugo", "CAL", "Haidari", "Shirin", phone="07 11 22 33 44")
    row = _row(app, person_id)
    sealed = _send(app, box, [person_id])
    with box.app_context():
        db.session.execute(insert(Person.__table__).values(**row))  # the row arrives first
        assert crypto.import_person_keys(db.session, sealed, sender="central",
                                         recipient="CAL-1") == 1
        db.session.commit()
        person = db.session.get(Person, uuid.UUID(person_id))
        assert (person.family_name, person.given_names, person.phone) == (
            "Haidari", "Shirin", "07 11 22 33 44")
        # Wrapped under the box's own KEK: the central server's key files open nothing here.
        key = db.session.get(PersonKey, uuid.UUID(person_id))
        assert key.kek_version == 1
        # The same key again is a no-op (a resumed sync).
        assert crypto.import_person_keys(db.session, sealed, sender="central",
                                         recipient="CAL-1") == 0


def test_it_opens_only_on_the_box_it_was_sealed_to_and_for_that_person(app, box, register,
                                                                         tmp_path):
    first = register("hugo", "CAL", "Haidari", "Shirin")
    second = register("hugo", "CAL", "Rahimi", "Nasir")
    rows = [_row(app, first), _row(app, second)]
    sealed = _send(app, box, [first, second])
    with box.app_context():
        db.session.execute(insert(Person.__table__), rows)
        with pytest.raises(DecryptionError):  # sealed for CAL-1, presented as for CAL-2
            crypto.import_person_keys(db.session, sealed, sender="central", recipient="CAL-2")
        swapped = {uuid.UUID(first): sealed[uuid.UUID(second)]}
        with pytest.raises(DecryptionError):  # Nasir's key presented as Shirin's
            crypto.import_person_keys(db.session, swapped, sender="central", recipient="CAL-1")
        db.session.rollback()
    other_keys = tmp_path / "other-box-keys"
    generate_keys(other_keys)
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite'}", other_keys)
    with other.app_context():
        db.create_all()
        with pytest.raises(DecryptionError):  # another box's transport key opens nothing
            crypto.import_person_keys(db.session, sealed, sender="central", recipient="CAL-1")
        db.session.remove()
        db.engine.dispose()


def test_it_refuses_a_second_key_for_a_person_already_held(app, box, register):
    person_id = register("hugo", "CAL", "Haidari", "Shirin")
    row = _row(app, person_id)
    sealed = _send(app, box, [person_id])
    with box.app_context():
        db.session.execute(insert(Person.__table__).values(**row))
        crypto.import_person_keys(db.session, sealed, sender="central", recipient="CAL-1")
        db.session.commit()
    # As if central had made her another key: sealed properly, but not the one the box holds.
    pid = uuid.UUID(person_id)
    forged = {pid: transport.seal_to(_public(box), b"\x00\x00\x00\x01" + os.urandom(32),
                                     transport._ad("central", "CAL-1", pid))}
    with box.app_context(), pytest.raises(WrongKeyError, match="another data key"):
        crypto.import_person_keys(db.session, forged, sender="central", recipient="CAL-1")


def test_it_sends_no_key_of_an_erased_person(app, box, register):
    kept = register("hugo", "CAL", "Haidari", "Shirin")
    erased = register("hugo", "CAL", "Rahimi", "Nasir")
    with app.app_context():
        crypto.shred_person(db.session, uuid.UUID(erased))
        db.session.commit()
    assert set(_send(app, box, [kept, erased])) == {uuid.UUID(kept)}
