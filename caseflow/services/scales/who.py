"""Who reads and who records a person's scale results.

Scale results are mental-health information, so they follow the access rules of a
mental-health record kept at the "discipline" level (docs/SECURITY.md, Access rules 1, 2,
4, 5) with the team-sharing consent of rule 2:

- readers and recorders are psychologists (the mental-health discipline) and the medical
  discipline's doctors and coordinator; nurses, midwives, social, legal and protection
  workers, data managers and administrators neither read nor record them;
- a result belongs to the discipline of whoever recorded it. The same discipline reads it
  at a site the user reads (PersonAccess.site_clause: the current team, the former site's
  history, coordinators for supervision); the other of the two disciplines reads it only
  while the person agrees to share the recording discipline's records with the care team
  (secret partagé, L1110-4): withdrawing that consent hides them again at once;
- the author always reads what they recorded;
- through a break-glass grant the user reads their own discipline's results only, and
  records none (the person is not in their care team; they may write a note).
"""

from __future__ import annotations

from sqlalchemy import and_, or_

from caseflow.access.person import person_access
from caseflow.disciplines import Discipline
from caseflow.models.scale_result import ScaleResult
from caseflow.roles import Role

ROLES = frozenset({Role.PSYCHOLOGIST, Role.DOCTOR, Role.COORDINATOR})
DISCIPLINES = frozenset({Discipline.MENTAL_HEALTH, Discipline.MEDICAL})


def _kind_of_user(user) -> bool:
    return (user.is_authenticated and user.role in ROLES
            and user.discipline in DISCIPLINES)


def may_read(user, person) -> bool:
    """May the user see the person's scales at all (the panel, the pages)?"""
    return _kind_of_user(user) and person_access(user, person).grant is not None


def recording_sites(user, person) -> list[int]:
    """The sites where the user may record a scale for the person (none: may not)."""
    if not _kind_of_user(user):
        return []
    access = person_access(user, person)
    if access.emergency is not None:
        return []
    return sorted(access.writable_sites)


def may_write(user, person) -> bool:
    return bool(recording_sites(user, person))


def read_clause(user, person):
    """SQL condition: the results of the person this user may read."""
    access = person_access(user, person)
    clauses = [ScaleResult.author_id == user.id,
               and_(ScaleResult.discipline == user.discipline,
                    access.site_clause(ScaleResult.site_id))]
    shared = sorted(set(access.shared_disciplines) & DISCIPLINES - {user.discipline})
    if shared:
        clauses.append(and_(ScaleResult.discipline.in_(shared),
                            access.site_clause(ScaleResult.site_id)))
    return and_(ScaleResult.person_id == person.id, or_(*clauses))
