"""What waits for a coordinator: the counts their home page shows, each the count of the page
where it is resolved (duplicate pairs, emergency accesses to review, role grants to decide,
records past their retention), and only for the queues the user may act on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.duplicate import OPEN, PossibleDuplicate
from caseflow.models.role_grant import GrantDecision, RoleGrant
from caseflow.services.intake.duplicates import OPEN_PAIRS_SHOWN
from caseflow.services.safeguards import break_glass


@dataclass(frozen=True)
class Queue:
    key: str  # duplicates, break_glass, role_grants, retention
    endpoint: str
    count: int | None  # None: the page says how many


def for_user(user) -> list[Queue]:
    from caseflow.access import ALL_SITES_ROLES
    from caseflow.access.break_glass import may_review_grants
    from caseflow.access.records import may_review_retention
    from caseflow.access.role_grants import may_decide_grants

    queues = []
    if user.role in ALL_SITES_ROLES:  # the duplicates page is theirs (access.navigation_for)
        # The queue lists the latest OPEN_PAIRS_SHOWN pairs: the count says what it shows.
        pairs = db.session.scalar(select(func.count()).select_from(PossibleDuplicate)
                                  .where(PossibleDuplicate.status == OPEN)) or 0
        queues.append(Queue("duplicates", "people.duplicates", min(OPEN_PAIRS_SHOWN, pairs)))
    if may_review_grants(user):
        queues.append(Queue("break_glass", "break_glass.review_list",
                            break_glass.pending_count()))
    if may_decide_grants(user):
        queues.append(Queue("role_grants", "audit.grants", db.session.scalar(
            select(func.count()).select_from(RoleGrant)
            .where(RoleGrant.decision == GrantDecision.PENDING)) or 0))
    from caseflow.services.outreach import links as outreach_links

    if outreach_links.may_decide(user):  # outreach contacts proposed for linking
        queues.append(Queue("outreach_links", "outreach.links_queue",
                            min(outreach_links.QUEUE_SHOWN, outreach_links.pending_count())))
    if may_review_retention(user):
        queues.append(Queue("retention", "records.retention_review", None))
    return queues
