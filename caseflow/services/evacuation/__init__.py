"""Evacuations out of Libya: cases and their pathway, fitness to travel, the medical report
in the file, family groups.

Who (deny by default, decided here and in access's PersonAccess):

- the evacuation team of a site that follows the person (EVACUATION_ROLES: the medical
  team, the social, legal and protection workers, the coordinator) opens the person's
  cases and records the steps. Psychologists are left out: an evacuation file is not
  theirs to keep, and a mental-health opinion reaches the file through a doctor's report;
- the fitness-to-travel assessment is a medical act: doctors only (ASSESSORS, the same
  rule as the `medical_report` certificate's signers, certificates.templates.DOCTORS);
- its category, validity and travel conditions (oxygen, wheelchair...) are read by the
  whole team, who organise the journey; the doctor's words (details) only by the medical
  roles (CLINICAL_READERS);
- the indicators are the coordinator's and the data manager's (access/reports.py), the
  data manager's with small counts suppressed.
"""

from caseflow.roles import Role

EVACUATION_ROLES = frozenset({Role.DOCTOR, Role.NURSE, Role.MIDWIFE, Role.SOCIAL_WORKER,
                              Role.LEGAL_WORKER, Role.PROTECTION_OFFICER, Role.COORDINATOR})
ASSESSORS = frozenset({Role.DOCTOR})
CLINICAL_READERS = frozenset({Role.DOCTOR, Role.NURSE, Role.MIDWIFE, Role.COORDINATOR})


def may_follow_evacuations(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in EVACUATION_ROLES


def may_read_clinical(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in CLINICAL_READERS
