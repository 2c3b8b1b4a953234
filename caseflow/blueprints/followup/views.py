"""Appointments (scheduling, the daily list, status) and the lost-to-follow-up list."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.access import person_or_404, person_scope_site_ids
from caseflow.access.followup import allowed_disciplines, appointment_or_404
from caseflow.access.person import person_access
from caseflow.blueprints.followup import bp
from caseflow.blueprints.followup.forms import (
    NOBODY,
    AppointmentForm,
    AppointmentStatusForm,
    DayFilterForm,
    SiteFilterForm,
)
from caseflow.blueprints.followup.presenters import day_rows, lost_rows
from caseflow.blueprints.people.presenters import display_name
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind, AppointmentStatus
from caseflow.models.site import Site
from caseflow.models.user import SiteMembership, User
from caseflow.services import ServiceError
from caseflow.services.care import appointments, follow_up
from caseflow.services.staff.sites import sites_by_name
from caseflow.timezones import site_today, utc_from_local, zone_of


def show_error(form, error: ServiceError) -> None:
    """A refused operation: its message under the field it concerns, or at the top."""
    db.session.rollback()
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        flash(str(error.message), "error")
    else:
        field.errors = [*field.errors, str(error.message)]


def _sites(ids) -> list[Site]:
    return sites_by_name(ids, active_only=ids is None)


# --- Scheduling ----------------------------------------------------------------------------------


def _appointment_form(person, appointment=None) -> AppointmentForm:
    sites = _sites(person_access(current_user, person).writable_sites)
    disciplines = allowed_disciplines(current_user)
    colleagues = appointments.with_user_choices(disciplines[0], {s.id for s in sites}) \
        if disciplines and sites else []
    form = AppointmentForm(sites=sites, disciplines=disciplines, colleagues=colleagues)
    if appointment is not None and not form.is_submitted():
        local = appointments.local_time(appointment.scheduled_at, appointment.site)
        form.site_id.data = appointment.site_id
        form.discipline.data = appointment.discipline.value
        form.kind.data = appointment.kind.value
        form.day.data, form.at.data = local.date(), local.time()
        form.with_user_id.data = appointment.with_user_id or NOBODY
        form.note.data = appointment.note
        form.version.data = str(appointment.version)
    return form


def _input(form) -> appointments.AppointmentInput:
    site = db.session.get(Site, form.site_id.data)
    if site is None:
        raise ServiceError(_("Choose a site that follows the person."), field="site_id")
    return appointments.AppointmentInput(
        site_id=site.id, discipline=Discipline(form.discipline.data),
        kind=AppointmentKind(form.kind.data),
        scheduled_at=utc_from_local(datetime.combine(form.day.data, form.at.data),
                                    zone_of(site)),
        with_user_id=form.with_user_id.data or None, note=form.note.data,
    )


@bp.route("/people/<person_id>/appointments/new", methods=["GET", "POST"])
def new_appointment(person_id: str):
    person = person_or_404(person_id, write=True)
    if not person_access(current_user, person).may_schedule:
        abort(403)
    form = _appointment_form(person)
    if form.validate_on_submit():
        try:
            appointments.schedule(current_user, person, _input(form))
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("Appointment scheduled."), "success")
            return redirect(url_for("people.show", person_id=person.id) + "#followup")
    return render_template("followup/appointment_form.html", form=form, person=person,
                           name=display_name(person), appointment=None)


@bp.route("/appointments/<appointment_id>/edit", methods=["GET", "POST"])
def edit_appointment(appointment_id: str):
    person, appointment = appointment_or_404(appointment_id)
    if not person_access(current_user, person).may_manage_appointment(appointment):
        abort(403)
    form = _appointment_form(person, appointment)
    if form.validate_on_submit():
        try:
            version = int(form.version.data) if (form.version.data or "").isdigit() else None
            appointments.update(current_user, person, appointment, _input(form), version)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("Appointment saved."), "success")
            return redirect(url_for("people.show", person_id=person.id) + "#followup")
    return render_template("followup/appointment_form.html", form=form, person=person,
                           name=display_name(person), appointment=appointment)


# --- The daily list --------------------------------------------------------------------------


def _colleagues(site_ids) -> list[User]:
    from caseflow.access import PERSON_READER_ROLES

    stmt = (select(User).join(SiteMembership, SiteMembership.user_id == User.id)
            .where(User.active.is_(True), User.role.in_(sorted(PERSON_READER_ROLES)))
            .distinct().order_by(User.display_name))
    if site_ids is not None:
        stmt = stmt.where(SiteMembership.site_id.in_(sorted(site_ids)))
    return list(db.session.scalars(stmt))


@bp.route("/appointments/")
def appointments_day():
    scope = person_scope_site_ids(current_user)
    sites = _sites(scope)
    form = DayFilterForm(request.args, sites=sites, colleagues=_colleagues(scope))
    form.validate()
    site_id = form.site.data if not form.site.errors and form.site.data else None
    user_id = form.user.data if not form.user.errors and form.user.data else None
    # Today at the site shown, else at the user's first site (whose zone the pages use).
    today = site_today(site_id or next(iter(current_user.sites), None)
                       or next(iter(sites), None))
    day = form.day.data if not form.day.errors and form.day.data else today
    try:
        listed = appointments.day_list(current_user, day, site_id=site_id, user_id=user_id)
    except ServiceError as error:
        show_error(form, error)
        day = day if error.field != "day" else today
        listed = appointments.day_list(current_user, day)
        site_id = None
    form.day.data = day
    return render_template(
        "followup/day.html", form=form, day=day, rows=day_rows(listed, current_user),
        sites=listed.sites, site_id=site_id or "", user_id=user_id or "",
        previous_day=date.fromordinal(day.toordinal() - 1).isoformat(),
        next_day=date.fromordinal(day.toordinal() + 1).isoformat(),
        mine=current_user.id,
    )


def _back(form, person) -> str:
    if form.back.data == "person":
        return url_for("people.show", person_id=person.id) + "#followup"
    if form.back.data == "home":
        return url_for("main.home") + "#appointments"
    args = {}
    with contextlib.suppress(ValueError):
        args["day"] = datetime.strptime(form.day.data or "", "%Y-%m-%d").date().isoformat()
    for name in ("site", "user"):
        value = getattr(form, name).data or ""
        if value.isdigit():
            args[name] = int(value)
    return url_for("followup.appointments_day", **args)


@bp.route("/appointments/<appointment_id>/status", methods=["POST"])
def appointment_status(appointment_id: str):
    person, appointment = appointment_or_404(appointment_id)
    form = AppointmentStatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        appointments.set_status(current_user, person, appointment,
                                AppointmentStatus(form.status.data), form.version.data)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("Appointment marked “%(status)s”.", status=appointment.status.label),
              "success")
    return redirect(_back(form, person))


# --- Lost to follow-up ---------------------------------------------------------------------------


@bp.route("/follow-up/lost")
def lost():
    scope = person_scope_site_ids(current_user)
    form = SiteFilterForm(request.args, sites=_sites(scope))
    form.validate()
    site_id = form.site.data if not form.site.errors and form.site.data else None
    try:
        rows = follow_up.lost_to_follow_up(current_user, site_id)
    except ServiceError as error:
        show_error(form, error)
        rows = follow_up.lost_to_follow_up(current_user)
    return render_template("followup/lost.html", form=form, rows=lost_rows(rows))
