"""Recording and correcting notes, and the notes' part of the timeline.

Every note is written by a professional of its discipline at a site that
follows the person. A correction keeps the previous content as a revision; two
corrections of the same version: the second is refused and its text is handed
back to the view so that nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow import morbidity
from caseflow.access import break_glass
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.note import Note, NoteRevision
from caseflow.roles import Discipline
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.consents import team_shared_disciplines
from caseflow.services.plausibility import ensure_not_before_birth
from caseflow.timeline import TimelineEntry, Window
from caseflow.timezones import local_day
from caseflow.vocabulary import (
    Confidentiality,
    Housing,
    InterpreterKind,
    LegalDecision,
    LegalProcedure,
    MentalHealthCategory,
    NoteKind,
    SessionKind,
    SocialAction,
)

KINDS = {
    Discipline.MEDICAL: (NoteKind.MEDICAL_CONSULTATION, NoteKind.NURSING_CARE,
                         NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    Discipline.MENTAL_HEALTH: (NoteKind.MENTAL_HEALTH_SESSION, NoteKind.ACCOMPANIMENT,
                               NoteKind.PHONE_CALL),
    Discipline.SOCIAL: (NoteKind.SOCIAL_INTERVIEW, NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    Discipline.LEGAL: (NoteKind.LEGAL_APPOINTMENT, NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    Discipline.PROTECTION: (NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
}
INTERPRETED = (InterpreterKind.PROFESSIONAL_ON_SITE, InterpreterKind.PROFESSIONAL_PHONE,
               InterpreterKind.PEER)
MAX_TEXT = 100_000
CLOCK_SKEW = timedelta(minutes=10)


@dataclass
class NoteInput:
    kind: NoteKind
    occurred_at: datetime  # UTC
    site_id: int
    confidentiality: Confidentiality = Confidentiality.TEAM
    interpreter_kind: InterpreterKind = InterpreterKind.NONE_NEEDED
    interpreter_language: str | None = None
    codes: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    text: str = ""


def _allowed(values, enum_cls) -> bool:
    return all(v in {m.value for m in enum_cls} for v in values)


def check_codes(kind: NoteKind, codes: dict) -> dict:
    """Keep only the codes of this kind of note, each from its list."""
    clean: dict = {}
    if kind in (NoteKind.MEDICAL_CONSULTATION, NoteKind.NURSING_CARE):
        conditions = list(dict.fromkeys(codes.get("conditions") or []))
        if not set(conditions) <= {code for code, _label in morbidity.choices()}:
            raise ServiceError(_l("Unknown condition code."), field="conditions")
        clean["conditions"] = conditions
    elif kind == NoteKind.MENTAL_HEALTH_SESSION:
        for name, enum_cls in (("session_kind", SessionKind),
                               ("category", MentalHealthCategory)):
            if codes.get(name):
                if not _allowed([codes[name]], enum_cls):
                    raise ServiceError(_l("Unknown code."), field=name)
                clean[name] = codes[name]
        for scale in ("cgi_s", "cgi_i"):
            if codes.get(scale) not in (None, ""):
                value = int(codes[scale])
                if not 1 <= value <= 7:
                    raise ServiceError(_l("CGI scores go from 1 to 7."), field=scale)
                clean[scale] = value
    elif kind == NoteKind.SOCIAL_INTERVIEW:
        if codes.get("housing"):
            if not _allowed([codes["housing"]], Housing):
                raise ServiceError(_l("Unknown code."), field="housing")
            clean["housing"] = codes["housing"]
        actions = list(dict.fromkeys(codes.get("actions") or []))
        if not _allowed(actions, SocialAction):
            raise ServiceError(_l("Unknown code."), field="actions")
        clean["actions"] = actions
    elif kind == NoteKind.LEGAL_APPOINTMENT:
        for name, enum_cls in (("procedure", LegalProcedure), ("decision", LegalDecision)):
            if codes.get(name):
                if not _allowed([codes[name]], enum_cls):
                    raise ServiceError(_l("Unknown code."), field=name)
                clean[name] = codes[name]
        if codes.get("step"):
            clean["step"] = str(codes["step"])[:40]
    return clean


def _validated(actor, person, data: NoteInput) -> NoteInput:
    from caseflow.access import may_write_notes, note_site_ids

    if not may_write_notes(actor, person):
        raise ServiceError(_l("You cannot write in this person's record."))
    if data.kind not in KINDS.get(actor.discipline, ()):
        raise ServiceError(_l("This kind of note belongs to another discipline."), field="kind")
    if data.site_id not in note_site_ids(actor, person):
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
    data.codes = check_codes(data.kind, data.codes)
    data.details = {k: v for k, v in (data.details or {}).items() if v not in (None, "", [])}
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
                 purpose=break_glass.audit_purpose(actor, person),
                 details={"discipline": actor.discipline.value, "kind": data.kind.value})
    db.session.commit()
    return note


def correct_note(actor, person, note: Note, expected_version: int, data: NoteInput) -> Note:
    """A new version; the old content is kept as a revision. Refused if the note moved on."""
    if note.author_id != actor.id:
        raise ServiceError(_l("Only the author corrects a note."))
    if note.version != expected_version:
        raise ConcurrentEditError(_l("This note was changed by someone else while you were "
                                     "writing. Your text is below: compare, then save again."))
    data = _validated(actor, person, data)
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
                 person_code=person.code, purpose=break_glass.audit_purpose(actor, person),
                 details={"version": note.version})
    commit_or_conflict()
    return note


def revisions(note: Note) -> list[NoteRevision]:
    return list(db.session.scalars(select(NoteRevision).where(NoteRevision.note_id == note.id)
                                   .order_by(NoteRevision.version.desc())))


def may_see_revisions(user, note: Note) -> bool:
    """Earlier versions are for the author and the coordinators (DESIGN.md); which of them
    each one reads is decided per version (visible_revisions)."""
    from caseflow.access import ALL_SITES_ROLES

    return note.author_id == user.id or user.role in ALL_SITES_ROLES


def visible_revisions(user, person, note: Note) -> list[NoteRevision]:
    """The earlier versions of a note this user may read, newest first.

    A version is shown only to whom its own confidentiality allowed when it was written:
    a private first version stays its author's, whatever level the note has now. Only the
    versions returned are ever decrypted (their text is read by the page)."""
    from caseflow.access.notes import may_read_version

    if not may_see_revisions(user, note):
        return []
    shared = team_shared_disciplines(person.id)
    return [r for r in revisions(note)
            if may_read_version(user, person, note, r.confidentiality, shared)]


def visible_notes(person, viewer, window: Window):
    """The notes of a person this viewer may read in a window, newest first (one query)."""
    from caseflow.access import note_visibility_clause

    clause = note_visibility_clause(viewer, person, team_shared_disciplines(person.id))
    stmt = select(Note).where(clause)
    if window.since:
        stmt = stmt.where(Note.occurred_at >= window.since)
    if window.until:
        stmt = stmt.where(Note.occurred_at < window.until)
    if window.discipline:
        stmt = stmt.where(Note.discipline == window.discipline)
    return list(db.session.scalars(stmt.order_by(Note.occurred_at.desc()).limit(window.limit)))


def describe_codes(note) -> list[tuple[str, str]]:
    """Coded fields as (label, value) pairs in the reader's language."""
    codes, out = note.codes or {}, []
    if codes.get("conditions"):
        out.append((_("Conditions"), ", ".join(morbidity.label(c) for c in codes["conditions"])))
    named = (("session_kind", _("Session"), SessionKind), ("category", _("Presenting category"),
             MentalHealthCategory), ("housing", _("Housing"), Housing),
             ("procedure", _("Procedure"), LegalProcedure), ("decision", _("Decision"),
             LegalDecision))
    for key, label, enum_cls in named:
        if codes.get(key):
            out.append((label, str(enum_cls(codes[key]).label)))
    for key, label in (("cgi_s", "CGI-S"), ("cgi_i", "CGI-I"), ("step", _("Step"))):
        if codes.get(key) not in (None, ""):
            out.append((label, str(codes[key])))
    if codes.get("actions"):
        out.append((_("Actions"), ", ".join(str(SocialAction(a).label) for a in codes["actions"])))
    return out


