"""People travelling together: evacuation cases linked in a group (a family, a mother and
her daughter), and who may see the group.

Apart from cases.py because a group crosses records: linking moves other people's cases,
so it is refused when one of them is at a site the actor does not write, and each case
moved is audited under its own person; reading names only the members whose record the
viewer may open.
"""

from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.access import in_scope_clause
from caseflow.extensions import db
from caseflow.models.evacuation import OPEN, EvacuationCase
from caseflow.services import ServiceError, commit_or_conflict
from caseflow.services.evacuation import EVACUATION_ROLES
from caseflow.services.evacuation.cases import (
    audit,
    bump,
    check_version,
    may_change,
    refuse_unless,
    writable_sites,
)


def link(actor, person, case: EvacuationCase, other: EvacuationCase,
         expected_version: int | None) -> EvacuationCase:
    """Put `other` (another person's case the actor also writes) in `case`'s group; two
    groups that meet become one, only when the actor writes every case that changes group
    (a case of another site is not moved behind its team's back), each audited."""
    refuse_unless(may_change(actor, person, case))
    check_version(case, expected_version)
    other_person = db.session.get(type(person), other.person_id)
    if other.person_id == case.person_id or other.site_id not in writable_sites(actor,
                                                                                other_person):
        raise ServiceError(_l("Choose the case of another person your team follows."),
                           field="other")
    group = case.group_id or other.group_id or uuid.uuid4()
    merged = {case.group_id, other.group_id} - {None, group}
    members = [case, other]
    if merged:
        members += [c for c in db.session.scalars(select(EvacuationCase).where(
            EvacuationCase.group_id.in_(merged))) if c.id not in {case.id, other.id}]
    people = {case.id: person, other.id: other_person}
    for member in members[2:]:
        people[member.id] = db.session.get(type(person), member.person_id)
        if not may_change(actor, people[member.id], member):
            raise ServiceError(_l("These groups include a case your team does not follow: "
                                  "its team links the cases."), field="other")
    for member in members:
        if member.group_id != group:
            member.group_id = group
            bump(member)
    audit(actor, person, case, step="group_linked", other=str(other.id))
    audit(actor, other_person, other, step="group_linked", other=str(case.id))
    for member in members[2:]:
        audit(actor, people[member.id], member, step="group_linked", other=str(case.id))
    commit_or_conflict()
    return case


def unlink(actor, person, case: EvacuationCase, expected_version: int | None) -> EvacuationCase:
    """The case leaves its group (the others stay together)."""
    refuse_unless(may_change(actor, person, case))
    check_version(case, expected_version)
    if case.group_id is None:
        return case
    case.group_id = None
    bump(case)
    audit(actor, person, case, step="group_left")
    commit_or_conflict()
    return case


def group_members(viewer, case: EvacuationCase) -> list[EvacuationCase]:
    """The other cases of the group whose person the viewer may read (site scope), at a site
    of the viewer's (or every site for a coordinator): the others are not named."""
    if case.group_id is None or viewer.role not in EVACUATION_ROLES:
        return []
    from caseflow.access import person_scope_site_ids

    query = select(EvacuationCase).where(EvacuationCase.group_id == case.group_id,
                                         EvacuationCase.id != case.id,
                                         in_scope_clause(viewer, EvacuationCase.person_id))
    sites = person_scope_site_ids(viewer)
    if sites is not None:
        query = query.where(EvacuationCase.site_id.in_(sorted(sites)))
    return list(db.session.scalars(query.order_by(EvacuationCase.created_at)))


def linkable(viewer, person, case: EvacuationCase) -> list[EvacuationCase]:
    """Open cases of other people at the case's site, for the "travelling together" list."""
    if not may_change(viewer, person, case):
        return []
    return [c for c in db.session.scalars(select(EvacuationCase).where(
        EvacuationCase.site_id == case.site_id, EvacuationCase.person_id != person.id,
        EvacuationCase.status.in_(OPEN)).order_by(EvacuationCase.created_at))
        if c.group_id is None or c.group_id != case.group_id]
