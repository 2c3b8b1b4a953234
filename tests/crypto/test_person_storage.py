"""Person fields through the database: plain values for code, ciphertext on disk."""

from __future__ import annotations

import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text, update
from sqlalchemy.engine import make_url

from caseflow.crypto.errors import DecryptionError, MissingKeyError, WrongKeyError
from caseflow.extensions import db
from caseflow.models import Person
from tests.crypto.conftest import PEOPLE, add_people

SECRETS = [s for row in PEOPLE for s in (row[0], row[1], row[5])] + [
    "0612345678", "612345678", "622123456", "Abdul Rahman", "Kouyate", "2007-03-01"]


def reload(app, person_id: uuid.UUID) -> Person:
    """Read back in a fresh context, as the next request would (no cache)."""
    db.session.remove()
    return db.session.get(Person, person_id)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    family=st.text(max_size=300),
    aliases=st.lists(st.text(max_size=50), max_size=5),
    notes=st.text(max_size=20_000),
    birth=st.none() | st.dates(),
)
def test_it_round_trips_person_fields_through_the_database(app, family, aliases, notes, birth):
    with app.app_context():
        person = Person(family_name=family, aliases=aliases, contact_notes=notes)
        person.birth_date = birth
        db.session.add(person)
        db.session.commit()
        again = reload(app, person.id)
        assert (again.family_name, again.aliases, again.contact_notes, again.birth_date) == (
            family, aliases, notes, birth)
        assert again.given_names is None
        db.session.remove()


def test_it_keeps_none_and_empty_apart(app, ctx):
    person = Person(family_name="", given_names=None, aliases=[])
    db.session.add(person)
    db.session.commit()
    again = reload(app, person.id)
    assert again.family_name == ""
    assert again.given_names is None
    assert again.aliases == []


def test_it_accepts_fields_given_before_the_person_id_is_known(app, ctx):
    person = Person(family_name="Traoré")
    person.contact_notes = "dépôt"
    db.session.add(person)
    db.session.commit()
    assert reload(app, person.id).family_name == "Traoré"


def test_it_refuses_wrong_types(app, ctx):
    person = Person()
    with pytest.raises(TypeError):
        person.family_name = 42
    with pytest.raises(TypeError):
        person.birth_date = "2007-03-01"


def test_it_shows_no_name_in_repr(app, ctx):
    person = add_people()["Kouyaté"]
    assert "Kouyaté" not in repr(person) and "Fatoumata" not in repr(person)
    assert person.code in repr(person)


def test_it_fails_when_a_ciphertext_is_moved_to_another_row(app, ctx):
    people = add_people()
    amina, tesfaye = people["Kouyaté"], people["Haile"]
    stolen = db.session.execute(
        text("SELECT family_name FROM person WHERE id = :id"),
        {"id": Person.__table__.c.id.type.bind_processor(db.engine.dialect)(amina.id)
         if db.engine.dialect.name == "sqlite" else amina.id},
    ).scalar_one()
    db.session.execute(update(Person).where(Person.id == tesfaye.id)
                       .values({Person._family_name_sealed: stolen}))
    db.session.commit()
    with pytest.raises(DecryptionError) as error:
        _ = reload(app, tesfaye.id).family_name
    assert "Kouyaté" not in str(error.value)


def test_it_fails_when_a_ciphertext_is_moved_to_another_column(app, ctx):
    amina = add_people()["Kouyaté"]
    db.session.execute(update(Person).where(Person.id == amina.id)
                       .values({Person._given_names_sealed: Person._family_name_sealed}))
    db.session.commit()
    with pytest.raises(DecryptionError):
        _ = reload(app, amina.id).given_names