def describe_details(note) -> list[tuple[str, str]]:
    """The encrypted clinical details as (label, value) pairs (decrypts the note's details)."""
    from flask_babel import format_date

    details, out = note.details or {}, []
    vitals = []
    if details.get("weight_kg") is not None:
        vitals.append(_("%(v)s kg", v=details["weight_kg"]))
    if details.get("height_cm") is not None:
        vitals.append(_("%(v)s cm", v=details["height_cm"]))
    if details.get("temperature_c") is not None:
        vitals.append(_("%(v)s °C", v=details["temperature_c"]))
    if details.get("bp_systolic") and details.get("bp_diastolic"):
        vitals.append(_("BP %(s)s/%(d)s", s=details["bp_systolic"], d=details["bp_diastolic"]))
    if details.get("pulse") is not None:
        vitals.append(_("pulse %(v)s/min", v=details["pulse"]))
    labelled = [("reason", _("Reason")), ("treatment", _("Treatment given")),
                ("needs", _("Needs")), ("lawyer", _("Lawyer"))]
    for key, label in labelled[:1]:
        if details.get(key):
            out.append((label, details[key]))
    if vitals:
        out.append((_("Vital signs"), ", ".join(vitals)))
    for key, label in labelled[1:]:
        if details.get(key):
            out.append((label, details[key]))
    if details.get("suicidal_ideation"):
        out.append((_("Suicidal ideation"),
                    _("Yes") if details["suicidal_ideation"] == "yes" else _("No")))
    if details.get("next_hearing"):
        from datetime import date

        out.append((_("Next hearing"), format_date(date.fromisoformat(details["next_hearing"]))))
    return out


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
        entry.details = describe_codes(note) + describe_details(note) + _interpreter(note)

    return load


def _interpreter(note) -> list[tuple[str, str]]:
    from caseflow.i18n import language_name

    if note.interpreter_kind not in INTERPRETED:
        return []
    value = str(note.interpreter_kind.label)
    if note.interpreter_language:
        value += f" ({language_name(note.interpreter_language)})"
    return [(_("Interpreter"), value)]
