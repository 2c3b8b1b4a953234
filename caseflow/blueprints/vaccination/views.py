"""A person's vaccinations: the page, the status, a dose, a dose entered in error, and the
appointment for the next dose. Thin views over services.vaccination.records."""

from __future__ import annotations

from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import PERSON_READER_ROLES, parse_uuid, person_or_404, requires
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.blueprints.fields import parse_version
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.blueprints.vaccination import bp
from caseflow.blueprints.vaccination.forms import DoseForm, ErrorForm, StatusForm
from caseflow.blueprints.vaccination.presenters import build
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care import appointments
from caseflow.services.vaccination import records
from caseflow.timezones import to_utc

APPOINTMENT_HOUR = time(9, 0)  # the next dose's appointment, site time; changed as usual


def _sites(ids) -> list[Site]:
    return [db.session.get(Site, i) for i in ids]


def _reader(person_id: str):
    person = person_or_404(person_id)
    if not records.may_read(current_user, person):
        abort(403)
    return person


def _writer(person_id: str):
    person = person_or_404(person_id, write=True)
    if not records.may_write(current_user, person):
        abort(403)
    return person


def _status_form(person, panel, formdata=None) -> StatusForm:
    sites = _sites(records.writing_sites(current_user, person))
    form = StatusForm(formdata=formdata, sites=sites)
    if formdata is None:
        form.source.data = panel.source.value
        form.version.data = str(panel.status.version) if panel.status is not None else ""
    return form


def _dose_form(person, panel, formdata=None) -> DoseForm:
    form = DoseForm(formdata=formdata, sites=_sites(records.writing_sites(current_user, person)))
    if formdata is None:
        form.given_on.data = panel.today.strftime("%d/%m/%Y")  # a dose given now: today
    return form


def _page(person, status_form=None, dose_form=None, error_form=None, status: int = 200):
    panel = build(person, current_user)
    if panel.may_write:
        status_form = status_form or _status_form(person, panel)
        dose_form = dose_form or _dose_form(person, panel)
    return render_template(
        "vaccination/page.html", person=person, name=display_name(person), vaccination=panel,
        status_form=status_form, dose_form=dose_form, error_form=error_form or ErrorForm(
            formdata=None),
        may_schedule=panel.may_write and person_access(current_user, person).may_schedule,
    ), status


@bp.route("/people/<person_id>")
@requires(*PERSON_READER_ROLES)
def record(person_id: str):
    person = _reader(person_id)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="vaccination",
                 object_id=str(person.id), person_code=person.code,
                 purpose=person_access(current_user, person).audit_purpose)
    db.session.commit()
    return _page(person)


def _back(person):
    return redirect(url_for("vaccination.record", person_id=person.id))


@bp.route("/people/<person_id>/status", methods=["POST"])
@requires(*PERSON_READER_ROLES)
def status(person_id: str):
    person = _writer(person_id)
    form = StatusForm(sites=_sites(records.writing_sites(current_user, person)))
    if form.validate_on_submit():
        expected = parse_version(form.version.data) if form.version.data else None
        try:
            records.record_status(current_user, person, form.source.data, expected,
                                  site_id=form.site_id.data)
        except ConcurrentEditError as error:
            show_service_error(form, error, fallback="source")
            current = records.current_status(person)
            form.version.data = str(current.version) if current is not None else ""
        except ServiceError as error:
            show_service_error(form, error, fallback="source")
        else:
            flash(_("Vaccination status recorded."), "success")
            return _back(person)
    return _page(person, status_form=form, status=422)


@bp.route("/people/<person_id>/doses", methods=["POST"])
@requires(*PERSON_READER_ROLES)
def add_dose(person_id: str):
    person = _writer(person_id)
    form = DoseForm(sites=_sites(records.writing_sites(current_user, person)))
    if form.validate_on_submit():
        data = records.DoseInput(
            vaccine=form.vaccine.data, given_on=form.given_on.data, origin=form.origin.data,
            dose_number=form.dose_number.data, lot_number=form.lot_number.data,
            other_name=form.other_name.data, site_id=form.site_id.data)
        try:
            records.add_dose(current_user, person, data)
        except ServiceError as error:
            show_service_error(form, error, fallback="vaccine")
        else:
            flash(_("Vaccination recorded."), "success")
            return _back(person)
    return _page(person, dose_form=form, status=422)


@bp.route("/people/<person_id>/doses/error", methods=["POST"])
@requires(*PERSON_READER_ROLES)
def mark_error(person_id: str):
    person = _writer(person_id)
    form = ErrorForm()
    if form.validate_on_submit():
        dose = records.dose_visible(current_user, person, parse_uuid(form.dose_id.data))
        if dose is None:
            abort(404)
        try:
            records.mark_in_error(current_user, person, dose, form.reason.data,
                                  parse_version(form.version.data))
        except ServiceError as error:
            # One small form per dose on the page: the message goes at the top.
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("The entry is marked as entered in error. Record the right one if "
                    "needed."), "success")
            return _back(person)
    return _page(person, error_form=form, status=422)


@bp.route("/people/<person_id>/appointment", methods=["POST"])
@requires(*PERSON_READER_ROLES)
def schedule_next(person_id: str):
    """A medical follow-up appointment on the day the next dose of a series is due."""
    person = _writer(person_id)
    if not person_access(current_user, person).may_schedule:
        abort(403)
    form = ErrorForm()  # the CSRF check; the series is a button's value
    if not form.validate_on_submit():
        abort(400)
    panel = build(person, current_user)
    wanted = request.form.get("series", "")
    state = next((s for s in panel.due if s.series.value == wanted), None)
    if state is None:
        abort(404)
    day = max(state.next_due_on, panel.today)
    site_id = records.writing_sites(current_user, person)[0]
    note = _("Vaccination: %(series)s, dose %(number)d",
             series=state.series.label, number=state.next_dose)
    try:
        appointments.schedule(current_user, person, appointments.AppointmentInput(
            site_id=site_id, discipline=Discipline.MEDICAL, kind=AppointmentKind.FOLLOW_UP,
            scheduled_at=to_utc(datetime.combine(day, APPOINTMENT_HOUR), site_id),
            note=note))
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("Appointment scheduled."), "success")
    return _back(person)

