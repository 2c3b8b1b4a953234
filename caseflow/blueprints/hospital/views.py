"""Hospital follow-up pages. Each view: load through the access rules, call the service,
answer; a refusal re-displays the form as typed with the message beside its field."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.access import parse_uuid, person_or_404, requires
from caseflow.access.person import person_access
from caseflow.access.reports import INDICATOR_ROLES
from caseflow.audit import Action, record_event
from caseflow.blueprints.fields import parse_version
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.hospital import bp
from caseflow.blueprints.hospital.forms import (
    MAX_ID,
    VISIT_KINDS,
    AdmissionForm,
    CostsForm,
    DischargeForm,
    HospitalForm,
    VisitForm,
)
from caseflow.blueprints.hospital.presenters import admission_page
from caseflow.blueprints.people.presenters import display_name
from caseflow.blueprints.reports.presenters import choice_from
from caseflow.extensions import db
from caseflow.models.hospital import HospitalAdmission, Outcome, PartnerHospital, ReferredBy
from caseflow.models.site import Site
from caseflow.reports import hospital_indicators
from caseflow.roles import Role
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.hospital import COST_ROLES, HOSPITAL_ROLES, partners
from caseflow.services.hospital import admissions as service
from caseflow.timezones import site_today, site_zone, utc_from_local
from caseflow.vocabulary import NoteKind


def _refused(form, error: ServiceError, record) -> None:
    """The refusal beside its field, the typed values kept; after a conflict the form
    carries the version now stored, so that a save after reviewing goes through."""
    show_service_error(form, error)
    if isinstance(error, ConcurrentEditError):
        form.version.data = record.version


def _admission_or_404(hospital_admission_id: str):
    """The person (loaded and audited by person_or_404), then the admission if this user
    may read it; 404 otherwise, as for a person out of reach."""
    aid = parse_uuid(hospital_admission_id)
    if aid is None:
        abort(404)
    person_id = db.session.scalar(select(HospitalAdmission.person_id)
                                  .where(HospitalAdmission.id == aid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id)
    admission = service.find_visible(current_user, person, aid)
    if admission is None:
        abort(404)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="hospital_admission",
                 object_id=str(aid), person_code=person.code,
                 purpose=person_access(current_user, person).audit_purpose)
    db.session.commit()
    return person, admission


# --- Admissions --------------------------------------------------------------------------------


@bp.route("/people/<person_id>/admissions/new", methods=["GET", "POST"])
@requires(*HOSPITAL_ROLES)
def new_admission(person_id: str):
    person = person_or_404(person_id, write=True)
    sites = service.writable_sites(current_user, person)
    if not sites:
        abort(403)
    form = AdmissionForm(hospitals=partners.active_hospitals(sites))
    if request.method == "GET" and form.admitted_on.data is None:
        form.admitted_on.data = site_today(min(sites))
    if form.validate_on_submit():
        try:
            admission = service.create_admission(current_user, person, _admission_input(form))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Admission recorded."), "success")
            return redirect(url_for("hospital.admission", hospital_admission_id=admission.id))
    return render_template("hospital/admission_form.html", form=form, person=person,
                           name=display_name(person)), (400 if request.method == "POST" else 200)


def _admission_input(form: AdmissionForm) -> service.AdmissionInput:
    return service.AdmissionInput(
        hospital_id=form.hospital_id.data, admitted_on=form.admitted_on.data,
        reason_code=form.reason_code.data or "",
        referred_by=(ReferredBy(form.referred_by.data)
                     if form.referred_by.data in set(ReferredBy) else None),
        ward=form.ward.data, reason_text=form.reason_text.data)


@bp.route("/admissions/<hospital_admission_id>/edit", methods=["GET", "POST"])
@requires(*HOSPITAL_ROLES)
def edit_admission(hospital_admission_id: str):
    """Correct what was recorded at admission; version-checked like the discharge."""
    person, found = _admission_or_404(hospital_admission_id)
    if not service.may_change(current_user, person, found):
        abort(403)
    offered = partners.active_hospitals(service.writable_sites(current_user, person))
    if found.hospital not in offered:
        offered = [found.hospital, *offered]
    if request.method == "GET":
        form = AdmissionForm(
            formdata=None, hospitals=offered, hospital_id=found.hospital_id, ward=found.ward,
            admitted_on=found.admitted_on, reason_code=found.reason_code,
            reason_text=found.reason_text, referred_by=found.referred_by.value,
            version=found.version)
    else:
        form = AdmissionForm(hospitals=offered)
    if form.validate_on_submit():
        try:
            service.update_admission(current_user, person, found, _admission_input(form),
                                     parse_version(form.version.data))
        except ServiceError as error:
            _refused(form, error, found)
        else:
            flash(_("Admission corrected."), "success")
            return redirect(url_for("hospital.admission", hospital_admission_id=found.id))
    return render_template("hospital/admission_form.html", form=form, person=person,
                           name=display_name(person), admission=found), (
        400 if request.method == "POST" else 200)


def _render_admission(person, admission, *, discharge_form=None, costs_form=None,
                      visit_form=None, status=200):
    page = admission_page(person, admission, current_user)
    if discharge_form is None:
        discharge_form = DischargeForm(
            formdata=None, discharged_on=admission.discharged_on,
            outcome=admission.outcome.value if admission.outcome else "",
            confirm_death=admission.outcome is Outcome.DIED, version=admission.version)
    if costs_form is None and page["may_set_costs"]:
        costs_form = CostsForm(formdata=None, amount=("" if admission.cost_amount is None
                                       else str(admission.cost_amount)),
                               currency=admission.cost_currency or "",
                               version=admission.version)
    if visit_form is None:
        default = (NoteKind.NURSING_CARE if current_user.role == Role.NURSE
                   else NoteKind.MEDICAL_CONSULTATION)
        visit_form = VisitForm(formdata=None, kinds=VISIT_KINDS, kind=default.value,
                               day=site_today(admission.site_id))
    return render_template("hospital/admission.html", discharge_form=discharge_form,
                           costs_form=costs_form, visit_form=visit_form, **page), status


@bp.route("/admissions/<hospital_admission_id>")
@requires(*HOSPITAL_ROLES)
def admission(hospital_admission_id: str):
    person, found = _admission_or_404(hospital_admission_id)
    return _render_admission(person, found)


@bp.route("/admissions/<hospital_admission_id>/discharge", methods=["POST"])
@requires(*HOSPITAL_ROLES)
def discharge(hospital_admission_id: str):
    person, found = _admission_or_404(hospital_admission_id)
    if not service.may_change(current_user, person, found):
        abort(403)
    form = DischargeForm()
    if form.validate_on_submit():
        data = service.DischargeInput(
            discharged_on=form.discharged_on.data,
            outcome=Outcome(form.outcome.data) if form.outcome.data in set(Outcome) else None,
            confirm_death=bool(form.confirm_death.data))
        try:
            service.discharge(current_user, person, found, data,
                              parse_version(form.version.data))
        except ServiceError as error:
            _refused(form, error, found)
        else:
            flash(_("Discharge recorded."), "success")
            return redirect(url_for("hospital.admission", hospital_admission_id=found.id))
    return _render_admission(person, found, discharge_form=form, status=400)


@bp.route("/admissions/<hospital_admission_id>/costs", methods=["POST"])
@requires(*COST_ROLES)
def costs(hospital_admission_id: str):
    person, found = _admission_or_404(hospital_admission_id)
    form = CostsForm()
    if form.validate_on_submit():
        try:
            amount = service.parse_amount(form.amount.data)
            service.set_costs(current_user, person, found, amount, form.currency.data,
                              parse_version(form.version.data))
        except ServiceError as error:
            _refused(form, error, found)
        else:
            flash(_("Costs recorded."), "success")
            return redirect(url_for("hospital.admission", hospital_admission_id=found.id))
    return _render_admission(person, found, costs_form=form, status=400)


@bp.route("/admissions/<hospital_admission_id>/visits", methods=["POST"])
@requires(*HOSPITAL_ROLES)
def visit(hospital_admission_id: str):
    person, found = _admission_or_404(hospital_admission_id)
    if not service.may_change(current_user, person, found):
        abort(403)
    form = VisitForm(kinds=VISIT_KINDS)
    if form.validate_on_submit():
        try:
            if form.day.data is None:
                raise ServiceError(_("Give the date of the visit."), field="day")
            if form.kind.data not in {k.value for k in VISIT_KINDS}:
                raise ServiceError(_("Choose the kind of visit."), field="kind")
            local = datetime.combine(form.day.data, form.at.data or datetime.min.time())
            occurred_at = utc_from_local(local, site_zone(found.site_id))
            service.record_visit(current_user, person, found, NoteKind(form.kind.data),
                                 occurred_at, form.text.data or "")
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Visit recorded."), "success")
            return redirect(url_for("hospital.admission", hospital_admission_id=found.id))
    return _render_admission(person, found, visit_form=form, status=400)


# --- The coordinator's list of hospitals ---------------------------------------------------------


def _all_sites() -> list[Site]:
    return list(db.session.scalars(select(Site).order_by(Site.code)))


@bp.route("/partners", methods=["GET", "POST"])
@requires(*COST_ROLES)
def partners_list():
    form = HospitalForm(sites=_all_sites())
    if form.validate_on_submit():
        try:
            partners.add_hospital(current_user, partners.HospitalInput(
                name=form.name.data or "", site_id=form.site_id.data,
                active=bool(form.active.data)))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Hospital added."), "success")
            return redirect(url_for("hospital.partners_list"))
    status = 400 if request.method == "POST" else 200  # here after a POST: refused
    return render_template("hospital/partners.html", form=form,
                           hospitals=partners.all_hospitals()), status


@bp.route("/partners/<int:hospital_id>", methods=["GET", "POST"])
@requires(*COST_ROLES)
def partner(hospital_id: int):
    if hospital_id > MAX_ID:
        abort(404)
    hospital = db.session.get(PartnerHospital, hospital_id) or abort(404)
    form = HospitalForm(sites=_all_sites(), obj=None if request.method == "POST" else hospital)
    if request.method == "GET":
        form.version.data = hospital.version
    if form.validate_on_submit():
        try:
            partners.update_hospital(current_user, hospital, partners.HospitalInput(
                name=form.name.data or "", site_id=form.site_id.data,
                active=bool(form.active.data)), parse_version(form.version.data))
        except ServiceError as error:
            _refused(form, error, hospital)
        else:
            flash(_("Hospital saved."), "success")
            return redirect(url_for("hospital.partners_list"))
    return render_template("hospital/partner.html", form=form, hospital=hospital), (
        400 if request.method == "POST" else 200)


# --- Indicators ----------------------------------------------------------------------------------


def _count(n: int, suppressed: bool) -> str:
    return hospital_indicators.suppress(n) if suppressed else str(n)


@bp.route("/indicators")
@requires(*INDICATOR_ROLES)
def indicators():
    choice = choice_from(request.args, current_user)
    suppressed = current_user.role == Role.DATA_MANAGER
    figures = hospital_indicators.compute(choice.month, choice.site_ids)
    rows = hospital_indicators.shown(
        figures, suppressed=suppressed,
        format_amount=lambda v: format_decimal(v, format="#,##0.00"),
        format_number=format_decimal)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="hospital_indicators",
                 object_id=choice.month.key,
                 details={"sites": "all" if choice.site_ids is None else choice.site_ids})
    db.session.commit()
    return render_template("hospital/indicators.html", choice=choice, rows=rows,
                           suppressed=suppressed, outcomes=list(Outcome),
                           may_keep_list=current_user.role in COST_ROLES,
                           ongoing=_count(hospital_indicators.ongoing(choice.site_ids),
                                          suppressed),
                           currencies=hospital_indicators.CURRENCIES)
