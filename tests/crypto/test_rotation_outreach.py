"""Rotation covers every sealed secret, outreach session keys included: read as sentences.

"Charlie records a session at the quay with one contact. The KEK moves on; while the
session's key is still sealed under version 1, retiring version 1 is refused. rotate-keys
reseals it, version 1 is retired, and the session and its contact still read back."
"key-status counts the session keys." "A purpose nobody registered cannot be sealed."
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import LargeBinary, select

from caseflow.crypto import CryptoError, current_keystore, kek_usage, retire_kek, rotate_keks
from caseflow.crypto.rotation import sealed_usage
from caseflow.crypto.sealed import OUTREACH_SESSION_KEY, SEALED_COLUMNS, TRANSIENT_PURPOSES
from caseflow.crypto.secrets import encrypt_secret, secret_kek_version
from caseflow.extensions import db
from caseflow.models import Person
from caseflow.models.base import Base
from caseflow.models.outreach import OutreachContact, OutreachSession
from caseflow.services.outreach import sessions
from tests.crypto.conftest import add_people
from tests.outreach.conftest import make_contact, make_place, make_session
from tests.support.records import user

pytestmark = pytest.mark.time_machine(datetime(2026, 12, 1, 10, tzinfo=UTC))

SESSION_KEYS = OUTREACH_SESSION_KEY.name
CONTACT = {"declared_name": "Abdelrahman Idris", "complaint": "itching for three weeks",
           "treatment": "permethrin 5% given",
           "protection_concern": "says his brother is held in Bani Walid"}


def outreach_session() -> tuple:
    """A session at the quay by Charlie (team and access note encrypted), with one contact."""
    session_id = make_session(make_place(), team="Charlie, Mariam")
    found = sessions.session_for(user("charlie"), session_id)
    found.access_note = "the guard asked for the list of names"
    db.session.commit()
    contact_id = make_contact(session_id, 1, **CONTACT).id
    db.session.remove()
    return session_id, contact_id


def read_back(session_id, contact_id) -> tuple:
    """The encrypted fields, read as a new request would (an empty key cache)."""
    db.session.remove()
    found = sessions.session_for(user("claire"), session_id)
    contact = db.session.get(OutreachContact, contact_id)
    values = (found.team, found.access_note,
              {name: getattr(contact, name) for name in CONTACT})
    db.session.remove()
    return values


EXPECTED = ("Charlie, Mariam", "the guard asked for the list of names", CONTACT)


def session_key_version(session_id) -> int:
    return secret_kek_version(db.session.scalar(
        select(OutreachSession.sealed_key).where(OutreachSession.id == session_id)))


def test_it_refuses_to_retire_a_kek_that_still_seals_a_session_key_until_rotated(
        app, own_keys, ctx):
    session_id, contact_id = outreach_session()
    assert sealed_usage(db.session)[SESSION_KEYS] == {1: 1}
    before = kek_usage(db.session).get(1, 0)
    assert before >= 1  # the session key counts, with whatever else version 1 holds
    current_keystore().add_kek_version()  # a rotation that forgot the session keys
    assert read_back(session_id, contact_id) == EXPECTED
    with pytest.raises(CryptoError, match=r"KEK version 1 still wraps 0 data keys and seals "
                                          r"1 secrets \(outreach_session.sealed_key: 1\)"):
        retire_kek(db.session, 1)
    assert (own_keys / "kek-v1.key").exists()

    report = rotate_keks(db.session, batch_size=1)  # resumes: no version 3
    assert (report.version, report.created_version) == (2, False)
    assert report.resealed[SESSION_KEYS] == 1
    assert not (own_keys / "kek-v3.key").exists()
    assert session_key_version(session_id) == 2
    assert sealed_usage(db.session)[SESSION_KEYS] == {2: 1}
    assert kek_usage(db.session) == {2: before}
    assert retire_kek(db.session, 1) is True
    assert not (own_keys / "kek-v1.key").exists()
    assert read_back(session_id, contact_id) == EXPECTED


def test_it_rotates_people_and_sessions_together(app, own_keys, ctx):
    ids = [p.id for p in add_people().values()]
    session_id, contact_id = outreach_session()
    other_id = make_session(make_place(name="Zuwara, quay 1"), team="Charlie alone")
    db.session.remove()
    assert kek_usage(db.session) == {1: 4 + 2}
    report = rotate_keks(db.session, batch_size=1)
    assert (report.version, report.created_version, report.rewrapped) == (2, True, 4)
    assert report.resealed[SESSION_KEYS] == 2
    assert kek_usage(db.session) == {2: 6}
    assert rotate_keks(db.session, new_version=False).resealed[SESSION_KEYS] == 0
    retire_kek(db.session, 1)
    assert read_back(session_id, contact_id) == EXPECTED
    assert sessions.session_for(user("charlie"), other_id).team == "Charlie alone"
    db.session.remove()
    assert db.session.get(Person, ids[0]).family_name == "Kouyaté"


def test_it_leaves_a_session_key_on_the_old_version_to_the_run_that_resumes(app, own_keys,
                                                                             ctx):
    add_people()
    session_id, contact_id = outreach_session()
    rotate_keks(db.session, batch_size=1, max_batches=2)  # "crash" among the data keys
    assert session_key_version(session_id) == 1
    with pytest.raises(CryptoError, match="still wraps 2 data keys and seals 1 secrets"):
        retire_kek(db.session, 1)
    report = rotate_keks(db.session, batch_size=1)
    assert (report.version, report.created_version, report.rewrapped) == (2, False, 2)
    assert report.resealed[SESSION_KEYS] == 1
    retire_kek(db.session, 1)
    assert read_back(session_id, contact_id) == EXPECTED


def test_it_counts_rotates_and_retires_session_keys_from_the_command_line(app, runner,
                                                                          own_keys):
    with app.app_context():
        session_id, contact_id = outreach_session()
        current_keystore().add_kek_version()
    status = runner.invoke(args=["key-status"])
    assert "KEK v1: 0 data keys; sealed secrets: " in status.output
    assert "outreach_session.sealed_key 1" in status.output.splitlines()[0]
    refused = runner.invoke(args=["retire-kek", "1"])
    assert refused.exit_code != 0 and "outreach_session.sealed_key: 1" in refused.output
    rotated = runner.invoke(args=["rotate-keys"])
    assert rotated.exit_code == 0, rotated.output
    assert "1 sealed secrets resealed in outreach_session.sealed_key." in rotated.output
    status = runner.invoke(args=["key-status"])
    assert "outreach_session.sealed_key 1" in status.output.splitlines()[1]  # v2 (current)
    retired = runner.invoke(args=["retire-kek", "1"])
    assert retired.exit_code == 0 and "retired" in retired.output, retired.output
    assert "Abdelrahman" not in status.output + rotated.output + refused.output
    with app.app_context():
        assert read_back(session_id, contact_id) == EXPECTED


@pytest.mark.parametrize("sealed", SEALED_COLUMNS, ids=lambda c: c.name)
def test_it_names_sealed_columns_the_models_declare(sealed):
    declared = Base.metadata.tables[sealed.table]
    assert isinstance(declared.c[sealed.column].type, LargeBinary)
    assert type(declared.c[sealed.key].type) is sealed.key_type
    assert declared.c[sealed.key].primary_key


def test_it_refuses_to_seal_under_a_purpose_nobody_registered(app, ctx):
    with pytest.raises(CryptoError, match=r"caseflow\.crypto\.sealed"):
        encrypt_secret(b"x", purpose="new_feature_key", context="new_feature.key|1")
    for purpose in {c.purpose for c in SEALED_COLUMNS} | TRANSIENT_PURPOSES:
        assert secret_kek_version(encrypt_secret(b"x", purpose=purpose, context="t|1")) == 1
