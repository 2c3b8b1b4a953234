"""What waits for a coordinator: the counts their home page shows, each the count of the page
where it is resolved (duplicate pairs, emergency accesses to review, role grants to decide,
records past their retention), and only for the queues the user may act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.duplicate import OPEN, PossibleDuplicate
from caseflow.models.role_grant import GrantDecision, RoleGrant
from caseflow.services.safeguards import break_glass, retention


@dataclass(frozen=True)
class Queue:
    key: str  # duplicates, break_glass, role_grants, retention
    endpoint: str
    count: int


def for_user(user, today: date | None = None) -> list[Queue]:
    from caseflow.access import ALL_SITES_ROLES
    from caseflow.access.break_glass import may_review_grants
    from caseflow.access.records import may_review_retention
    from caseflow.access.role_grants import may_decide_grants

    queues = []
    if user.role in ALL_SITES_ROLES:  # the duplicates page is theirs (access.navigation_for)
        queues.append(Queue("duplicates", "people.duplicates", db.session.scalar(
            select(func.count()).select_from(PossibleDuplicate)
            .where(PossibleDuplicate.status == OPEN)) or 0))
    if may_review_grants(user):
        queues.append(Queue("break_glass", "break_glass.review_list",
                            break_glass.pending_count()))
    if may_decide_grants(user):
        queues.append(Queue("role_grants", "audit.grants", db.session.scalar(
            select(func.count()).select_from(RoleGrant)
            .where(RoleGrant.decision == GrantDecision.PENDING)) or 0))
    if may_review_retention(user):
        queues.append(Queue("retention", "records.retention_review",
                            len(retention.past_retention(today or date.today()))))
    return queues
