"""Tasks: dated things to do for a person, for oneself or a colleague of the site.

A task belongs to a site where its author may write for the person; it is for a member of
that site's care team. It is seen by whom it is for, its author, the site's team and the
coordinators, never through an emergency (break-glass) access: a task is the team's
working memory, not part of the record an emergency needs. Done or cancelled, never
deleted; the text is encrypted with the person's key (models/task.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.erasure import erased
from caseflow.models.person import Person
from caseflow.models.task import Task, TaskStatus
from caseflow.models.user import SiteMembership, User
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.timezones import site_today

MAX_TEXT = 500
OPEN_SHOWN = 100  # a worklist's tasks; more is a list nobody reads
LATEST_DUE_YEARS = 3  # further than this is a typing error, not a plan


# Who set a task and whom it is for are shown by name: their site memberships (loaded with
# every user by default) are read only if something asks for them.
_NAMES_ONLY = (joinedload(Task.assigned_to).lazyload(User.memberships),
               joinedload(Task.created_by).lazyload(User.memberships))


@dataclass(frozen=True)
class TaskInput:
    site_id: int
    assigned_to_id: int
    due_on: date | None
    text: str


def colleagues(site_ids) -> list:
    """Whom a task can be for: active members of these sites' care teams, by name (rows of
    id and display_name: a picker needs no more)."""
    from caseflow.access import PERSON_READER_ROLES

    ids = sorted(site_ids)
    if not ids:
        return []
    return list(db.session.execute(
        select(User.id, User.display_name).join(SiteMembership,
                                                SiteMembership.user_id == User.id)
        .where(SiteMembership.site_id.in_(ids), User.active.is_(True),
               User.role.in_(sorted(PERSON_READER_ROLES)))
        .distinct().order_by(User.display_name)))


def _team_of(site_id: int) -> set[int]:
    return {u.id for u in colleagues([site_id])}


def may_see(viewer, task: Task, access=None) -> bool:
    """Whom it is for and its author; otherwise the team of its site (the coordinators for
    every site) when the task's discipline is theirs or one the person shares with the team,
    as for a note of that discipline; never through an emergency access. `access`: the
    viewer's PersonAccess to the task's person (None: whom it is for or its author only)."""
    from caseflow.access import ALL_SITES_ROLES
    from caseflow.access.followup import known_disciplines

    if access is not None and access.emergency is not None:
        return False
    if viewer.id in (task.assigned_to_id, task.created_by_id):
        return True
    if access is None:
        return False
    in_team = viewer.role in ALL_SITES_ROLES or task.site_id in viewer.site_ids
    return in_team and task.discipline in known_disciplines(viewer, access.shared_disciplines)


def may_close(viewer, task: Task, access=None) -> bool:
    """Whoever may see an open task may close it: whom it is for, its author, the site's
    team of that discipline, a coordinator (someone has left)."""
    return task.status == TaskStatus.OPEN and may_see(viewer, task, access)


def for_person(viewer, person, access) -> list[Task]:
    """The person's tasks the viewer may see: open ones by due date, then the closed."""
    rows = db.session.scalars(select(Task).where(Task.person_id == person.id)
                              .options(*_NAMES_ONLY).order_by(Task.due_on, Task.created_at))
    visible = [t for t in rows if may_see(viewer, t, access)]
    return sorted(visible, key=lambda t: t.status != TaskStatus.OPEN)


