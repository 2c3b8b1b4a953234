"""Pregnancy follow-up (issue 20): who reads and who records, for every page and service.

- **Reading**: the medical discipline (doctor, nurse, midwife, medical coordinator) with
  a grant to the person (PersonAccess), pregnancies limited to the sites the grant covers
  (`site_clause`, as TB episodes); the coordinator's reads are supervision, audited as
  such by the loaders. Other disciplines see nothing of it: a pregnancy is medical
  information, shared with the team only through a medical note the clinician chooses
  to share.
- **Recording**: midwives, doctors and nurses of the medical discipline at a site where
  they may write for the person (not the coordinator, who supervises, and never through
  an emergency grant: break-glass is for reading in an emergency).
- **Any sex**: a pregnancy is recorded whatever the sex recorded on the person. Refusing
  it for "male" would lock out a trans man who is pregnant, and would trust a field that
  is sometimes typed wrong at registration; nothing special is shown either way.
"""

from __future__ import annotations

from caseflow.access.person import person_access
from caseflow.disciplines import Discipline
from caseflow.roles import Role

RECORDERS = frozenset({Role.MIDWIFE, Role.DOCTOR, Role.NURSE})
READERS = frozenset({Role.MIDWIFE, Role.DOCTOR, Role.NURSE, Role.COORDINATOR})


def may_read(user, person) -> bool:
    access = person_access(user, person)
    return (access.grant is not None and user.discipline == Discipline.MEDICAL
            and user.role in READERS)


def may_record(user, person) -> bool:
    access = person_access(user, person)
    return (user.role in RECORDERS and user.discipline == Discipline.MEDICAL
            and access.emergency is None and bool(access.writable_sites))


def recording_sites(user, person) -> list[int]:
    return sorted(person_access(user, person).writable_sites) if may_record(user, person) else []
