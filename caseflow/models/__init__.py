"""All models, imported here so that Alembic and create_all see every table."""

import functools

from caseflow.models.appointment import Appointment
from caseflow.models.audit import AuditChainHead, AuditEvent
from caseflow.models.certificate import Certificate, CertificateCounter
from caseflow.models.consent import Consent
from caseflow.models.duplicate import PersonMerge, PossibleDuplicate
from caseflow.models.enrolment import Enrolment, EnrolmentTransfer
from caseflow.models.flag import VulnerabilityFlag
from caseflow.models.morbidity import MorbidityCode
from caseflow.models.morbidity_label import MorbidityLabel  # noqa: F401 (a table for Alembic)
from caseflow.models.note import Note, NoteRevision
from caseflow.models.referral import Referral, ReferralStatusChange
from caseflow.models.site import Site
from caseflow.models.state_change import StateChange
from caseflow.models.user import SiteMembership, User

__all__ = [
    "Appointment",
    "AuditChainHead",
    "AuditEvent",
    "Certificate",
    "CertificateCounter",
    "Consent",
    "Enrolment",
    "EnrolmentTransfer",
    "MorbidityCode",
    "Note",
    "NoteRevision",
    "PersonMerge",
    "PossibleDuplicate",
    "Referral",
    "ReferralStatusChange",
    "Site",
    "SiteMembership",
    "StateChange",
    "User",
    "VulnerabilityFlag",
]

# crypto-owned models (issue 3) are imported below this line.
from caseflow.models.keys import PersonKey
from caseflow.models.person import Person
from caseflow.models.search_index import PersonSearchToken

__all__ += ["Person", "PersonKey", "PersonSearchToken"]

# Retention and erasure (issue 7).
from caseflow.models.erasure import PersonErasure  # noqa: E402

__all__ += ["PersonErasure"]

# Break-glass access (issue 7).
from caseflow.models.break_glass import BreakGlassAccess  # noqa: E402

__all__ += ["BreakGlassAccess"]

# Two-factor sign-in (issue 7).
from caseflow.models.recovery_code import RecoveryCode  # noqa: E402

__all__ += ["RecoveryCode"]

# Server-side sessions (issue 14).
from caseflow.models.user_session import UserSession  # noqa: E402

__all__ += ["UserSession"]

# Which audit checkpoints were written, to tell a deleted file from none (issue 14).
from caseflow.models.audit_checkpoint_record import AuditCheckpointRecord  # noqa: E402

__all__ += ["AuditCheckpointRecord"]

# Role grants approved by a coordinator (issue 14).
from caseflow.models.role_grant import RoleGrant  # noqa: E402

__all__ += ["RoleGrant"]


@functools.cache
def person_row_classes() -> tuple[type, ...]:
    """Every mapped class whose rows carry a person_id: what a merge moves, what an
    erased person's URLs name. Read once: the mappers do not change once imported."""
    from caseflow.models.base import Base

    return tuple(mapper.class_ for mapper in Base.registry.mappers
                 if "person_id" in mapper.columns)

# Referents and tasks: a clinician's day (issue 17).
from caseflow.models.referent import Referent  # noqa: E402
from caseflow.models.task import Task  # noqa: E402

__all__ += ["Referent", "Task"]

# Outreach sessions at disembarkation points and detention centres (issue 19).
from caseflow.models.outreach import OutreachContact, OutreachPlace, OutreachSession  # noqa: E402

__all__ += ["OutreachContact", "OutreachPlace", "OutreachSession"]

# Tuberculosis episodes and observed doses (issue 19).
from caseflow.models.tb import TbDose, TbEpisode  # noqa: E402

__all__ += ["TbDose", "TbEpisode"]

# Hospital follow-up: partner hospitals, admissions and the visits' links (issue 19).
from caseflow.models.hospital import HospitalAdmission, HospitalVisit, PartnerHospital  # noqa: E402

__all__ += ["HospitalAdmission", "HospitalVisit", "PartnerHospital"]

# Evacuations out of Libya: cases, steps, fitness assessments, attached reports (issue 19).
from caseflow.models.evacuation import (  # noqa: E402
    EvacuationCase,
    EvacuationDocument,
    EvacuationStep,
    FitnessAssessment,
)

__all__ += ["EvacuationCase", "EvacuationDocument", "EvacuationStep", "FitnessAssessment"]

# Declarations of notifiable diseases to the health authority (issue 20).
from caseflow.models.declaration import DiseaseDeclaration  # noqa: E402

__all__ += ["DiseaseDeclaration"]

# Allergies and current treatments on every medical record (issue 20).
from caseflow.models.allergy import Allergy, AllergyStatusAnswer  # noqa: E402
from caseflow.models.medication import Medication  # noqa: E402

__all__ += ["Allergy", "AllergyStatusAnswer", "Medication"]

# Vaccination status and doses (issue 20).
from caseflow.models.vaccination import VaccinationDose, VaccinationStatus  # noqa: E402

__all__ += ["VaccinationDose", "VaccinationStatus"]

# Pregnancy follow-up: pregnancies and antenatal visits (issue 20).
from caseflow.models.pregnancy import AntenatalVisit, Pregnancy  # noqa: E402

__all__ += ["AntenatalVisit", "Pregnancy"]

# Clinic boxes: the sync operation log and its conflicts (issue 21).
from caseflow.models.sync_conflict import SyncConflict  # noqa: E402
from caseflow.models.sync_operation import SyncOperation  # noqa: E402

__all__ += ["SyncConflict", "SyncOperation"]

# Issue 21: the clinic boxes the central server knows (enrolment, revocation).
from caseflow.models.clinic_box import ClinicBox, SerialBlock, SyncState  # noqa: E402

__all__ += ["ClinicBox", "SerialBlock", "SyncState"]
from caseflow.models.box_audit_event import BoxAuditEvent  # noqa: E402

__all__ += ["BoxAuditEvent"]
from caseflow.models.box_audit_checkpoint import BoxAuditCheckpoint  # noqa: E402

__all__ += ["BoxAuditCheckpoint"]

# Closed months' indicator figures kept, and the late writes that change them (issue 22).
from caseflow.models.indicator_cache import IndicatorChange, IndicatorFigure  # noqa: E402

__all__ += ["IndicatorChange", "IndicatorFigure"]
