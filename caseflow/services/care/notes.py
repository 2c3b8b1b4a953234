"""Recording and correcting notes, and the notes' part of the timeline.

Every note is written by a professional of its discipline at a site that
follows the person. A correction keeps the previous content as a revision; two
corrections of the same version: the second is refused and its text is handed
back to the view so that nothing typed is lost.

A measure outside its plausible range (a temperature of 41.2 °C) is not refused but
questioned: `UnusualValues` hands the questions back, and the note is saved once the
author confirms these very values (`NoteInput.confirmed`). A correction does not ask
again about the values the note already had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.disciplines import note_kinds, spec
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.note import Note, NoteRevision
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.care import note_content
from caseflow.services.intake.plausibility import ensure_not_before_birth
from caseflow.timeline import TimelineEntry, Window
from caseflow.timezones import local_day
from caseflow.vocabulary import Confidentiality, InterpreterKind, NoteKind

INTERPRETED = (InterpreterKind.PROFESSIONAL_ON_SITE, InterpreterKind.PROFESSIONAL_PHONE,
               InterpreterKind.PEER)
MAX_TEXT = 100_000
CLOCK_SKEW = timedelta(minutes=10)


@dataclass
class NoteInput:
    kind: NoteKind
    occurred_at: datetime  # UTC
    site_id: int
    # None: the default of the author's discipline (protection notes stay in protection).
    confidentiality: Confidentiality | None = None
    interpreter_kind: InterpreterKind = InterpreterKind.NONE_NEEDED
    interpreter_language: str | None = None
    codes: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    text: str = ""
    # The unusual values the author has confirmed (note_content.confirmation of each).
    confirmed: tuple[str, ...] = ()


class UnusualValues(ServiceError):
    """Values outside their plausible range, to confirm or correct: nothing was saved.
    `questions` are (field name, question, confirmation) triples."""

    def __init__(self, questions: list[tuple[str, str, str]]):
        super().__init__(questions[0][1], field=questions[0][0])
        self.questions = questions


def _validated(actor, person, data: NoteInput) -> NoteInput:
    access = person_access(actor, person)
    if not access.may_write_notes:
        raise ServiceError(_l("You cannot write in this person's record."))
    if data.kind not in note_kinds(actor.discipline):
        raise ServiceError(_l("This kind of note belongs to another discipline."), field="kind")
    if data.confidentiality is None:
        data.confidentiality = spec(actor.discipline).default_confidentiality
    if data.site_id not in access.note_sites:
        raise ServiceError(_l("Choose a site where you follow this person."), field="site_id")
    if data.occurred_at > utcnow() + CLOCK_SKEW:
        raise ServiceError(_l("A note cannot be dated in the future."), field="occurred_at")
    ensure_not_before_birth(person, local_day(data.site_id, data.occurred_at),
                            field="occurred_at")
    if data.interpreter_kind in INTERPRETED and not data.interpreter_language:
        raise ServiceError(_l("Give the language interpreted."), field="interpreter_language")
    if len(data.text or "") > MAX_TEXT:
        raise ServiceError(_l("The text is too long (at most %(n)d characters).", n=MAX_TEXT),
                           field="text")
    data.codes = note_content.check_codes(actor.discipline, data.kind, data.codes)
    data.details = note_content.check_details(actor.discipline, data.details)
    note_content.check_together(actor.discipline, data.codes, data.details)
    data.codes, data.details = note_content.derive(
        actor.discipline, data.kind, data.codes, data.details,
        note_content.person_context(person, local_day(data.site_id, data.occurred_at)))
    unusual = note_content.questions(actor.discipline, data.codes, data.details, data.confirmed)
    if unusual:
        raise UnusualValues(unusual)
    return data


def _apply(note: Note, data: NoteInput) -> None:
    note.kind = data.kind
    note.occurred_at = data.occurred_at
    note.site_id = data.site_id
    note.confidentiality = data.confidentiality
    note.interpreter_kind = data.interpreter_kind
    note.interpreter_language = data.interpreter_language
    note.codes = data.codes
    note.details = data.details or None
    note.text = (data.text or "").strip() or None


def record_note(actor, person, data: NoteInput) -> Note:
    data = _validated(actor, person, data)
    note = Note(person_id=person.id, author_id=actor.id, discipline=actor.discipline,
                kind=data.kind, occurred_at=data.occurred_at, site_id=data.site_id,
                confidentiality=data.confidentiality, interpreter_kind=data.interpreter_kind)
    db.session.add(note)
    _apply(note, data)
    record_event(Action.CREATE, actor_id=actor.id, object_type="note", object_id=str(note.id),
                 person_code=person.code, site_id=data.site_id,
                 purpose=person_access(actor, person).audit_purpose,
                 details={"discipline": actor.discipline.value, "kind": data.kind.value})
    db.session.commit()
    return note


def correct_note(actor, person, note: Note, expected_version: int, data: NoteInput) -> Note:
    """A new version; the old content is kept as a revision. Refused if the note moved on."""
    if note.author_id != actor.id:  # (and may still write here: _validated)
        raise ServiceError(_l("Only the author corrects a note."))
    if note.version != expected_version:
        raise ConcurrentEditError(_l("This note was changed by someone else while you were "
                                     "writing. Your text is below: compare, then save again."))
    # The values already saved were confirmed then: only a new unusual value is asked about.
    saved = [q[2] for q in note_content.questions(note.discipline, note.codes, note.details)]
    data.confirmed = (*data.confirmed, *saved)
    data = _validated(actor, person, data)
    # A field the form no longer asks (retired) keeps the value the note had.
    for f in spec(note.discipline).details:
        if f.retired and f.name in (note.details or {}) and f.name not in data.details:
            data.details[f.name] = note.details[f.name]
    revision = NoteRevision(
        note_id=note.id, person_id=note.person_id, version=note.version,
        occurred_at=note.occurred_at, confidentiality=note.confidentiality,
        codes=note.codes, interpreter_kind=note.interpreter_kind,
        interpreter_language=note.interpreter_language, saved_by_id=note.author_id,
        saved_at=note.updated_at,
    )
    db.session.add(revision)
    revision.details = note.details
    revision.text = note.text
    _apply(note, data)
    note.updated_at = utcnow()
    note.version = expected_version + 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="note", object_id=str(note.id),
                 person_code=person.code, purpose=person_access(actor, person).audit_purpose,
                 details={"version": note.version})
    commit_or_conflict()
    return note


def revisions(note: Note) -> list[NoteRevision]:
    return list(db.session.scalars(select(NoteRevision).where(NoteRevision.note_id == note.id)
                                   .order_by(NoteRevision.version.desc())))


def visible_revisions(user, person, note: Note) -> list[NoteRevision]:
    """The earlier versions of a note this user may read, newest first.

    A version is shown only to whom its own confidentiality allowed when it was written:
    a private first version stays its author's, whatever level the note has now. Only the
    versions returned are ever decrypted (their text is read by the page)."""
    access = person_access(user, person)
    if not access.may_see_revisions(note):
        return []
    return [r for r in revisions(note) if access.may_read_version(note, r.confidentiality)]


def visible_notes(person, viewer, window: Window):
    """The notes of a person this viewer may read in a window, newest first (one query)."""
    stmt = select(Note).where(person_access(viewer, person).note_clause())
    if window.since:
        stmt = stmt.where(Note.occurred_at >= window.since)
    if window.until:
        stmt = stmt.where(Note.occurred_at < window.until)
    if window.discipline:
        stmt = stmt.where(Note.discipline == window.discipline)
    return list(db.session.scalars(stmt.order_by(Note.occurred_at.desc()).limit(window.limit)))


def describe_codes(note) -> list[tuple[str, str]]:
    """Coded fields as (label, value) pairs in the reader's language."""
    return note_content.describe_codes(note.discipline, note.codes)


