"""Roles and site kinds: the one place where these vocabularies live.

Labels are lazy translations so that every page and printed document shows them
in the reader's language. Access decisions are written in caseflow/access/, not
here: this module only says what each role *is*. Which discipline a role works
in is said by the discipline's spec (caseflow/disciplines), not here.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Role(enum.StrEnum):
    DOCTOR = "doctor"
    NURSE = "nurse"
    MIDWIFE = "midwife"
    PSYCHOLOGIST = "psychologist"
    SOCIAL_WORKER = "social_worker"
    LEGAL_WORKER = "legal_worker"
    PROTECTION_OFFICER = "protection_officer"
    COORDINATOR = "coordinator"
    DATA_MANAGER = "data_manager"
    ADMIN = "admin"

    @property
    def label(self):
        return ROLE_LABELS[self]

    @property
    def is_clinical(self) -> bool:
        """Roles that record care for a person (and so belong to a care team)."""
        return self in CLINICAL_ROLES


class SiteKind(enum.StrEnum):
    DAY_CENTRE = "day_centre"
    MOBILE_CLINIC = "mobile_clinic"
    SHELTER = "shelter"
    DETENTION_OUTREACH = "detention_outreach"
    DISEMBARKATION_POINT = "disembarkation_point"

    @property
    def label(self):
        return SITE_KIND_LABELS[self]


ROLE_LABELS = {
    Role.DOCTOR: _l("Doctor"),
    Role.NURSE: _l("Nurse"),
    Role.MIDWIFE: _l("Midwife"),
    Role.PSYCHOLOGIST: _l("Psychologist"),
    Role.SOCIAL_WORKER: _l("Social worker"),
    Role.LEGAL_WORKER: _l("Legal worker"),
    Role.PROTECTION_OFFICER: _l("Protection officer"),
    Role.COORDINATOR: _l("Medical coordinator"),
    Role.DATA_MANAGER: _l("Data manager"),
    Role.ADMIN: _l("Administrator"),
}

SITE_KIND_LABELS = {
    SiteKind.DAY_CENTRE: _l("Day centre"),
    SiteKind.MOBILE_CLINIC: _l("Mobile clinic"),
    SiteKind.SHELTER: _l("Shelter"),
    SiteKind.DETENTION_OUTREACH: _l("Detention outreach"),
    SiteKind.DISEMBARKATION_POINT: _l("Disembarkation point"),
}

CLINICAL_ROLES = frozenset(
    {
        Role.DOCTOR,
        Role.NURSE,
        Role.MIDWIFE,
        Role.PSYCHOLOGIST,
        Role.SOCIAL_WORKER,
        Role.LEGAL_WORKER,
        Role.PROTECTION_OFFICER,
        Role.COORDINATOR,
    }
)

# Roles that must carry a professional identifier on what they sign.
ROLE_IDENTIFIER = {
    Role.DOCTOR: "rpps",
    Role.MIDWIFE: "rpps",
    Role.PSYCHOLOGIST: "adeli",
}
