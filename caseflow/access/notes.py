"""Notes: who reads and who writes them (docs/SECURITY.md, Access rules 1, 2, 4, 5).

Through a break-glass grant (access/break_glass.py) the user reads their own
discipline's non-private notes at every site, never what other disciplines
share with the care team, and may write a note in their discipline at the site
named in the grant.

`NoteRules` is part of `PersonAccess` (access/person.py): `self.user`, `self.person`,
`self.shared_disciplines`, `self.emergency` and `self.site_clause` come from there.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from caseflow.access import ALL_SITES_ROLES, parse_uuid, person_or_404, reads_people


class NoteRules:
    """The questions about a person's notes."""

    def note_clause(self):
        """SQL condition: the notes of the person this user may read.

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

        user = self.user
        if not reads_people(user):
            return false()
        site_ok = self.site_clause(Note.site_id)
        clauses = [Note.author_id == user.id]
        if user.discipline is not None:
            clauses.append(and_(Note.confidentiality != Confidentiality.PRIVATE,
                                Note.discipline == user.discipline, site_ok))
        shared = self.shared_disciplines
        if shared:
            clauses.append(and_(Note.confidentiality == Confidentiality.TEAM,
                                Note.discipline.in_(sorted(shared)), site_ok))
        return and_(Note.person_id == self.person.id, or_(*clauses))

    def may_see_revisions(self, note) -> bool:
        """Earlier versions are listed for the author and the coordinators; which of them
        each one reads is decided per version (may_read_version)."""
        return note.author_id == self.user.id or self.user.role in ALL_SITES_ROLES

    def may_read_version(self, note, confidentiality) -> bool:
        """Whether this user may read a version of `note` written at `confidentiality`.

        The rule of note_clause, for one version: each version keeps the confidentiality
        it was written with, so a private working note later corrected to the team's level
        stays its author's alone. `note` was loaded through note_or_404, so its person and
        its site are readable to this user.
        """
        from caseflow.vocabulary import Confidentiality

        user = self.user
        if note.author_id == user.id:
            return True
        if not reads_people(user) or confidentiality == Confidentiality.PRIVATE:
            return False
        if user.discipline is not None and user.discipline == note.discipline:
            return True
        return (confidentiality == Confidentiality.TEAM
                and note.discipline in self.shared_disciplines)

    @property
    def note_sites(self) -> set[int]:
        """The sites a note of this user on this person may be dated at: where the user
        writes, and the user's site named in a break-glass grant (what was done in the
        emergency)."""
        sites = self.writable_sites
        grant = self.emergency
        if (grant is not None and self.user.discipline is not None
                and grant.site_id in self.user.site_ids):
            return sites | {grant.site_id}
        return sites

    @property
    def may_write_notes(self) -> bool:
        """Writing: in one's own discipline, at a site that follows the person (rule 5), or
        at the site of one's break-glass grant."""
        return self.user.discipline is not None and bool(self.note_sites)

    def may_correct_note(self, note) -> bool:
        """A note is corrected by its author only, while they may still write notes here."""
        return note.author_id == self.user.id and self.may_write_notes


def note_or_404(note_id, *, write: bool = False):
    """Load a note the current user may read (404 otherwise), its person loaded through
    person_or_404 (scope, audit). Writing a note is reserved to its author."""
    from sqlalchemy import select

    from caseflow.access.person import person_access
    from caseflow.audit import Action, record_event
    from caseflow.extensions import db
    from caseflow.models.note import Note

    nid = parse_uuid(note_id)
    if nid is None:
        abort(404)
    person_id = db.session.scalar(select(Note.person_id).where(Note.id == nid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id)
    access = person_access(current_user, person)
    note = db.session.scalar(select(Note).where(Note.id == nid, access.note_clause()))
    if note is None:
        abort(404)
    if write and not access.may_correct_note(note):
        abort(403)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="note",
                 object_id=str(note.id), person_code=person.code,
                 purpose=access.audit_purpose)
    db.session.commit()
    return person, note
