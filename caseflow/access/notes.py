"""Notes: who reads and who writes them (DESIGN.md, Access rules 1, 2 and 5)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from caseflow.access import (
    may_write_person,
    parse_uuid,
    person_or_404,
    person_scope_site_ids,
    reads_people,
)


def record_site_clause(user, person, site_column):
    """SQL condition on the site of a record (note, appointment, referral) of this person.

    The team that follows the person now reads the whole record; a site the person
    left keeps reading what was done there (its own history); coordinators read
    everything for supervision.
    """
    from sqlalchemy import false, true

    sites = person_scope_site_ids(user)
    if sites is None:
        return true()
    if not sites:
        return false()
    owning = {e.site_id for e in person.enrolments if e.active}
    if owning & sites:
        return true()
    return site_column.in_(sorted(sites))


def note_visibility_clause(user, person, shared_disciplines: set):
    """SQL condition: the notes of `person` this user may read.

    - the author always reads their own notes, private ones included;
    - `discipline` and `team` notes: the same discipline, at a readable site;
    - `team` notes of another discipline: the care team, only while the person
      agrees to sharing inside the team for that discipline (secret partagé).
    Data managers and administrators read no note at all.
    """
    from sqlalchemy import and_, false, or_

    from caseflow.models.note import Note
    from caseflow.vocabulary import Confidentiality

    if not reads_people(user):
        return false()
    site_ok = record_site_clause(user, person, Note.site_id)
    clauses = [Note.author_id == user.id]
    if user.discipline is not None:
        clauses.append(and_(Note.confidentiality != Confidentiality.PRIVATE,
                            Note.discipline == user.discipline, site_ok))
    if shared_disciplines:
        clauses.append(and_(Note.confidentiality == Confidentiality.TEAM,
                            Note.discipline.in_(sorted(shared_disciplines)), site_ok))
    return and_(Note.person_id == person.id, or_(*clauses))


def may_write_notes(user, person) -> bool:
    """Writing: in one's own discipline, at a site that follows the person (rule 5)."""
    return user.discipline is not None and may_write_person(user, person)


def note_or_404(note_id, *, write: bool = False):
    """Load a note the current user may read (404 otherwise), its person loaded through
    person_or_404 (scope, audit). Writing a note is reserved to its author."""
    from sqlalchemy import select

    from caseflow.audit import Action, record_event
    from caseflow.extensions import db
    from caseflow.models.note import Note
    from caseflow.services.consents import team_shared_disciplines

    nid = parse_uuid(note_id)
    if nid is None:
        abort(404)
    person_id = db.session.scalar(select(Note.person_id).where(Note.id == nid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id)
    clause = note_visibility_clause(current_user, person, team_shared_disciplines(person.id))
    note = db.session.scalar(select(Note).where(Note.id == nid, clause))
    if note is None:
        abort(404)
    if write and (note.author_id != current_user.id or not may_write_notes(current_user, person)):
        abort(403)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="note",
                 object_id=str(note.id), person_code=person.code)
    db.session.commit()
    return person, note
