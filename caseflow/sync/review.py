"""Operations applied and flagged for a look: never discarded, never silently accepted.

SORMAS lost the unsynced work of users whose access changed while offline. Here the
work lands (the care was given, the note was written) and the operation says why
someone should look at it:

- ``author_inactive``: the author's account was deactivated centrally meanwhile;
- ``author_unknown``: central holds no account with the author's id;
- ``author_left_site``: the row belongs to a site the author is no longer a member of;
- ``row_missing``: an update of a row central does not hold (erased, or never arrived);
  kept, not applied;
- ``key_missing``: a person arrived before their key: stored, not yet searchable nor
  checked for duplicates (``caseflow.sync.apply.index_people`` does it when the key comes);
- ``code_reissued``: a person registered on a box whose code already named someone
  centrally was given a new code (a card printed on the box carries the old one);
- ``code_clash``: on a box, a person from central whose code the box had drawn for one
  of its own: left out until central has re-coded the box's person (see above);
- ``columns_unknown``: the operation names columns this version does not have (a box
  newer than central): the known ones applied, the whole operation kept;
- ``unreadable``: an update of a record whose values cannot be opened here (the person
  was erased, their key shredded): kept, not applied;
- ``not_synced``: a table or kind of operation this version does not sync; kept, not
  applied.

The decision is simple on purpose: it reads the author's account as it is centrally when
the operation arrives. ``operations_for_review`` lists them for a coordinator;
``mark_reviewed`` records who looked.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseflow.audit import Action, record_event
from caseflow.models.base import utcnow
from caseflow.models.sync_operation import SyncOperation

AUTHOR_INACTIVE = "author_inactive"
AUTHOR_UNKNOWN = "author_unknown"
AUTHOR_LEFT_SITE = "author_left_site"
ROW_MISSING = "row_missing"
NOT_SYNCED = "not_synced"
KEY_MISSING = "key_missing"
CODE_REISSUED = "code_reissued"
CODE_CLASH = "code_clash"
COLUMNS_UNKNOWN = "columns_unknown"
UNREADABLE = "unreadable"
# A certificate from a box that the box could not have issued (caseflow/sync/certificates.py).
CERTIFICATE_REFUSED = "certificate_refused"

_SITE_COLUMNS = ("site_id",)


def reason_for(session: Session, op: dict) -> str | None:
    """Why an operation needs a look given its author's account here now, or None."""
    from caseflow.models.user import SiteMembership, User

    user_id = op.get("user_id")
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None:
        return AUTHOR_UNKNOWN
    if not user.active:
        return AUTHOR_INACTIVE
    payload = op.get("payload") or {}
    site = payload.get("site_id")
    if isinstance(site, list):  # an update: [before, after]
        site = site[1]
    if site is not None and session.scalar(
            select(SiteMembership.id).where(SiteMembership.user_id == user_id,
                                            SiteMembership.site_id == site)) is None:
        return AUTHOR_LEFT_SITE
    return None


def operations_for_review(session: Session, limit: int = 200) -> list[SyncOperation]:
    """Flagged operations nobody has looked at yet, in the order they arrived."""
    return list(session.scalars(
        select(SyncOperation).where(SyncOperation.review_reason.is_not(None),
                                    SyncOperation.reviewed_at.is_(None))
        .order_by(SyncOperation.arrival).limit(limit)))


def mark_reviewed(session: Session, operation: SyncOperation, user) -> None:
    """Someone looked at a flagged operation (audited; the operation itself is unchanged)."""
    operation.reviewed_by_id = user.id
    operation.reviewed_at = utcnow()
    record_event(Action.UPDATE, actor_id=user.id, object_type="sync_operation",
                 object_id=str(operation.id), details={"reviewed": operation.review_reason},
                 session=session)
    session.commit()
