"""A person's pregnancies: register, follow (summary, visits, correction), outcome.
Thin views over services.pregnancy."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import PERSON_READER_ROLES, parse_uuid, person_or_404, requires
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.blueprints.fields import parse_version
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.blueprints.pregnancy import bp
from caseflow.blueprints.pregnancy.forms import (
    NO,
    NONE,
    YES,
    OutcomeForm,
    PregnancyForm,
    VisitForm,
)
from caseflow.blueprints.pregnancy.presenters import ga_label, summary
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind
from caseflow.models.pregnancy import DeliveryMode, Pregnancy, PregnancyOutcome
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care import appointments
from caseflow.services.pregnancy import may_read, recording_sites
from caseflow.services.pregnancy import pregnancies as service
from caseflow.services.pregnancy.pregnancies import OutcomeInput, PregnancyInput
from caseflow.services.pregnancy.visits import VisitInput, add_visit, flags
from caseflow.timezones import site_zone, utc_from_local


def _sites(ids) -> list[Site]:
    return [db.session.get(Site, i) for i in ids]


def _input(form: PregnancyForm) -> PregnancyInput:
    return PregnancyInput(
        site_id=form.site_id.data, lmp_on=form.lmp_on.data,
        lmp_certain=form.lmp_certain.data != NO, scan_on=form.scan_on.data,
        scan_weeks=form.scan_weeks.data, scan_days=form.scan_days.data,
        gravida=form.gravida.data, para=form.para.data, risks=list(form.risks.data or ()),
        referral_place=form.referral_place.data, referral_on=form.referral_on.data,
        notes=form.notes.data)


def _stored(pregnancy: Pregnancy) -> PregnancyForm:
    form = PregnancyForm(formdata=None, obj=pregnancy, sites=_sites([pregnancy.site_id]))
    form.lmp_certain.data = YES if pregnancy.lmp_certain else NO
    if pregnancy.scan_ga_days is not None:
        form.scan_weeks.data, form.scan_days.data = divmod(pregnancy.scan_ga_days, 7)
    form.risks.data = list(pregnancy.risks or ())
    form.referral_place.data = pregnancy.referral_place
    form.notes.data = pregnancy.notes
    form.version.data = str(pregnancy.version)
    return form


def _outcome_form(pregnancy: Pregnancy) -> OutcomeForm:
    form = OutcomeForm(formdata=None)
    form.outcome.data = pregnancy.outcome.value if pregnancy.outcome else NONE
    form.outcome_on.data = pregnancy.outcome_on
    form.delivery_mode.data = pregnancy.delivery_mode.value if pregnancy.delivery_mode else NONE
    form.version.data = str(pregnancy.version)
    return form


def _load(person_id: str):
    """The person, her pregnancies the viewer reads, and the one asked for (or the latest).
    A pregnancy shown is a read of a clinical file: audited here, once per request, beside
    the person's read that person_or_404 audits."""
    person = person_or_404(person_id)
    if not may_read(current_user, person):
        abort(403)
    rows = service.pregnancies_of(current_user, person)
    wanted = request.args.get("episode")
    if wanted:
        pid = parse_uuid(wanted)
        chosen = next((p for p in rows if p.id == pid), None)
        if chosen is None:
            abort(404)
    else:
        chosen = rows[0] if rows else None
    if chosen is not None:
        record_event(Action.VIEW, actor_id=current_user.id, object_type="pregnancy",
                     object_id=str(chosen.id), person_code=person.code,
                     purpose=person_access(current_user, person).audit_purpose)
        db.session.commit()
    return person, rows, chosen


def _recorder_of(person, pregnancy) -> bool:
    return pregnancy is not None and pregnancy.site_id in recording_sites(current_user, person)


@bp.route("/people/<person_id>/new", methods=["GET", "POST"])
@requires(*PERSON_READER_ROLES)
def new(person_id: str):
    person = person_or_404(person_id, write=True)
    sites = recording_sites(current_user, person)
    if not sites:
        abort(403)
    form = PregnancyForm(sites=_sites(sites))
    if form.validate_on_submit():
        try:
            pregnancy = service.create(current_user, person, _input(form))
        except ServiceError as error:
            show_service_error(form, error, fallback="lmp_on")
        else:
            flash(_("Pregnancy recorded."), "success")
            return redirect(url_for("pregnancy.show", person_id=person.id,
                                    episode=pregnancy.id))
    return render_template("pregnancy/new.html", form=form, person=person,
                           name=display_name(person)), 422 if form.errors else 200


@bp.route("/people/<person_id>", methods=["GET", "POST"])
@requires(*PERSON_READER_ROLES)
def show(person_id: str):
    person, rows, pregnancy = _load(person_id)
    may_record = _recorder_of(person, pregnancy)
    if request.method == "POST" and not may_record:
        abort(403)
    form = _stored(pregnancy) if pregnancy is not None and request.method == "GET" else None
    status = 200
    if request.method == "POST":
        form = PregnancyForm(sites=_sites([pregnancy.site_id]))
        form.site_id.data = pregnancy.site_id
        if form.validate_on_submit():
            try:
                service.update(current_user, person, pregnancy, _input(form),
                               parse_version(form.version.data))
            except ConcurrentEditError as error:
                show_service_error(form, error, fallback="lmp_on")
                form.version.data = str(pregnancy.version)
            except ServiceError as error:
                show_service_error(form, error, fallback="lmp_on")
            else:
                flash(_("Pregnancy saved."), "success")
                return redirect(url_for("pregnancy.show", person_id=person.id,
                                        episode=pregnancy.id))
        status = 422
    return _page(person, rows, pregnancy, form, None, None, may_record, status)


