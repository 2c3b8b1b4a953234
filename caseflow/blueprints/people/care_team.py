"""The person page's care-team panel (referents and tasks) and the form to add a task,
prepared here so that templates only display it. The pages that change referents and close
tasks are the team blueprint's (caseflow/blueprints/team/)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from caseflow.access.person import person_access
from caseflow.models.task import Task, TaskStatus
from caseflow.services.care import referents, tasks
from caseflow.services.care.appointments import when_label
from caseflow.services.care.tasks import MAX_TEXT
from caseflow.timezones import site_today


class TaskForm(FlaskForm):
    text = TextAreaField(_l("To do"), validators=[
        DataRequired(message=_l("Say what is to be done.")), Length(max=MAX_TEXT)],
        description=_l("For example: call the lawyer before the hearing."),
        render_kw={"rows": 2, "maxlength": MAX_TEXT})
    due_on = DateField(_l("Due on"), validators=[
        DataRequired(message=_l("Give the day it is due."))])
    assigned_to_id = SelectField(_l("For"), coerce=int)
    site_id = SelectField(_l("Site"), coerce=int)

    def __init__(self, *args, sites=(), colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.assigned_to_id.choices = [(u.id, u.display_name) for u in colleagues]


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


def task_row(task: Task, viewer, today=None, access=None) -> TaskRow:
    today = today or site_today(task.site)
    closed = ""
    if task.status != TaskStatus.OPEN and task.closed_at:
        closed = _("%(status)s, %(when)s", status=task.status.label,
                   when=when_label(task.closed_at, task.site, "short"))
    return TaskRow(
        id=str(task.id), text=task.text or "", due=format_date(task.due_on, "medium"),
        due_iso=task.due_on.isoformat(),
        late=task.status == TaskStatus.OPEN and task.due_on < today,
        for_name=task.assigned_to.display_name,
        # "from whom" only when someone else set it
        by_name="" if task.created_by_id == task.assigned_to_id
        else task.created_by.display_name,
        site=task.site.name, status=task.status.value, status_label=str(task.status.label),
        closed=closed, version=task.version, may_close=tasks.may_close(viewer, task, access),
        person_url=url_for("people.show", person_id=task.person_id) + "#tasks")


def care_team_panel(person, viewer, form=None) -> dict:
    """The person page's panel (templates/people/_care_team.html, variable `care_team`):
    the current referents, the tasks the viewer may see, and the form to add a task when the
    viewer may write. Through an emergency access: the referents (whom to call), no task."""
    access = person_access(viewer, person)
    followed = referents.followed_site_ids(person)
    known = referents.known_to(viewer, person)
    every = [r for r in referents.current([person.id]) if r.site_id in followed]
    current = [r for r in every if r.discipline in known]
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
        "tasks": [] if emergency else [task_row(t, viewer, access=access)
                                       for t in tasks.for_person(viewer, person, access)],
        "task_form": None if emergency else form,
        "referents_url": url_for("team.referents_page", person_id=person.id)
        if may_change else None,
        "no_referent": not every and bool(followed),
    }
