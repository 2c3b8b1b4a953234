"""Evacuation pages. Each view: load through the access rules, call the service, answer; a
refusal re-displays the case page with the message beside its field (400), never a 500."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.access import parse_uuid, person_or_404, requires
from caseflow.access.person import Grant, person_access
from caseflow.access.reports import INDICATOR_ROLES
from caseflow.audit import Action, record_event
from caseflow.blueprints.evacuation import bp
from caseflow.blueprints.evacuation.forms import (
    CaseForm,
    FitnessForm,
    GroupForm,
    ReportForm,
    StepCorrectionForm,
    StepForm,
)
from caseflow.blueprints.evacuation.presenters import case_page, linkable_choices
from caseflow.blueprints.fields import parse_version
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.blueprints.reports.presenters import choice_from
from caseflow.extensions import db
from caseflow.models.evacuation import (
    EvacuationCase,
    EvacuationStatus,
    Fitness,
    Mechanism,
    TravelCondition,
)
from caseflow.models.referral import PartnerKind
from caseflow.reports import evacuation_indicators
from caseflow.roles import Role
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care.consents import ConsentInput
from caseflow.services.evacuation import EVACUATION_ROLES, fitness, groups
from caseflow.services.evacuation import cases as service
from caseflow.timezones import site_today
from caseflow.vocabulary import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
)


def _case_or_404(evacuation_case_id: str):
    """The person (loaded and audited by person_or_404), then the case if this user may
    read it; 404 otherwise, as for a person out of reach."""
    cid = parse_uuid(evacuation_case_id)
    if cid is None:
        abort(404)
    person_id = db.session.scalar(select(EvacuationCase.person_id)
                                  .where(EvacuationCase.id == cid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id)
    found = service.find_visible(current_user, person, cid)
    if found is None:
        abort(404)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="evacuation_case",
                 object_id=str(cid), person_code=person.code, purpose=_purpose(person))
    db.session.commit()
    return person, found


def _purpose(person) -> str | None:
    """The purpose person_or_404 recorded for this read: break glass, or a coordinator's
    supervision, so that the person's event and the case's say the same."""
    access = person_access(current_user, person)
    if access.grant is Grant.SUPERVISION:
        return "supervision"
    return access.audit_purpose


def _changeable(evacuation_case_id: str):
    person, found = _case_or_404(evacuation_case_id)
    if not service.may_change(current_user, person, found):
        abort(403)
    return person, found


def _input(form: CaseForm) -> service.CaseInput:
    return service.CaseInput(
        mechanism=Mechanism(form.mechanism.data) if form.mechanism.data in set(Mechanism)
        else None,
        destination=form.destination.data or "",
        partner_kind=(PartnerKind(form.partner_kind.data)
                      if form.partner_kind.data in set(PartnerKind) else None),
        identified_on=form.identified_on.data, partner_name=form.partner_name.data or "",
        partner_case_number=form.partner_case_number.data or "", notes=form.notes.data or "")


@bp.route("/people/<person_id>/new", methods=["GET", "POST"])
@requires(*EVACUATION_ROLES)
def new_case(person_id: str):
    person = person_or_404(person_id, write=True)
    sites = service.writable_sites(current_user, person)
    if not sites:
        abort(403)
    form = CaseForm()
    if request.method == "GET":
        form.identified_on.data = site_today(min(sites))
    if form.validate_on_submit():
        try:
            found = service.create_case(current_user, person, _input(form))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Evacuation case opened."), "success")
            return redirect(url_for("evacuation.case", evacuation_case_id=found.id))
    return render_template("evacuation/case_form.html", form=form, person=person,
                           name=display_name(person)), (400 if request.method == "POST" else 200)


@bp.route("/cases/<evacuation_case_id>/edit", methods=["GET", "POST"])
@requires(*EVACUATION_ROLES)
def edit_case(evacuation_case_id: str):
    person, found = _changeable(evacuation_case_id)
    if request.method == "GET":
        form = CaseForm(formdata=None, mechanism=found.mechanism.value,
                        destination=found.destination, partner_kind=found.partner_kind.value,
                        partner_name=found.partner_name or "",
                        partner_case_number=found.partner_case_number or "",
                        notes=found.notes or "", version=found.version)
    else:
        form = CaseForm()
    if form.validate_on_submit():
        try:
            service.update_case(current_user, person, found, _input(form),
                                parse_version(form.version.data))
        except ServiceError as error:
            show_service_error(form, error)
            if isinstance(error, ConcurrentEditError):
                form.version.data = found.version
        else:
            flash(_("Evacuation case corrected."), "success")
            return redirect(url_for("evacuation.case", evacuation_case_id=found.id))
    return render_template("evacuation/case_form.html", form=form, person=person,
                           name=display_name(person), case=found), (
        400 if request.method == "POST" else 200)


def _render(person, found, status=200, **forms):
    page = case_page(person, found, current_user)
    today = site_today(found.site_id)
    version = found.version
    defaults = {
        "step_form": lambda: StepForm(formdata=None, statuses=service.next_steps(found),
                                      step_on=today, version=version),
        "correction_form": lambda: StepCorrectionForm(formdata=None,
                                                      steps=service.steps(found),
                                                      version=version),
        "fitness_form": lambda: FitnessForm(formdata=None, assessed_on=today,
                                            version=version),
        "report_form": lambda: ReportForm(formdata=None,
                                          reports=fitness.reports_to_attach(person, found),
                                          decided_on=today, version=version),
        "group_form": lambda: GroupForm(formdata=None,
                                        cases=linkable_choices(current_user, person, found),
                                        version=version),
    }
    for name, make in defaults.items():
        if forms.get(name) is None:
            forms[name] = make()
    _audit_shown(person, found, page, forms["group_form"])
    return render_template("evacuation/case.html", **forms, **page), status


@bp.route("/cases/<evacuation_case_id>")
@requires(*EVACUATION_ROLES)
def case(evacuation_case_id: str):
    person, found = _case_or_404(evacuation_case_id)
    return _render(person, found)


def _audit_shown(person, found, page: dict, group_form) -> None:
    """Other people named on the page (the group's members, the "travelling with" list)
    are recorded as shown, their codes in `details` as a search records its results, so
    that each one's audit review lists this read."""
    codes = sorted({m["code"] for m in page["members"]}
                   | {label.split(" · ", 1)[0] for value, label in group_form.other.choices
                      if value})
    if not codes:
        return
    record_event(Action.VIEW, actor_id=current_user.id, object_type="evacuation_group",
                 object_id=str(found.id), person_code=person.code, purpose=_purpose(person),
                 details={"codes": codes})
    db.session.commit()


def _refused(form, error: ServiceError, found) -> None:
    show_service_error(form, error)
    if isinstance(error, ConcurrentEditError):
        form.version.data = found.version


def _done(found, message: str):
    flash(message, "success")
    return redirect(url_for("evacuation.case", evacuation_case_id=found.id))


@bp.route("/cases/<evacuation_case_id>/step", methods=["POST"])
@requires(*EVACUATION_ROLES)
def step(evacuation_case_id: str):
    person, found = _changeable(evacuation_case_id)
    form = StepForm(statuses=service.next_steps(found))
    if form.validate_on_submit():
        status = (EvacuationStatus(form.status.data)
                  if form.status.data in set(EvacuationStatus) else None)
        try:
            service.record_step(current_user, person, found, status, form.step_on.data,
                                parse_version(form.version.data))
        except ServiceError as error:
            _refused(form, error, found)
        else:
            return _done(found, _("Step recorded."))
    return _render(person, found, 400, step_form=form)


@bp.route("/cases/<evacuation_case_id>/step-correction", methods=["POST"])
@requires(*EVACUATION_ROLES)
def correct_step(evacuation_case_id: str):
    person, found = _changeable(evacuation_case_id)
    form = StepCorrectionForm(steps=service.steps(found))
    if form.validate_on_submit():
        try:
            service.correct_step(current_user, person, found, parse_uuid(form.step_id.data),
                                 form.step_on.data, parse_version(form.version.data))
        except ServiceError as error:
            _refused(form, error, found)
        else:
            return _done(found, _("Date corrected."))
    return _render(person, found, 400, correction_form=form)


@bp.route("/cases/<evacuation_case_id>/fitness", methods=["POST"])
@requires(Role.DOCTOR)
def assess(evacuation_case_id: str):
    person, found = _changeable(evacuation_case_id)
    if not fitness.may_assess(current_user, person, found):
        abort(403)
    form = FitnessForm()
    if form.validate_on_submit():
        data = fitness.FitnessInput(
            assessed_on=form.assessed_on.data,
            category=Fitness(form.category.data) if form.category.data in set(Fitness)
            else None,
            valid_until=form.valid_until.data,
            conditions=[TravelCondition(c) for c in form.conditions.data or ()
                        if c in set(TravelCondition)],
            details=form.details.data or "")
        try:
            fitness.assess(current_user, person, found, data, parse_version(form.version.data))
        except ServiceError as error:
            _refused(form, error, found)
        else:
            return _done(found, _("Fitness to travel recorded."))
    return _render(person, found, 400, fitness_form=form)


def _consent(form: ReportForm) -> ConsentInput | None:
    if form.consent_decision.data not in ("given", "refused"):
        return None
    return ConsentInput(
        purpose=ConsentPurpose.PARTNER_SHARING,
        decision=ConsentDecision(form.consent_decision.data),
        decided_by=DecidedBy(form.decided_by.data) if form.decided_by.data in set(DecidedBy)
        else DecidedBy.PERSON,
        method=ConsentMethod(form.method.data) if form.method.data in set(ConsentMethod)
        else ConsentMethod.ORAL,
        interpreter_kind=(InterpreterKind(form.interpreter_kind.data)
                          if form.interpreter_kind.data in set(InterpreterKind)
                          else InterpreterKind.NONE_NEEDED),
        interpreter_language=form.interpreter_language.data or None,
        accompanying_adult=form.accompanying_adult.data,
        decided_on=form.decided_on.data)


@bp.route("/cases/<evacuation_case_id>/report", methods=["POST"])
@requires(*EVACUATION_ROLES)
def attach(evacuation_case_id: str):
    person, found = _changeable(evacuation_case_id)
    if not fitness.may_attach(current_user, person, found):
        abort(403)  # as `assess`: the service's refusal is for a page that offered nothing
    form = ReportForm(reports=fitness.reports_to_attach(person, found))
    if form.validate_on_submit():
        try:
            fitness.attach_report(current_user, person, found,
                                  parse_uuid(form.certificate_id.data), _consent(form),
                                  parse_version(form.version.data))
        except ServiceError as error:
            _refused(form, error, found)
        else:
            return _done(found, _("Medical report put in the file."))
    return _render(person, found, 400, report_form=form)


@bp.route("/cases/<evacuation_case_id>/group", methods=["POST"])
@requires(*EVACUATION_ROLES)
def group(evacuation_case_id: str):
    person, found = _changeable(evacuation_case_id)
    form = GroupForm(cases=linkable_choices(current_user, person, found))
    if form.validate_on_submit():
        try:
            if request.form.get("leave"):
                groups.unlink(current_user, person, found, parse_version(form.version.data))
            else:
                other = db.session.get(EvacuationCase, parse_uuid(form.other.data)) if (
                    parse_uuid(form.other.data)) else None
                if other is None:
                    raise ServiceError(_("Choose the case of another person your team "
                                         "follows."), field="other")
                groups.link(current_user, person, found, other,
                             parse_version(form.version.data))
        except ServiceError as error:
            _refused(form, error, found)
        else:
            return _done(found, _("Group saved."))
    return _render(person, found, 400, group_form=form)


@bp.route("/indicators")
@requires(*INDICATOR_ROLES)
def indicators():
    choice = choice_from(request.args, current_user)
    suppressed = current_user.role == Role.DATA_MANAGER
    figures = evacuation_indicators.compute(choice.month, choice.site_ids)
    waiting = evacuation_indicators.waiting(choice.site_ids)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="evacuation_indicators",
                 object_id=choice.month.key,
                 details={"sites": "all" if choice.site_ids is None else choice.site_ids})
    db.session.commit()
    return render_template(
        "evacuation/indicators.html", choice=choice, suppressed=suppressed,
        table=evacuation_indicators.shown(figures, waiting, suppressed=suppressed))