def describe_details(note) -> list[tuple[str, str]]:
    """The encrypted clinical details as (label, value) pairs (decrypts the note's details)."""
    return note_content.describe_details(note.discipline, note.details)


def timeline_entries(person, viewer, window: Window) -> list[TimelineEntry]:
    from flask import url_for

    entries = []
    for note in visible_notes(person, viewer, window):
        entries.append(TimelineEntry(
            when=note.occurred_at, kind="note", title=str(note.kind.label),
            discipline=note.discipline, site=note.site.name,
            author=note.author.display_name,
            url=url_for("notes.show", note_id=note.id),
            attrs={"data-note-discipline": note.discipline.value,
                   "data-note-confidentiality": note.confidentiality.value,
                   "data-entry-kind": "note"},
            loader=_loader(note),
        ))
    return entries


def _loader(note):
    def load(entry: TimelineEntry) -> None:
        entry.body = note.text  # decrypted here, for the notes on the page only
        entry.details = describe_codes(note) + describe_details(note) + describe_interpreter(note)

    return load


def describe_interpreter(note) -> list[tuple[str, str]]:
    """The interpreter of the contact, when there was one (timeline and note page alike)."""
    from caseflow.i18n import language_name

    if note.interpreter_kind not in INTERPRETED:
        return []
    value = str(note.interpreter_kind.label)
    if note.interpreter_language:
        value += f" ({language_name(note.interpreter_language)})"
    return [(_("Interpreter"), value)]
