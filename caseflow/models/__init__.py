"""All models, imported here so that Alembic and create_all see every table."""

from caseflow.models.audit import AuditChainHead, AuditEvent
from caseflow.models.consent import Consent
from caseflow.models.duplicate import PersonMerge, PossibleDuplicate
from caseflow.models.enrolment import Enrolment, EnrolmentTransfer
from caseflow.models.flag import VulnerabilityFlag
from caseflow.models.site import Site
from caseflow.models.user import SiteMembership, User

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "Consent",
    "Enrolment",
    "EnrolmentTransfer",
    "PersonMerge",
    "PossibleDuplicate",
    "Site",
    "SiteMembership",
    "User",
    "VulnerabilityFlag",
]

# crypto-owned models (issue 3) are imported below this line.
from caseflow.models.keys import PersonKey
from caseflow.models.person import Person
from caseflow.models.search_index import PersonSearchToken

__all__ += ["Person", "PersonKey", "PersonSearchToken"]
