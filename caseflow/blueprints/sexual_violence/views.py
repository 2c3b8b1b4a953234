"""Sexual-violence consultations: new, show, change, follow-up; the monthly indicator.
Thin views over services.sexual_violence."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import PERSON_READER_ROLES, parse_uuid, person_or_404, requires
from caseflow.access.person import person_access
from caseflow.access.reports import INDICATOR_ROLES
from caseflow.audit import Action, record_event
from caseflow.blueprints.fields import parse_version
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.blueprints.reports.presenters import choice_from
from caseflow.blueprints.sexual_violence import bp
from caseflow.blueprints.sexual_violence.forms import (
    NO,
    NONE,
    STEP_FIELDS,
    YES,
    ConsultationForm,
    FollowUpForm,
)
from caseflow.blueprints.sexual_violence.presenters import summary
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.sexual_violence import (
    CARE_ITEMS,
    CareStatus,
    Delay,
    EcMethod,
    NotGivenReason,
    PregnancyResult,
    SvConsultation,
)
from caseflow.models.site import Site
from caseflow.reports import sexual_violence_indicators as indicators_report
from caseflow.roles import Role
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.sexual_violence import consultations, follow_up
from caseflow.services.sexual_violence.consultations import ConsultationInput
from caseflow.timezones import local_from_utc, site_today, zone_of
from caseflow.vocabulary import Confidentiality

FALLBACK = "consulted_at"


def _sites(ids) -> list[Site]:
    return [db.session.get(Site, i) for i in ids]


def _coded(enum_cls, raw):
    return enum_cls(raw) if raw not in (None, NONE) else None


def _input(form: ConsultationForm) -> ConsultationInput:
    """The typed values; a code outside its list is refused by the form's choices first."""
    return ConsultationInput(
        site_id=form.site_id.data, consulted_at=form.consulted_at.data,
        assault_on=form.assault_on.data, assault_time=form.assault_time.data,
        assault_approx=_coded(Delay, form.assault_approx.data),
        status={i: _coded(CareStatus, form[f"{i}_status"].data) for i in CARE_ITEMS},
        reason={i: _coded(NotGivenReason, form[f"{i}_reason"].data) for i in CARE_ITEMS},
        ec_method=_coded(EcMethod, form.ec_method.data),
        pregnancy_result=_coded(PregnancyResult, form.pregnancy_result.data),
        forensic_consent={YES: True, NO: False}.get(form.forensic_consent.data),
        confirm_outside_window=bool(form.confirm_outside_window.data),
        confidentiality=Confidentiality(form.confidentiality.data),
        notes=form.notes.data,
        follow_up=frozenset(s for s, name in STEP_FIELDS.items() if form[name].data))


def _stored(c: SvConsultation) -> ConsultationForm:
    """The form filled with the stored consultation (decrypted fields included)."""
    form = ConsultationForm(formdata=None, sites=_sites([c.site_id]))
    form.site_id.data = c.site_id
    form.consulted_at.data = local_from_utc(c.consulted_at, zone_of(c.site))
    form.assault_on.data = c.assault_on
    form.assault_time.data = consultations.assault_time_of(c)
    form.assault_approx.data = c.assault_approx.value if c.assault_approx else NONE
    for item in CARE_ITEMS:
        form[f"{item}_status"].data = c.status_of(item).value
        reason = getattr(c, f"{item}_reason")
        form[f"{item}_reason"].data = reason.value if reason else NONE
    form.ec_method.data = c.ec_method.value if c.ec_method else NONE
    form.pregnancy_result.data = c.pregnancy_result.value if c.pregnancy_result else NONE
    form.forensic_consent.data = {True: YES, False: NO}.get(c.forensic_consent, NONE)
    form.confirm_outside_window.data = c.outside_window_confirmed
    form.confidentiality.data = c.confidentiality.value
    form.notes.data = c.notes
    form.version.data = str(c.version)
    return form


def _load(consultation_id: str):
    """The consultation and its person, or 404 for whoever may not read it. The person's
    read is audited by person_or_404; the consultation's own read here, per request."""
    cid = parse_uuid(consultation_id)
    consultation = db.session.get(SvConsultation, cid) if cid is not None else None
    if consultation is None:
        abort(404)
    person = person_or_404(str(consultation.person_id))
    if not consultations.visible_to(current_user, person, consultation):
        abort(404)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="sv_consultation",
                 object_id=str(consultation.id), person_code=person.code,
                 purpose=person_access(current_user, person).audit_purpose)
    db.session.commit()
    return person, consultation


