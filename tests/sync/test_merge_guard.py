"""A record with a box's change waiting for a choice is not merged until it is settled:
the conflict's values are sealed for that person, and the operation log keeps saying what
happened to each record as it happened."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from caseflow.extensions import db
from caseflow.models.person import Person
from caseflow.models.sync_conflict import BOX
from caseflow.services import ServiceError
from caseflow.services.intake.duplicates import merge
from caseflow.sync.conflicts import open_conflicts, resolve_conflict
from tests.support.records import user
from tests.sync.clinic import clinic_day, edit_identity, register


def test_it_merges_only_once_the_boxs_conflicting_change_is_settled(central, box, sync):
    person_id = next(iter(clinic_day(box)))
    sync.push()
    edit_identity(box, "hugo", person_id, phone="+33 7 00 00 00 11")
    edit_identity(central, "claire", person_id, phone="+33 7 00 00 00 22")
    assert sync.push().conflicts == 1
    twin = register(central, "hugo", "Tesfay", "Haile", 1991, "ER", None)

    with central.app_context():
        with force_locale("en"):
            with pytest.raises(ServiceError) as refused:
                merge(user("claire"), db.session.get(Person, person_id),
                      db.session.get(Person, twin), "même personne, vue à Calais")
            assert "waiting for a choice" in str(refused.value.message)
        db.session.rollback()
        assert db.session.get(Person, twin) is not None
        resolve_conflict(db.session, open_conflicts(db.session, person_id)[0], BOX,
                         user("claire"))
    with central.app_context():
        merge(user("claire"), db.session.get(Person, person_id),
              db.session.get(Person, twin), "même personne, vue à Calais")
        assert db.session.get(Person, person_id).phone == "+33 7 00 00 00 11"