def _page(person, rows, pregnancy, form, visit_form, outcome_form, may_record, status=200):
    if pregnancy is not None and may_record:
        visit_form = visit_form or VisitForm(formdata=None)
        outcome_form = outcome_form or _outcome_form(pregnancy)
    return render_template(
        "pregnancy/show.html", person=person, name=display_name(person), rows=rows,
        pregnancy=pregnancy, summary=summary(pregnancy) if pregnancy else None, form=form,
        visit_form=visit_form, outcome_form=outcome_form, may_record=may_record,
        new_url=(url_for("pregnancy.new", person_id=person.id)
                 if recording_sites(current_user, person) else None),
        ga_label=ga_label), status


def _visit_input(form: VisitForm) -> VisitInput:
    moves = {YES: True, NO: False}.get(form.fetal_movements.data)
    return VisitInput(
        visited_on=form.visited_on.data, systolic=form.systolic.data,
        diastolic=form.diastolic.data, weight=form.weight.data,
        fundal_height=form.fundal_height.data, fetal_heart_rate=form.fetal_heart_rate.data,
        fetal_movements=moves, urine_protein=form.urine_protein.data,
        haemoglobin=form.haemoglobin.data, hiv=form.hiv.data, syphilis=form.syphilis.data,
        hepatitis_b=form.hepatitis_b.data, blood_group=form.blood_group.data,
        iron_folic_acid=bool(form.iron_folic_acid.data), td_dose=form.td_dose.data,
        danger_signs=list(form.danger_signs.data or ()), next_visit_on=form.next_visit_on.data,
        note=form.note.data, values_checked=bool(form.values_checked.data))


def _appointment(person, pregnancy, form: VisitForm) -> None:
    """The next visit as an appointment, when asked: a refusal leaves the visit saved and
    says why the appointment was not made."""
    if not (form.make_appointment.data and form.next_visit_on.data):
        return
    site = db.session.get(Site, pregnancy.site_id)
    clock = form.next_visit_time.data or datetime.strptime("10:00", "%H:%M").time()
    when = utc_from_local(datetime.combine(form.next_visit_on.data, clock), site_zone(site))
    try:
        appointments.schedule(current_user, person, appointments.AppointmentInput(
            site_id=site.id, discipline=Discipline.MEDICAL,
            kind=AppointmentKind.FOLLOW_UP, scheduled_at=when, with_user_id=current_user.id))
    except ServiceError as error:
        db.session.rollback()
        flash(_("The visit is saved, but the appointment was not created: %(reason)s",
                reason=str(error.message)), "error")
    else:
        flash(_("Appointment created for the next visit."), "success")


@bp.route("/people/<person_id>/visits", methods=["POST"])
@requires(*PERSON_READER_ROLES)
def visit(person_id: str):
    person, rows, pregnancy = _load(person_id)
    if pregnancy is None or not _recorder_of(person, pregnancy):
        abort(403)
    form = VisitForm()
    if form.validate_on_submit():
        try:
            saved = add_visit(current_user, person, pregnancy, _visit_input(form))
        except ServiceError as error:
            show_service_error(form, error, fallback="visited_on")
        else:
            flash(_("Antenatal visit recorded."), "success")
            if flags(saved.measures or {}):
                flash(_("Check the flagged findings of this visit."), "error")
            _appointment(person, pregnancy, form)
            return redirect(url_for("pregnancy.show", person_id=person.id,
                                    episode=pregnancy.id) + "#visits")
    return _page(person, rows, pregnancy, _stored(pregnancy), form, None, True, 422)


@bp.route("/people/<person_id>/outcome", methods=["POST"])
@requires(*PERSON_READER_ROLES)
def outcome(person_id: str):
    person, rows, pregnancy = _load(person_id)
    if pregnancy is None or not _recorder_of(person, pregnancy):
        abort(403)
    form = OutcomeForm()
    if form.validate_on_submit():
        data = OutcomeInput(
            outcome=PregnancyOutcome(form.outcome.data) if form.outcome.data else None,
            outcome_on=form.outcome_on.data,
            delivery_mode=DeliveryMode(form.delivery_mode.data)
            if form.delivery_mode.data else None)
        try:
            service.record_outcome(current_user, person, pregnancy, data,
                                   parse_version(form.version.data))
        except ConcurrentEditError as error:
            show_service_error(form, error, fallback="outcome")
            form.version.data = str(pregnancy.version)
        except ServiceError as error:
            show_service_error(form, error, fallback="outcome")
        else:
            flash(_("Outcome saved."), "success")
            return redirect(url_for("pregnancy.show", person_id=person.id,
                                    episode=pregnancy.id))
    return _page(person, rows, pregnancy, _stored(pregnancy), None, form, True, 422)