def _context(person, site, on):
    return {"person": person, "name": display_name(person), "care_items": CARE_ITEMS,
            "step_fields": list(STEP_FIELDS.values()),
            "minor_reminder": consultations.reporting_reminder(person, site, on)}


@bp.route("/people/<person_id>/new", methods=["GET", "POST"])
@requires(*PERSON_READER_ROLES)
def new(person_id: str):
    person = person_or_404(person_id, write=True)
    sites = consultations.recording_sites(current_user, person)
    if not sites:
        abort(403)
    form = ConsultationForm(sites=_sites(sites))
    if request.method == "GET":  # the consultation is now, unless the clinician says otherwise
        site = db.session.get(Site, sites[0])
        form.consulted_at.data = local_from_utc(utcnow(), zone_of(site)).replace(
            second=0, microsecond=0)
    if form.validate_on_submit():
        data = _input(form)
        try:
            consultation = consultations.create(current_user, person, data)
        except ServiceError as error:
            show_service_error(form, error, fallback=FALLBACK)
        else:
            try:
                created = follow_up.create(current_user, person, consultation, data.follow_up)
            except ServiceError as error:
                db.session.rollback()
                flash(str(error.message), "error")
                created = []
            flash(_("Consultation recorded.") + (" " + _(
                "Follow-up visits scheduled: %(n)d.", n=len(created)) if created else ""),
                "success")
            return redirect(url_for("sexual_violence.show", consultation_id=consultation.id))
    site = _sites([form.site_id.data if form.site_id.data in sites else sites[0]])[0]
    return render_template("sexual_violence/form.html", form=form, consultation=None,
                           summary=None,
                           **_context(person, site, site_today(site)))


@bp.route("/<consultation_id>")
@requires(*PERSON_READER_ROLES)
def show(consultation_id: str):
    person, consultation = _load(consultation_id)
    may_change = consultations.may_change(current_user, person, consultation)
    shown = summary(consultation)
    return render_template(
        "sexual_violence/show.html", consultation=consultation, summary=shown,
        may_change=may_change, follow_up_form=FollowUpForm(formdata=None),
        offered=[s for s in shown.steps if s.offered],
        **_context(person, consultation.site,
                   consultations.local_consulted_at(consultation).date()))


@bp.route("/<consultation_id>/edit", methods=["GET", "POST"])
@requires(*PERSON_READER_ROLES)
def edit(consultation_id: str):
    person, consultation = _load(consultation_id)
    if not consultations.may_change(current_user, person, consultation):
        abort(403)
    if request.method == "GET":
        form = _stored(consultation)
    else:
        form = ConsultationForm(sites=_sites([consultation.site_id]))
    if request.method == "POST" and form.validate_on_submit():
        try:
            consultations.update(current_user, person, consultation, _input(form),
                                 parse_version(form.version.data))
        except ConcurrentEditError as error:
            show_service_error(form, error, fallback=FALLBACK)
            form.version.data = str(consultation.version)
        except ServiceError as error:
            show_service_error(form, error, fallback=FALLBACK)
        else:
            flash(_("Consultation saved."), "success")
            return redirect(url_for("sexual_violence.show", consultation_id=consultation.id))
    return render_template("sexual_violence/form.html", form=form, consultation=consultation,
                           summary=summary(consultation), **_context(person, consultation.site,
                                      consultations.local_consulted_at(consultation).date()))


@bp.route("/<consultation_id>/follow-up", methods=["POST"])
@requires(*PERSON_READER_ROLES)
def follow_up_visits(consultation_id: str):
    person, consultation = _load(consultation_id)
    if not consultations.may_change(current_user, person, consultation):
        abort(403)
    form = FollowUpForm()
    if form.validate_on_submit():
        wanted = frozenset(s for s, name in STEP_FIELDS.items() if form[name].data)
        try:
            created = follow_up.create(current_user, person, consultation, wanted)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("Follow-up visits scheduled: %(n)d.", n=len(created)), "success")
    return redirect(url_for("sexual_violence.show", consultation_id=consultation.id))


# --- Indicator -----------------------------------------------------------------------------------


@bp.route("/indicators")
@requires(*INDICATOR_ROLES)
def indicators():
    choice = choice_from(request.args, current_user)
    suppressed = current_user.role == Role.DATA_MANAGER
    rows = indicators_report.shown(indicators_report.compute(choice.month, choice.site_ids),
                                   suppressed=suppressed)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="sv_indicators",
                 object_id=choice.month.key,
                 details={"sites": "all" if choice.site_ids is None else choice.site_ids})
    db.session.commit()
    return render_template("sexual_violence/indicators.html", choice=choice, rows=rows,
                           suppressed=suppressed, bands=list(Delay))
