"""Rotation, retirement and crypto-shredding, through the services and the CLI."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseflow.crypto import (
    CryptoError,
    ShreddedError,
    find_person_ids,
    kek_usage,
    retire_kek,
    rotate_keks,
    shred_person,
    sign,
    verify_signature,
)
from caseflow.extensions import db
from caseflow.models import Person, PersonKey, PersonSearchToken
from tests.crypto.conftest import add_people


def names(ids) -> list[str]:
    db.session.remove()
    return [db.session.get(Person, i).family_name for i in ids]


def test_it_rotates_every_data_key_and_keeps_everything_readable(app, own_keys, ctx):
    ids = [p.id for p in add_people().values()]
    before = {k.person_id: k.wrapped for k in db.session.scalars(select(PersonKey))}
    report = rotate_keks(db.session, batch_size=3)
    assert (report.version, report.created_version, report.rewrapped) == (2, True, 4)
    assert kek_usage(db.session) == {2: 4}
    after = {k.person_id: k.wrapped for k in db.session.scalars(select(PersonKey))}
    assert all(before[i] != after[i] for i in ids)
    assert names(ids) == ["Kouyaté", "Mohamed", "Haile", "Nourzai"]
    assert retire_kek(db.session, 1) is True
    assert not (own_keys / "kek-v1.key").exists()
    assert names(ids) == ["Kouyaté", "Mohamed", "Haile", "Nourzai"]
    new = Person(family_name="Sissoko")
    db.session.add(new)
    db.session.commit()
    assert db.session.get(PersonKey, new.id).kek_version == 2


def test_it_resumes_an_interrupted_rotation(app, own_keys, ctx):
    ids = [p.id for p in add_people().values()]
    rotate_keks(db.session, batch_size=1, max_batches=2)  # "crash" after two batches
    assert kek_usage(db.session) == {1: 2, 2: 2}
    with pytest.raises(CryptoError, match="KEK version 1 still wraps 2 data keys"):
        retire_kek(db.session, 1)
    assert (own_keys / "kek-v1.key").exists()
    report = rotate_keks(db.session, batch_size=1)
    assert (report.version, report.created_version, report.rewrapped) == (2, False, 2)
    assert not (own_keys / "kek-v3.key").exists()
    retire_kek(db.session, 1)
    assert names(ids)[0] == "Kouyaté"


def test_it_refuses_to_retire_the_current_kek(app, ctx):
    add_people()
    with pytest.raises(CryptoError, match="current"):
        retire_kek(db.session, 1)


def test_it_rotates_and_retires_from_the_command_line(app, runner, own_keys):
    with app.app_context():
        add_people()
        db.session.remove()
    refused = runner.invoke(args=["retire-kek", "1"])
    assert refused.exit_code != 0 and "current" in refused.output
    result = runner.invoke(args=["rotate-keys", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "rewrapped 4/4 data keys" in result.output
    assert "KEK version 2 created" in result.output
    status = runner.invoke(args=["key-status"])
    assert "KEK v2 (current): 4 data keys" in status.output
    assert "KEK v1: 0 data keys" in status.output
    retired = runner.invoke(args=["retire-kek", "1"])
    assert retired.exit_code == 0 and "retired" in retired.output
    with app.app_context():
        assert {p.family_name for p in db.session.scalars(select(Person))} >= {"Kouyaté"}
        db.session.remove()


def test_it_shreds_one_person_and_leaves_the_others_intact(app, ctx):
    people = add_people()
    gone, kept = people["Kouyaté"].id, people["Haile"].id
    assert shred_person(db.session, gone) is True
    db.session.commit()
    db.session.remove()
    victim = db.session.get(Person, gone)
    assert victim is not None and victim.code  # the pseudonymous row stays for statistics
    for field in ("family_name", "given_names", "aliases", "phone", "birth_date",
                  "contact_notes"):
        with pytest.raises(ShreddedError):
            getattr(victim, field)
    assert db.session.get(Person, kept).family_name == "Haile"
    assert find_person_ids(db.session, "Kouyate") == []
    assert find_person_ids(db.session, "06 12 34 56 78") == []
    assert db.session.scalar(select(func.count()).select_from(PersonSearchToken)
                             .where(PersonSearchToken.person_id == gone)) == 0


def test_it_forgets_plaintext_already_loaded_when_shredding(app, ctx):
    person = add_people()["Kouyaté"]
    assert person.family_name == "Kouyaté"
    shred_person(db.session, person.id)
    with pytest.raises(ShreddedError):
        _ = person.family_name


def test_it_removes_key_and_tokens_when_a_person_row_is_deleted(app, ctx):
    person = add_people()["Haile"]
    db.session.delete(person)
    db.session.commit()
    assert db.session.get(PersonKey, person.id) is None
    assert db.session.scalar(select(func.count()).select_from(PersonSearchToken)
                             .where(PersonSearchToken.person_id == person.id)) == 0


def test_it_signs_and_verifies_certificates(app, ctx):
    signature = sign(b"certificate 2024-0001")
    assert verify_signature(b"certificate 2024-0001", signature)
    assert not verify_signature(b"certificate 2024-0002", signature)