def test_it_fails_when_a_byte_is_flipped_in_the_database(app, ctx):
    amina = add_people()["Kouyaté"]
    blob = bytearray(db.session.scalar(select(Person._phone_sealed).where(Person.id == amina.id)))
    blob[-1] ^= 0x01
    db.session.execute(update(Person).where(Person.id == amina.id)
                       .values({Person._phone_sealed: bytes(blob)}))
    db.session.commit()
    with pytest.raises(DecryptionError):
        _ = reload(app, amina.id).phone
    assert reload(app, amina.id).family_name == "Kouyaté"


def test_it_fails_clearly_with_a_wrong_kek(app, own_keys):
    with app.app_context():
        amina_id = add_people()["Kouyaté"].id
        db.session.remove()
    from caseflow.crypto.keystore import _write_new_key

    (own_keys / "kek-v1.key").unlink()
    _write_new_key(own_keys / "kek-v1.key")
    with app.app_context():
        app.extensions["caseflow.crypto"].keystore._keks.clear()
        person = db.session.get(Person, amina_id)
        with pytest.raises(WrongKeyError, match="KEK version 1") as error:
            _ = person.family_name
        assert "Kouyaté" not in str(error.value)
        db.session.remove()


def test_it_fails_clearly_with_a_missing_kek(app, own_keys):
    with app.app_context():
        amina_id = add_people()["Kouyaté"].id
        db.session.remove()
    (own_keys / "kek-v1.key").unlink()
    with app.app_context():
        app.extensions["caseflow.crypto"].keystore._keks.clear()
        with pytest.raises(MissingKeyError, match="KEK version 1"):
            _ = db.session.get(Person, amina_id).family_name
        db.session.remove()


def test_it_leaves_no_name_phone_or_note_in_the_stored_database(app, ctx, backend, tmp_path):
    add_people()
    db.session.remove()
    db.engine.dispose()
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if backend == "sqlite":
        raw = Path(url.database).read_bytes()
    else:
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        raw = subprocess.run(["/usr/bin/pg_dump", "--data-only", libpq], check=True,
                             capture_output=True).stdout
        assert b"COPY public.person " in raw  # the dump does hold the table
    for secret in SECRETS:
        for form in {secret, secret.lower(), secret.upper()}:
            assert form.encode() not in raw, "a plaintext reached the database"
            assert form.encode("utf-16-le") not in raw
    assert len(raw) > 1000


def test_it_caches_data_keys_for_one_context_only(app):
    from caseflow.crypto.setup import dek_cache

    with app.app_context():
        person = add_people()["Kouyaté"]
        assert person.id in dek_cache()
    with app.app_context():
        assert dek_cache() == {}
        assert db.session.get(Person, person.id).family_name == "Kouyaté"
        db.session.remove()


def test_it_binds_clear_statistics_to_the_declared_birth_date(app, ctx):
    person = Person()
    person.set_birth_date(date(2007, 5, 1), "month", "judicial_decision")
    assert (person.birth_year, person.birth_date_precision) == (2007, "month")
    person.set_birth_date(None, "unknown")
    assert person.birth_year is None and person.birth_date is None


def test_it_wipes_data_keys_that_rows_kept_when_the_request_ends(app):
    from caseflow.crypto.fields import KEY_REF

    with app.app_context():
        person_id = add_people()["Kouyaté"].id
        db.session.remove()
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert person.family_name == "Kouyaté"
        kept = person.__dict__[KEY_REF]
        assert kept.cipher is not None
        db.session.remove()
    assert kept.cipher is None  # the row outlived its request; its key did not
    with app.app_context():
        assert person.given_names == "Fatoumata"  # a later request fetches the key again
        db.session.remove()


def test_it_decrypts_only_the_fields_that_are_read(app):
    with app.app_context():
        person_id = add_people()["Mohamed"].id
        db.session.remove()
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert person.family_name == "Mohamed"
        plain = {k for k in person.__dict__ if k.startswith("_caseflow_plain_")
                 and not k.startswith("_caseflow_plain_src_")}
        assert plain == {"_caseflow_plain_family_name"}
        db.session.remove()
