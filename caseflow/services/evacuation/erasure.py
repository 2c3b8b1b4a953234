"""What an erasure does to the person's evacuation cases (called by
services.safeguards.erasure before the person's key is shredded).

The words of the cases become unreadable with the key; the codes and dates stay for the
indicators (tests/evacuation/test_erasure.py). Two things would still say something of
the person: who travels with whom (`group_id`: a family link, protection-sensitive, and
data held in Libya must be useless to whoever seizes a machine), and an open case, which
would keep counting among the cases waiting and be offered in other people's "travelling
with" list under a tombstone. So the group link is cleared and an open case closed as
withdrawn, with no step row and no audit detail beyond the erasure's own event: a row
naming who closed it and why would only repeat the erasure.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.evacuation import OPEN, EvacuationCase, EvacuationStatus
from caseflow.services.evacuation.cases import bump


def erase_cases(person_id, today: date) -> None:
    for case in db.session.scalars(select(EvacuationCase).where(
            EvacuationCase.person_id == person_id)):
        changed = case.group_id is not None or case.status in OPEN
        case.group_id = None
        if case.status in OPEN:
            case.status = EvacuationStatus.WITHDRAWN
            case.status_on = max(today, case.status_on)
        if changed:
            bump(case)
