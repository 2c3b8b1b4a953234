"""What the care-team panel of the person page and the referents page show, prepared here so
that templates only display it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from caseflow.access.person import person_access
from caseflow.disciplines import Discipline
from caseflow.models.task import Task, TaskStatus
from caseflow.services.care import referents, tasks
from caseflow.services.care.appointments import when_label
from caseflow.services.staff.sites import sites_by_name
from caseflow.timezones import site_today


@dataclass
class ReferentLine:
    site: str
    discipline: str
    name: str
    since: str


@dataclass
class TaskRow:
    id: str
    text: str
    due: str
    due_iso: str
    late: bool
    for_name: str
    by_name: str
    site: str
    status: str
    status_label: str
    closed: str
    version: int
    may_close: bool
    person_url: str


def referent_lines(rows) -> list[ReferentLine]:
    return [ReferentLine(r.site.name, str(r.discipline.label), r.user.display_name,
                         format_date(r.started_at, "medium")) for r in rows]


def task_row(task: Task, viewer, today=None) -> TaskRow:
    today = today or site_today(task.site)
    closed = ""
    if task.status != TaskStatus.OPEN and task.closed_at:
        closed = _("%(status)s, %(when)s", status=task.status.label,
                   when=when_label(task.closed_at, task.site, "short"))
    return TaskRow(
        id=str(task.id), text=task.text or "", due=format_date(task.due_on, "medium"),
        due_iso=task.due_on.isoformat(),
        late=task.status == TaskStatus.OPEN and task.due_on < today,
        for_name=task.assigned_to.display_name, by_name=task.created_by.display_name,
        site=task.site.name, status=task.status.value, status_label=str(task.status.label),
        closed=closed, version=task.version, may_close=tasks.may_close(viewer, task),
        person_url=url_for("people.show", person_id=task.person_id) + "#tasks")


def care_team_panel(person, viewer, form=None) -> dict:
    """The person page's panel (templates/people/_care_team.html, variable `care_team`):
    the current referents, the tasks the viewer may see, and the form to add a task when the
    viewer may write. Through an emergency access: the referents (whom to call), no task."""
    from caseflow.blueprints.team.forms import TaskForm

    access = person_access(viewer, person)
    followed = referents.followed_site_ids(person)
    current = [r for r in referents.current([person.id]) if r.site_id in followed]
    emergency = access.emergency is not None
    writable = access.writable_sites
    if form is None and writable and not emergency:
        # The sites from the person's enrolments (loaded with the page): no query for them.
        sites = sorted({e.site.id: e.site for e in person.enrolments
                        if e.site_id in writable}.values(), key=lambda s: s.name)
        form = TaskForm(sites=sites, colleagues=tasks.colleagues(writable),
                        formdata=None)
        form.assigned_to_id.data = viewer.id
        form.due_on.data = site_today(sites[0]) if sites else None
    may_change = any(referents.may_change(viewer, person, s) for s in followed)
    return {
        "referents": referent_lines(current),
        "tasks": [] if emergency else [task_row(t, viewer)
                                       for t in tasks.for_person(viewer, person, access)],
        "task_form": None if emergency else form,
        "referents_url": url_for("team.referents_page", person_id=person.id)
        if may_change else None,
        "no_referent": not current and bool(followed),
    }


@dataclass
class ReferentSlot:
    site_id: int
    site: str
    discipline: str
    discipline_label: str
    current: str
    form: object


def referent_slots(person, viewer, make_form) -> list[ReferentSlot]:
    """One form per (site where the viewer may change referents, discipline with a team)."""
    current = {(r.site_id, r.discipline): r for r in referents.current([person.id])}
    slots = []
    for site in sites_by_name(referents.followed_site_ids(person)):
        if not referents.may_change(viewer, person, site.id):
            continue
        for discipline in Discipline:
            team = referents.eligible(site.id, discipline)
            row = current.get((site.id, discipline))
            if not team and row is None:
                continue
            form = make_form(site.id, discipline, team, row.user_id if row else None)
            slots.append(ReferentSlot(site.id, site.name, discipline.value,
                                      str(discipline.label),
                                      row.user.display_name if row else "", form))
    return slots
