"""Referents and tasks of one person: thin views over services/care/referents.py and tasks.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import parse_uuid, person_or_404
from caseflow.access.person import person_access
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.care_team import TaskForm, referent_lines
from caseflow.blueprints.people.presenters import display_name
from caseflow.blueprints.people.views import render_person
from caseflow.blueprints.team import bp
from caseflow.blueprints.team.forms import NOBODY, CloseTaskForm, ReferentForm
from caseflow.blueprints.team.presenters import referent_slots
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.task import Task, TaskStatus
from caseflow.services import ServiceError
from caseflow.services.care import referents, tasks
from caseflow.services.staff.sites import sites_by_name


def _referent_form(site_id, discipline, team, user_id, formdata=None):
    form = ReferentForm(formdata=formdata, prefix=f"r{site_id}-{discipline.value}", team=team)
    if formdata is None:
        form.site_id.data = str(site_id)
        form.discipline.data = discipline.value
        form.current.data = str(user_id or NOBODY)
        form.user_id.data = user_id or NOBODY
    return form


@bp.route("/people/<person_id>/referents", methods=["GET", "POST"])
def referents_page(person_id: str):
    person = person_or_404(person_id)
    posted = request.form.get("slot") if request.method == "POST" else None

    def make_form(site_id, discipline, team, user_id):
        key = f"r{site_id}-{discipline.value}"
        return _referent_form(site_id, discipline, team, user_id,
                              request.form if posted == key else None)

    slots = referent_slots(person, current_user, make_form)
    if not slots and not any(referents.may_change(current_user, person, s)
                             for s in referents.followed_site_ids(person)):
        abort(403)
    if posted is not None:
        slot = next((s for s in slots if f"r{s.site_id}-{s.discipline}" == posted), None)
        if slot is None:
            abort(400)
        if not (slot.form.current.data or "").isdigit():
            abort(400)
        if slot.form.validate_on_submit():
            try:
                referents.set_referent(current_user, person, site_id=slot.site_id,
                                       discipline=Discipline(slot.discipline),
                                       user_id=slot.form.user_id.data or None,
                                       expected_user_id=int(slot.form.current.data))
            except ServiceError as error:
                show_service_error(slot.form, error, fallback="user_id")
            else:
                flash(_("Referent saved."), "success")
                return redirect(url_for("people.show", person_id=person.id) + "#care-team")
    return render_template("team/referents.html", person=person, name=display_name(person),
                           slots=slots, history=referent_lines(referents.history(person.id)))


@bp.route("/people/<person_id>/tasks", methods=["POST"])
def add_task(person_id: str):
    person = person_or_404(person_id, write=True)
    writable = person_access(current_user, person).writable_sites
    form = TaskForm(sites=sites_by_name(writable), colleagues=tasks.colleagues(writable))
    if form.validate_on_submit():
        try:
            tasks.add_task(current_user, person, tasks.TaskInput(
                site_id=form.site_id.data, assigned_to_id=form.assigned_to_id.data,
                due_on=form.due_on.data, text=form.text.data or ""))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Task added."), "success")
            return redirect(url_for("people.show", person_id=person.id) + "#tasks")
    # Refused: the person page again, with the form as typed and its messages.
    return render_person(person, task_form=form), 422


def _task_or_404(task_id: str) -> tuple[object, Task]:
    found = parse_uuid(task_id)
    task = db.session.get(Task, found) if found else None
    if task is None:
        abort(404)
    person = person_or_404(task.person_id)
    if not tasks.may_see(current_user, task, person_access(current_user, person)):
        abort(404)
    return person, task


@bp.route("/tasks/<task_id>/close", methods=["POST"])
def close_task(task_id: str):
    person, task = _task_or_404(task_id)
    form = CloseTaskForm()
    if not form.validate_on_submit():
        abort(400)
    if not (form.version.data or "").isdigit():
        abort(400)
    version = int(form.version.data)
    try:
        tasks.close_task(current_user, person, task, TaskStatus(form.status.data), version)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("Task marked “%(status)s”.", status=task.status.label), "success")
    if form.back.data == "home":
        return redirect(url_for("main.home") + "#tasks")
    return redirect(url_for("people.show", person_id=person.id) + "#tasks")
