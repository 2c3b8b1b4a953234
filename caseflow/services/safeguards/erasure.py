"""Erasure of a person: crypto-shredding, with the counts that indicators need kept.

What an erasure does, in one transaction:

1. checks: a coordinator (or the operator at the command line), the person's
   code typed again, a coded reason; "end of the retention period" only once
   the retention date has passed (services/retention.py); not already erased;
2. empties every encrypted column of the person's rows (identity, notes and
   their earlier versions, consents, appointments, referrals, state changes,
   transfers, certificates and their PDFs...) and deletes the data key and the
   search tokens (caseflow.crypto.shred_person). Emptying is a tombstone on
   top of the shredding: the live database no longer holds even ciphertext,
   and every page that shows a name or a text shows nothing instead of
   failing on a key that is gone. Backups taken before keep ciphertext whose
   key is gone from every later copy (docs/SECURITY.md, Crypto-shredding);
3. keeps every row and its clear coded columns (discipline, kind, dates,
   status, morbidity codes, site, author...): the indicators count these, so
   last year's figures do not change when a record is erased;
4. closes the record: open enrolments end on the erasure day (no outcome:
   erasure is not a pathway outcome), planned appointments are cancelled, the
   person leaves the duplicates queue. Nobody can write in it any more;
5. marks the person as erased (PersonErasure) and writes one audit event:
   action `erase`, the person's pseudonymous code, and in its details the
   reason category and nothing else.

Issued certificates stay in the register with their serial and status: the
paper the person holds is still genuine, and the public verification page
reads clear columns only.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from caseflow.audit import Action, record_event
from caseflow.crypto import shred_person
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentStatus
from caseflow.models.base import utcnow
from caseflow.models.duplicate import OPEN, PossibleDuplicate
from caseflow.models.enrolment import Enrolment
from caseflow.models.erasure import ErasureReason, PersonErasure
from caseflow.models.flag import VulnerabilityFlag
from caseflow.models.person import Person, normalise_person_code
from caseflow.models.referent import Referent
from caseflow.models.task import Task, TaskStatus
from caseflow.services import ConcurrentEditError, ServiceError


def _person_bound_tables():
    """(table, person column, encrypted column names) of every model keyed by a person.

    Found from the mapped classes, so a model added later is emptied too. Only
    tables whose encrypted fields are bound to a person row count (the person
    itself, or a foreign key to person.id): a user's own secrets are not a person's.
    """
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        fields = getattr(cls, "__encrypted_fields__", None)
        attr = getattr(cls, "__encrypted_person_attr__", None)
        if not fields or attr is None:
            continue
        column = mapper.columns[attr]
        if cls is not Person and not any(fk.column.table.name == Person.__tablename__
                                         for fk in column.foreign_keys):
            continue
        yield cls.__table__, column, sorted(fields)


def _check(actor, person: Person, reason: ErasureReason, typed_code: str,
           expected_version: int | None, today: date) -> None:
    from caseflow.access.records import may_erase
    from caseflow.services.safeguards.retention import is_erased, retention_of

    if actor is not None and not may_erase(actor):
        raise ServiceError(_l("Only the medical coordinator erases a record."))
    if is_erased(person.id):
        raise ServiceError(_l("This record was already erased."))
    if normalise_person_code(typed_code or "") != person.code:
        raise ServiceError(_l("Type the person's code exactly as shown, to confirm."),
                           field="confirm_code")
    if expected_version is not None and expected_version != person.version:
        raise ConcurrentEditError(_l("Someone changed this record while you were reviewing "
                                     "it. Review it again before erasing."))
    if reason is ErasureReason.RETENTION_EXPIRED:
        retention = retention_of(person)
        if not retention.past(today):
            raise ServiceError(_l("This record is kept until %(date)s: it cannot be erased as "
                                  "past its retention period before then.",
                                  date=format_date(retention.until, "long")),
                               field="reason_category")


def _tombstone(person: Person) -> None:
    """Empty every encrypted column of the person's rows (the person's last, version-checked)."""
    person_table = Person.__table__
    for table, column, names in _person_bound_tables():
        if table is person_table:
            continue
        db.session.execute(update(table).where(column == person.id)
                           .values({name: None for name in names}))
    names = sorted(Person.__encrypted_fields__)
    done = db.session.execute(
        update(person_table)
        .where(person_table.c.id == person.id, person_table.c.version == person.version)
        # What could still single the person out goes too: birth year, sex, nationality,
        # languages. Counts (notes, appointments, referrals) stay on their own rows.
        .values({name: None for name in names} | {
            "version": person.version + 1, "birth_year": None, "birth_date_precision": "unknown",
            "sex": "unknown", "nationality": None, "languages": [], "interpreter_needed": False}))
    if done.rowcount != 1:
        raise ConcurrentEditError(_l("Someone changed this record while you were erasing it. "
                                     "Review it again before erasing."))


def _close_record(actor_id: int | None, person: Person, today: date) -> None:
    # Vulnerability flags (pregnancy, torture survivor…) describe the person: deleted.
    db.session.execute(VulnerabilityFlag.__table__.delete().where(
        VulnerabilityFlag.person_id == person.id))
    db.session.execute(update(Enrolment).where(Enrolment.person_id == person.id,
                                               Enrolment.ended_on.is_(None))
                       .values(ended_on=today))
    db.session.execute(
        update(Appointment).where(Appointment.person_id == person.id,
                                  Appointment.status == AppointmentStatus.SCHEDULED)
        .values(status=AppointmentStatus.CANCELLED, status_changed_at=utcnow(),
                status_changed_by_id=actor_id, version=Appointment.version + 1))
    db.session.execute(PossibleDuplicate.__table__.delete().where(
        PossibleDuplicate.status == OPEN,
        (PossibleDuplicate.person_id == person.id)
        | (PossibleDuplicate.other_person_id == person.id)))
    # Nothing is left to do for an erased person: open tasks cancelled (their text is
    # shredded with the key), referents ended, so that no worklist keeps them.
    db.session.execute(
        update(Task).where(Task.person_id == person.id, Task.status == TaskStatus.OPEN)
        .values(status=TaskStatus.CANCELLED, closed_at=utcnow(), closed_by_id=actor_id,
                version=Task.version + 1))
    db.session.execute(update(Referent).where(Referent.person_id == person.id,
                                              Referent.ended_at.is_(None))
                       .values(ended_at=utcnow(), ended_by_id=actor_id))


def erase_person(actor, person: Person, *, reason: ErasureReason | str, typed_code: str,
                 expected_version: int | None = None,
                 today: date | None = None) -> PersonErasure:
    """Erase `person` (see the module docstring). `actor` None: the command-line operator."""
    try:
        reason = ErasureReason(reason)
    except ValueError:
        raise ServiceError(_l("Choose the reason for the erasure."),
                           field="reason_category") from None
    today = today or date.today()
    _check(actor, person, reason, typed_code, expected_version, today)
    actor_id = actor.id if actor is not None else None
    code = person.code
    _tombstone(person)
    from caseflow.services.outreach.history import erase_linked  # outreach contacts linked

    erase_linked(person.id)
    from caseflow.services.evacuation.erasure import erase_cases  # family links, open cases

    erase_cases(person.id, today)
    shred_person(db.session, person.id)
    _close_record(actor_id, person, today)
    erasure = PersonErasure(person_id=person.id, erased_by_id=actor_id, reason_category=reason)
    db.session.add(erasure)
    record_event(Action.ERASE, actor_id=actor_id, object_type="person", person_code=code,
                 details={"reason_category": reason.value})
    try:
        db.session.commit()
    except IntegrityError:  # another erasure of the same person committed first
        db.session.rollback()
        raise ServiceError(_l("This record was already erased.")) from None
    _flush_write_ahead_log()
    db.session.expire_all()
    return erasure


def _flush_write_ahead_log() -> None:
    """SQLite keeps recent pages, the deleted key among them, in its -wal file until a
    checkpoint: write them into the (secure-delete) database file and empty the log."""
    if db.engine.dialect.name != "sqlite":
        return
    raw = db.engine.raw_connection()  # outside any transaction: a checkpoint cannot run in one
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()
