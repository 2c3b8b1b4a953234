"""Retention review, erasure and subject access: who may do them (docs/SECURITY.md, Access rules).

All three are the medical coordinator's, and only hers:

- the retention review lists records of every site past their date: a
  supervision task across sites, which is what the coordinator's all-sites
  scope is for;
- erasure destroys a record for good; it must be decided by the person
  accountable for the record, after review, never by one member of a team;
- a subject access export holds every discipline's notes (apart from private
  working notes). A clinician of a site that follows the person may read only
  their own discipline's notes and what the person agreed to share: handing
  them the whole record to print would break the need-to-know rule (secret
  partagé) that the export itself must respect. The coordinator, who supervises
  every discipline and is bound by medical secrecy, prepares it, reads it
  through for third parties named in free text, and hands it over.

Data managers and administrators never see a person; a refusal here is a 403
given before any person is looked up, so it says nothing about who exists.
"""

from __future__ import annotations

from caseflow.roles import Role

RECORDS_ROLES = frozenset({Role.COORDINATOR})


def may_review_retention(user) -> bool:
    return user.is_authenticated and user.role in RECORDS_ROLES


def may_erase(user) -> bool:
    return user.is_authenticated and user.role in RECORDS_ROLES


def may_export_subject_access(user) -> bool:
    return user.is_authenticated and user.role in RECORDS_ROLES