def _cleaned(text: str) -> str:
    """Spaces tidied, line breaks kept (a task may be a short list)."""
    lines = (" ".join(line.split()) for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def add_task(actor, person: Person, data: TaskInput) -> Task:
    from caseflow.access.person import person_access

    text = _cleaned(data.text)
    if actor.discipline is None:
        raise ServiceError(_l("Only the professionals of a discipline set tasks."))
    if data.site_id not in person_access(actor, person).writable_sites:
        raise ServiceError(_l("Choose a site where you follow the person."), field="site_id")
    if not text:
        raise ServiceError(_l("Say what is to be done."), field="text")
    if len(text) > MAX_TEXT:
        raise ServiceError(_l("Keep the task to %(count)d characters at most.", count=MAX_TEXT),
                           field="text")
    today = site_today(data.site_id)
    if data.due_on is None:
        raise ServiceError(_l("Give the day it is due."), field="due_on")
    if data.due_on < today:
        raise ServiceError(_l("Choose today or a later day."), field="due_on")
    if data.due_on.year > today.year + LATEST_DUE_YEARS:
        raise ServiceError(_l("Choose a day within the next three years."), field="due_on")
    if data.assigned_to_id not in _team_of(data.site_id):
        raise ServiceError(_l("Choose a member of the site's team."), field="assigned_to_id")
    task = Task(person_id=person.id, site_id=data.site_id, assigned_to_id=data.assigned_to_id,
                created_by_id=actor.id, discipline=actor.discipline, due_on=data.due_on,
                text=text)
    db.session.add(task)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="task", object_id=str(task.id),
                 person_code=person.code, site_id=data.site_id,
                 details={"assigned_to_id": data.assigned_to_id,
                          "due_on": data.due_on.isoformat()})
    db.session.commit()
    return task


def close_task(actor, person: Person, task: Task, status: TaskStatus,
               expected_version: int | None) -> None:
    """Mark the task done or cancelled; refused when someone else closed or changed it since
    the page was shown (the page then shows what they did)."""
    if status not in (TaskStatus.DONE, TaskStatus.CANCELLED):
        raise ServiceError(_l("A task is done or cancelled."))
    if expected_version is not None and task.version != expected_version:
        raise ConcurrentEditError(_l("Someone else changed this task in the meantime."))
    if task.status != TaskStatus.OPEN:
        raise ConcurrentEditError(_l("This task was already closed."))
    from caseflow.access.person import person_access

    if not may_close(actor, task, person_access(actor, person)):
        raise ServiceError(_l("You cannot close this task."))
    task.status = status
    task.closed_at = utcnow()
    task.closed_by_id = actor.id
    task.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="task", object_id=str(task.id),
                 person_code=person.code, site_id=task.site_id,
                 details={"status": status.value})
    commit_or_conflict()


def open_for(user, person_ids=None) -> list[Task]:
    """The open tasks for `user`, by due date (of people still in the user's scope)."""
    from caseflow.access import in_scope_clause

    stmt = select(Task).where(Task.assigned_to_id == user.id, Task.status == TaskStatus.OPEN,
                              in_scope_clause(user, Task.person_id), ~erased(Task.person_id)
                              ).options(*_NAMES_ONLY)
    if person_ids is not None:
        stmt = stmt.where(Task.person_id.in_(list(person_ids)))
    return list(db.session.scalars(stmt.order_by(Task.due_on, Task.created_at)
                                   .limit(OPEN_SHOWN)))


def hand_over(actor, *, site_id: int, from_user_id: int, to_user_id: int) -> int:
    """Give the open tasks of the site for `from_user_id` to `to_user_id` (someone leaves:
    with their caseload, inside the caller's transaction); each audited on its person."""
    moved = list(db.session.scalars(select(Task).where(
        Task.assigned_to_id == from_user_id, Task.site_id == site_id,
        Task.status == TaskStatus.OPEN)))
    codes = dict(db.session.execute(select(Person.id, Person.code).where(
        Person.id.in_({t.person_id for t in moved}))).all()) if moved else {}
    for task in moved:
        task.assigned_to_id = to_user_id
        task.version += 1
        record_event(Action.UPDATE, actor_id=actor.id, object_type="task",
                     object_id=str(task.id), person_code=codes.get(task.person_id),
                     site_id=site_id, details={"assigned_to_id": to_user_id,
                                               "previous_assigned_to_id": from_user_id})
    return len(moved)
