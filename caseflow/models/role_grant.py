"""Role grants: a widening of an account's access waiting for a medical coordinator.

An administrator manages accounts but never reads clinical content. Without a
second person, she could give herself (or an account whose password she holds)
a clinical, coordinator or data-manager role and read what her role forbids.
So a change that gives such a role, or adds a site to such an account, is
stored here as a request; the account keeps its previous role and sites until
a coordinator who did not ask for it approves. Narrowing (removing a role or a
site) needs nobody: it is applied at once and never stored here.

Each row keeps what was asked (role, discipline, sites), what the account had
then (to show the reviewer the difference), who asked, and the decision. Rows
are never deleted: the history of who gave whom which access is the point.
`activates` marks the request that switches the account on when approved: a new
account (created inactive; no `previous_role`), or one whose password or
two-factor sign-in an administrator reset (switched off meanwhile, so that she
cannot sign in as that person; caseflow.services.staff.role_grants.hold_sign_in).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.disciplines import Discipline
from caseflow.disciplines.column import DisciplineColumn
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.user import User
from caseflow.roles import Role
from caseflow.vocabulary import Labelled


class GrantDecision(Labelled):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    # A later edit of the same account replaced the request before anyone decided.
    SUPERSEDED = "superseded"

    @property
    def label(self):
        return DECISION_LABELS[self]


DECISION_LABELS = {
    GrantDecision.PENDING: _l("Awaiting approval"),
    GrantDecision.APPROVED: _l("Approved"),
    GrantDecision.REFUSED: _l("Refused"),
    GrantDecision.SUPERSEDED: _l("Replaced by a later change"),
}


class RoleGrant(Base):
    __tablename__ = "role_grant"
    __table_args__ = (
        # The coordinator's list (pending first, newest first) and "has this account a
        # request waiting?" on the administrator's pages.
        Index("ix_role_grant_decision_requested_at", "decision", "requested_at"),
        Index("ix_role_grant_user_id_decision", "user_id", "decision"),
    )

    # A random id: the approve URL names no guessable, countable number.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    discipline: Mapped[Discipline | None] = mapped_column(DisciplineColumn())
    site_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    previous_role: Mapped[Role | None] = mapped_column(str_enum(Role))
    previous_discipline: Mapped[Discipline | None] = mapped_column(DisciplineColumn())
    previous_site_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    activates: Mapped[bool] = mapped_column(default=False)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decision: Mapped[GrantDecision] = mapped_column(str_enum(GrantDecision),
                                                    default=GrantDecision.PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id],
                                                     lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        kwargs.setdefault("decision", GrantDecision.PENDING)
        super().__init__(**kwargs)

    @property
    def pending(self) -> bool:
        return self.decision == GrantDecision.PENDING

    @property
    def added_site_ids(self) -> set[int]:
        return set(self.site_ids or ()) - set(self.previous_site_ids or ())
