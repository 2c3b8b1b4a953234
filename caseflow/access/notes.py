"""Notes: who reads and who writes them (DESIGN.md, Access rules 1, 2, 4 and 5).

Through a break-glass grant (access/break_glass.py) the user reads their own
discipline's non-private notes at every site, never what other disciplines
share with the care team, and may write a note in their discipline at the site
named in the grant.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from caseflow.access import (
    emergency_grant,
    parse_uuid,
    person_or_404,
    person_scope_site_ids,
    reads_people,
    writable_site_ids,
)


def record_site_clause(user, person, site_column):
    """SQL condition on the site of a record (note, appointment, referral) of this person.

    The team that follows the person now reads the whole record; a site the person
    left keeps reading what was done there (its own history); coordinators read
    everything for supervision; a break-glass grant reads like the current team.
    """
    from sqlalchemy import false, true

    sites = person_scope_site_ids(user)
    if sites is None:
        return true()
    owning = {e.site_id for e in person.enrolments if e.active}
    if owning & sites or emergency_grant(user, person) is not None:
        return true()
    if not sites:
        return false()
    return site_column.in_(sorted(sites))


def note_visibility_clause(user, person, shared_disciplines: set):
    """SQL condition: the notes of `person` this user may read.

    - the author always reads their own notes, private ones included;
    - `discipline` and `team` notes: the same discipline, at a readable site;
    - `team` notes of another discipline: the care team, only while the person
      agrees to sharing inside the team for that discipline (secret partagé);
      a user let in by a break-glass grant is not in that team.
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
    if shared_disciplines and emergency_grant(user, person) is None:
        clauses.append(and_(Note.confidentiality == Confidentiality.TEAM,
                            Note.discipline.in_(sorted(shared_disciplines)), site_ok))
    return and_(Note.person_id == person.id, or_(*clauses))


def may_read_version(user, person, note, confidentiality, shared_disciplines: set) -> bool:
    """Whether this user may read a version of `note` written at `confidentiality`.

    The rule of note_visibility_clause, for one version: each version keeps the
    confidentiality it was written with, so a private working note later corrected to
    the team's level stays its author's alone. `note` was loaded through
    note_or_404, so its person and its site are readable to this user.
    """
    from caseflow.vocabulary import Confidentiality

    if note.author_id == user.id:
        return True
    if not reads_people(user) or confidentiality == Confidentiality.PRIVATE:
        return False
    if user.discipline is not None and user.discipline == note.discipline:
        return True
    return (confidentiality == Confidentiality.TEAM and note.discipline in shared_disciplines
            and emergency_grant(user, person) is None)


def may_write_notes(user, person) -> bool:
    """Writing: in one's own discipline, at a site that follows the person (rule 5), or at
    the site of one's break-glass grant (what was done in the emergency)."""
    return user.discipline is not None and bool(note_site_ids(user, person))


def note_site_ids(user, person) -> set[int]:
    """The sites a note of this user on this person may be dated at."""
    from caseflow.access.break_glass import emergency_note_site

    sites = writable_site_ids(user, person)
    emergency = emergency_note_site(user, person)
    return sites | {emergency} if emergency is not None else sites


def note_or_404(note_id, *, write: bool = False):
    """Load a note the current user may read (404 otherwise), its person loaded through
    person_or_404 (scope, audit). Writing a note is reserved to its author."""
    from sqlalchemy import select

    from caseflow.access.break_glass import audit_purpose
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
                 object_id=str(note.id), person_code=person.code,
                 purpose=audit_purpose(current_user, person))
    db.session.commit()
    return person, note
