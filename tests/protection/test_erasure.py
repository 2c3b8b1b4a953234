"""Erasure: nothing readable afterwards (raw rows, keys, search, pages), counts kept, one
audit event with the code and a coded reason; the page and the command line."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select, text

from caseflow.audit import Action
from caseflow.commands.erasure import register as register_cli
from caseflow.crypto import ShreddedError
from caseflow.crypto.envelope import data_key, forget
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentStatus
from caseflow.models.audit import AuditEvent
from caseflow.models.consent import Consent
from caseflow.models.enrolment import Enrolment
from caseflow.models.erasure import ErasureReason, PersonErasure
from caseflow.models.keys import PersonKey
from caseflow.models.note import Note
from caseflow.models.person import Person
from caseflow.models.referral import Referral
from caseflow.models.search_index import PersonSearchToken
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.intake.search import search_people
from caseflow.services.safeguards.erasure import erase_person
from tests.protection.conftest import (
    ADULT,
    ALIAS,
    APPOINTMENT_TEXT,
    DISCIPLINE_TEXT,
    FAMILY,
    GIVEN,
    PARTNER,
    PHONE,
    PRIVATE_TEXT,
    REFERRAL_REASON,
    TEAM_TEXT,
    full_record,  # noqa: F401 (fixture)
    note_ids,
)
from tests.support.records import person, set_last_contact, user
from tests.support.web import csrf_token_from

SECRETS = [FAMILY, GIVEN, ALIAS, "Kourouma", PHONE.replace(" ", ""), TEAM_TEXT, DISCIPLINE_TEXT,
           PRIVATE_TEXT, ADULT, APPOINTMENT_TEXT, REFERRAL_REASON, PARTNER]


def counts(pid) -> dict[str, int]:
    pid = uuid.UUID(str(pid))
    return {model.__tablename__: db.session.scalar(
        select(func.count()).select_from(model).where(model.person_id == pid))
        for model in (Note, Appointment, Referral, Consent, Enrolment)}


def raw_dump() -> str:
    """Every value of every table, as the database returns it (bytes decoded loosely)."""
    out = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()):
            for value in row:
                if isinstance(value, bytes | memoryview):
                    out.append(bytes(value).decode("utf-8", "replace"))
                else:
                    out.append(str(value))
    return "\n".join(out)


def erase_as_claire(pid, reason=ErasureReason.PERSON_REQUEST, typed=None):
    someone = person(pid)
    return erase_person(user("claire"), someone, reason=reason,
                        typed_code=typed if typed is not None else someone.code)


def test_it_leaves_nothing_readable_and_keeps_the_counts(app, full_record):  # noqa: F811
    pid = full_record
    with app.app_context():
        before = counts(pid)
        code = person(pid).code
        sealed = db.session.scalar(select(Note._text_sealed).where(
            Note.id == note_ids(pid)[0]))
        assert sealed is not None
        erase_as_claire(pid)
        db.session.remove()

    with app.app_context():
        person_uuid = uuid.UUID(pid)
        assert counts(pid) == before  # aggregates: every row stays
        assert db.session.get(PersonKey, person_uuid) is None
        assert db.session.scalar(select(func.count()).select_from(PersonSearchToken).where(
            PersonSearchToken.person_id == person_uuid)) == 0
        dump = raw_dump()
        for secret in SECRETS:
            assert secret not in dump
        someone = person(pid)
        assert someone.code == code
        assert (someone.family_name, someone.given_names, someone.aliases, someone.phone,
                someone.birth_date) == (None, None, None, None, None)
        # Nothing left that could single the person out, coded or not.
        assert (someone.birth_year, someone.nationality, someone.languages, someone.sex) == (
            None, None, [], "unknown")
        from caseflow.models.flag import VulnerabilityFlag
        assert db.session.scalar(select(func.count(VulnerabilityFlag.id)).where(
            VulnerabilityFlag.person_id == person_uuid)) == 0
        assert all(n.text is None and n.details is None for n in db.session.scalars(
            select(Note).where(Note.person_id == person_uuid)))
        assert {n.discipline.value for n in db.session.scalars(
            select(Note).where(Note.person_id == person_uuid))} == {"medical", "social"}
        # A copy of a ciphertext taken before (a backup) opens no more: the key is gone.
        forget(person_uuid)
        with pytest.raises(ShreddedError):
            data_key(db.session, person_uuid)
        # The record is closed: enrolments ended, planned appointments cancelled.
        assert all(e.ended_on is not None for e in db.session.scalars(
            select(Enrolment).where(Enrolment.person_id == person_uuid)))
        assert AppointmentStatus.SCHEDULED not in set(db.session.scalars(
            select(Appointment.status).where(Appointment.person_id == person_uuid)))
        assert search_people(user("claire"), FAMILY) == []
        assert search_people(user("amina"), f"{GIVEN} {FAMILY}") == []


def test_it_writes_one_audit_event_with_the_code_and_the_reason_category_only(app, register):
    pid = register("amina", "PAN", "Sylla", "Fanta", born=1995)
    with app.app_context():
        code = person(pid).code
        erase_as_claire(pid, ErasureReason.DUPLICATE)
        events = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == Action.ERASE.value)))
        assert len(events) == 1
        event = events[0]
        assert event.person_code == code and event.object_id is None
        assert event.details == {"reason_category": "duplicate"}
        assert event.actor_id == user("claire").id
        from caseflow.audit import verify_chain

        assert verify_chain().ok


def test_it_refuses_without_the_code_typed_again(app, register):
    pid = register("amina", "PAN", "Sylla", "Binta", born=1995)
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            erase_as_claire(pid, typed="AAA-AAA-AA")
        assert refused.value.field == "confirm_code"
        db.session.rollback()
        assert db.session.get(PersonErasure, uuid.UUID(pid)) is None
        assert person(pid).family_name == "Sylla"


def test_it_refuses_an_expired_reason_before_the_retention_date(app, register):
    pid = register("amina", "PAN", "Sylla", "Oumou", born=1995)
    with app.app_context():
        with pytest.raises(ServiceError) as refused:
            erase_as_claire(pid, ErasureReason.RETENTION_EXPIRED)
        assert refused.value.field == "reason_category"
        db.session.rollback()
        set_last_contact(pid, date(2001, 1, 1))
        erase_as_claire(pid, ErasureReason.RETENTION_EXPIRED)
        assert db.session.get(PersonErasure, uuid.UUID(pid)).reason_category == \
            ErasureReason.RETENTION_EXPIRED


def test_it_refuses_anyone_but_the_coordinator_and_a_second_erasure(app, register):
    pid = register("amina", "PAN", "Sylla", "Kadiatou", born=1995)
    with app.app_context():
        someone = person(pid)
        with pytest.raises(ServiceError):
            erase_person(user("amina"), someone, reason="other", typed_code=someone.code)
        db.session.rollback()
        erase_as_claire(pid)
        with pytest.raises(ServiceError):
            erase_as_claire(pid)


def test_it_detects_a_change_made_while_the_coordinator_reviewed(app, register):
    pid = register("amina", "PAN", "Sylla", "Mariama", born=1995)
    with app.app_context():
        someone = person(pid)
        seen = someone.version
        someone.phone = "+33 6 00 00 00 00"
        someone.version += 1
        db.session.commit()
        with pytest.raises(ConcurrentEditError):
            erase_person(user("claire"), person(pid), reason="other",
                         typed_code=person(pid).code, expected_version=seen)


# --- The page ---------------------------------------------------------------------------


def _erase_page(client, pid, **data):
    page = client.get(f"/people/{pid}/erase")
    assert page.status_code == 200
    version = page.text.split('name="version"')[1].split('value="')[1].split('"')[0]
    form = {"csrf_token": csrf_token_from(page.text), "version": version} | data
    return client.post(f"/people/{pid}/erase", data=form)


def test_it_erases_from_the_page_and_the_person_page_says_so(app, full_record,  # noqa: F811
                                                              as_user):
    pid = full_record
    with app.app_context():
        code = person(pid).code
    client = as_user("claire")
    refused = _erase_page(client, pid, reason_category="person_request",
                          confirm_code="ZZZ-ZZZ-ZZ")
    assert refused.status_code == 200 and "exactement tel qu’il est affiché" in refused.text
    done = _erase_page(client, pid, reason_category="person_request", confirm_code=code)
    assert done.status_code == 303
    page = client.get(f"/people/{pid}")
    assert page.status_code == 200
    assert 'data-testid="erased-on"' in page.text and code in page.text
    for secret in SECRETS:
        assert secret not in page.text
    assert client.get(f"/people/{pid}/erase").status_code == 410
    assert client.get(f"/people/{pid}/subject-access.pdf?lang=en").status_code == 410


def test_it_needs_the_csrf_token(app, register, as_user):
    pid = register("amina", "PAN", "Sylla", "Hawa", born=1995)
    with app.app_context():
        code = person(pid).code
    response = as_user("claire").post(f"/people/{pid}/erase", data={
        "reason_category": "other", "confirm_code": code})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(PersonErasure, uuid.UUID(pid)) is None


def test_it_closes_every_page_of_an_erased_record(app, full_record, as_user):  # noqa: F811
    pid = full_record
    with app.app_context():
        note_id = note_ids(pid)[0]
        code = person(pid).code
        erase_as_claire(pid)
    amina = as_user("amina")
    assert amina.get(f"/people/{pid}").status_code == 200
    assert amina.get(f"/people/{pid}/edit").status_code == 410
    assert amina.get(f"/notes/{note_id}").status_code == 410
    found = amina.get("/people/", query_string={"q": f"{GIVEN} {FAMILY}"},
                      follow_redirects=True)
    assert found.status_code == 200 and code not in found.text
    for listing in ("/follow-up/lost", "/appointments/", "/certificates/"):
        shown = amina.get(listing)
        assert shown.status_code == 200 and code not in shown.text
    # Out of scope: as unknown as ever.
    assert as_user("charlie").get(f"/people/{pid}").status_code == 404


@pytest.mark.parametrize("login,status", [("amina", 403), ("sara", 403), ("charlie", 403),
                                          ("omar", 403), ("admin", 403)])
def test_it_refuses_the_erasure_page_to_everyone_but_the_coordinator(app, register, as_user,
                                                                      login, status):
    pid = register("amina", "PAN", "Sylla", "Aminata", born=1995)
    assert as_user(login).get(f"/people/{pid}/erase").status_code == status


# --- The command line -------------------------------------------------------------------


@pytest.fixture
def cli(app, runner):
    register_cli(app)
    return runner


def test_it_erases_from_the_command_line_after_the_code_is_typed_again(app, register, cli):
    pid = register("amina", "PAN", "Sylla", "Djeneba", born=1995)
    with app.app_context():
        code = person(pid).code
    wrong = cli.invoke(args=["erase-person", code, "--reason-category", "person_request"],
                       input="XXX-XXX-XX\n")
    assert wrong.exit_code == 1
    with app.app_context():
        assert db.session.get(PersonErasure, uuid.UUID(pid)) is None
    done = cli.invoke(args=["erase-person", code, "--reason-category", "person_request",
                            "--by", "claire"], input=f"{code}\n")
    assert done.exit_code == 0, done.output
    assert "Sylla" not in done.output and f"Erased {code}" in done.output
    with app.app_context():
        erasure = db.session.get(PersonErasure, uuid.UUID(pid))
        assert erasure.erased_by_id == user("claire").id
        assert person(pid).family_name is None


def test_it_erases_without_asking_with_yes_and_refuses_unknown_codes(app, register, cli):
    pid = register("amina", "PAN", "Sylla", "Nana", born=1995)
    with app.app_context():
        code = person(pid).code
    done = cli.invoke(args=["erase-person", code.replace("-", "").lower(),
                            "--reason-category", "other", "--yes"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        assert db.session.get(PersonErasure, uuid.UUID(pid)).erased_by_id is None
    again = cli.invoke(args=["erase-person", code, "--reason-category", "other", "--yes"])
    assert again.exit_code == 1
    unknown = cli.invoke(args=["erase-person", "K7Q-2M4-X9", "--reason-category", "other",
                               "--yes"])
    assert unknown.exit_code == 1 and "No person" in unknown.output
    bad = cli.invoke(args=["erase-person", code, "--reason-category", "bored", "--yes"])
    assert bad.exit_code == 2


def test_it_refuses_a_non_coordinator_named_with_by(app, register, cli):
    pid = register("amina", "PAN", "Sylla", "Salimatou", born=1995)
    with app.app_context():
        code = person(pid).code
    refused = cli.invoke(args=["erase-person", code, "--reason-category", "other", "--yes",
                               "--by", "amina"])
    assert refused.exit_code == 1
    with app.app_context():
        assert db.session.get(PersonErasure, uuid.UUID(pid)) is None


def test_it_keeps_raw_sql_free_of_the_names(app, full_record):  # noqa: F811
    """A last look with plain SQL on the person table, as a database administrator would."""
    pid = full_record
    with app.app_context():
        erase_as_claire(pid)
        row = db.session.execute(text(
            "SELECT family_name, given_names, aliases, phone, birth_date FROM person")).all()
        assert all(value is None for r in row for value in r)


def test_it_answers_a_missing_key_with_the_erasure_notice_not_an_error(app, register,
                                                                        as_user):
    """A key gone without the erasure service (a restore, a hand-made deletion): the pages
    that would need it say the record cannot be read, never an error 500."""
    from caseflow.crypto import shred_person

    pid = register("amina", "PAN", "Sylla", "Rokia", born=1995)
    with app.app_context():
        shred_person(db.session, uuid.UUID(pid))
        db.session.commit()
    page = as_user("amina").get(f"/people/{pid}")
    assert page.status_code == 410 and "Sylla" not in page.text


def test_it_leaves_no_copy_of_the_key_in_the_sqlite_files(app, register, backend):
    """The database file and its write-ahead log hold no byte of the erased person's
    wrapped key (secure delete, then a checkpoint that empties the log)."""
    import pathlib

    from caseflow.services.safeguards.erasure import erase_person
    from tests.support.records import user

    if backend != "sqlite":
        pytest.skip("SQLite files only; PostgreSQL's own WAL is the server's (docs/SECURITY.md)")
    pid = register("claire", "ZWA", "Kourouma", "Aissatou", born=2007)
    with app.app_context():
        wrapped = bytes(db.session.get(PersonKey, uuid.UUID(pid)).wrapped)
        person = db.session.get(Person, uuid.UUID(pid))
        erase_person(user("claire"), person, reason=ErasureReason.PERSON_REQUEST,
                     typed_code=person.code)
        path = pathlib.Path(db.engine.url.database)
        for file in path.parent.glob(path.name + "*"):
            assert wrapped not in file.read_bytes(), file.name
