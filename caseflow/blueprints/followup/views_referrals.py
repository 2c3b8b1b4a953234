"""Referrals: new referral (with the partner-sharing consent inline), status, letter."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import languages
from caseflow.access import person_or_404
from caseflow.access.followup import referral_or_404
from caseflow.access.person import person_access
from caseflow.blueprints.downloads import file_response
from caseflow.blueprints.followup import bp, letter
from caseflow.blueprints.followup.forms import (
    PartnerConsentForm,
    ReferralForm,
    ReferralStatusForm,
)
from caseflow.blueprints.followup.presenters import referral_page
from caseflow.blueprints.followup.views import _sites, show_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.extensions import db
from caseflow.models.referral import ReferralStatus, Urgency
from caseflow.services import ServiceError
from caseflow.services.care import referrals
from caseflow.services.care.consents import ConsentInput
from caseflow.vocabulary import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
)


def _consent_input(form, decision: str) -> ConsentInput:
    return ConsentInput(
        purpose=ConsentPurpose.PARTNER_SHARING, decision=ConsentDecision(decision),
        decided_by=DecidedBy(form.decided_by.data), method=ConsentMethod(form.method.data),
        interpreter_kind=InterpreterKind(form.interpreter_kind.data),
        interpreter_language=form.interpreter_language.data or None,
        accompanying_adult=form.accompanying_adult.data,
        decided_on=getattr(getattr(form, "decided_on", None), "data", None),
    )


@bp.route("/people/<person_id>/referrals/new", methods=["GET", "POST"])
def new_referral(person_id: str):
    person = person_or_404(person_id, write=True)
    if not person_access(current_user, person).may_refer:
        abort(403)
    form = ReferralForm(own_discipline=current_user.discipline,
                        sites=_sites(person_access(current_user, person).writable_sites))
    if form.validate_on_submit():
        target_discipline, partner_kind = form.chosen_target()
        data = referrals.ReferralInput(
            reason=form.reason.data, urgency=Urgency(form.urgency.data),
            target_discipline=target_discipline, partner_kind=partner_kind,
            partner_name=form.partner_name.data, site_id=form.site_id.data)
        consent = (_consent_input(form, form.consent_decision.data)
                   if partner_kind is not None and form.consent_decision.data else None)
        try:
            referral = referrals.create(current_user, person, data, consent)
        except ServiceError as error:
            show_error(form, error)
        else:
            if referrals.consent_given(referral):
                flash(_("Referral recorded."), "success")
            else:
                flash(_("Referral recorded, but the person has not agreed to share with this "
                        "partner: it cannot be sent nor its letter printed."), "error")
            return redirect(url_for("followup.referral", referral_id=referral.id))
    return render_template("followup/referral_form.html", form=form, person=person,
                           name=display_name(person))


@bp.route("/referrals/<referral_id>")
def referral(referral_id: str):
    person, found = referral_or_404(referral_id)
    page = referral_page(person, found, current_user)
    status_form = ReferralStatusForm(statuses=page["statuses"], version=found.version)
    consent_form = PartnerConsentForm()
    return render_template("followup/referral.html", status_form=status_form,
                           consent_form=consent_form, **page)


@bp.route("/referrals/<referral_id>/status", methods=["POST"])
def referral_status(referral_id: str):
    person, found = referral_or_404(referral_id)
    form = ReferralStatusForm(statuses=list(ReferralStatus))
    if not form.validate_on_submit():
        abort(400)
    try:
        referrals.set_status(current_user, person, found, ReferralStatus(form.status.data),
                             outcome=form.outcome.data, outcome_on=form.outcome_on.data,
                             expected_version=form.version.data)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("Referral marked “%(status)s”.", status=found.status.label), "success")
    return redirect(url_for("followup.referral", referral_id=found.id))


@bp.route("/referrals/<referral_id>/consent", methods=["POST"])
def referral_consent(referral_id: str):
    person, found = referral_or_404(referral_id)
    form = PartnerConsentForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("followup.referral", referral_id=found.id))
    try:
        referrals.record_consent(current_user, person, found,
                                 _consent_input(form, form.decision.data))
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("Consent recorded."), "success")
    return redirect(url_for("followup.referral", referral_id=found.id))


@bp.route("/referrals/<referral_id>/letter.pdf")
def referral_letter(referral_id: str):
    person, found = referral_or_404(referral_id, purpose="print referral letter")
    language = request.args.get("lang") or str(get_locale())
    if not languages.is_supported(language):
        language = languages.DEFAULT
    try:
        pdf = referrals.print_letter(
            current_user, person, found,
            lambda: letter.render(person, found, found.author, language), language)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("followup.referral", referral_id=found.id), code=303)
    # A generic file name: the person's name stays out of downloads folders and logs.
    return file_response(pdf, "application/pdf", "referral-letter.pdf")
