"""Break-glass pages: the emergency form reached from a card code, the coordinator's review."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import requires
from caseflow.access.break_glass import REVIEWER_ROLES, grant_or_404, may_break_glass
from caseflow.blueprints.break_glass import bp
from caseflow.blueprints.break_glass.forms import OpenForm, ReviewForm
from caseflow.blueprints.break_glass.presenters import review_rows
from caseflow.blueprints.form_errors import show_service_error
from caseflow.errors import render_error
from caseflow.extensions import db
from caseflow.models.person import normalise_person_code
from caseflow.models.site import Site
from caseflow.services import ServiceError
from caseflow.services.intake.search import search_people
from caseflow.services.safeguards import break_glass as service
from caseflow.services.staff.sites import sites_by_name


def _my_sites() -> list[Site]:
    return sites_by_name(current_user.site_ids, active_only=True)


def _form_page(code: str, form: OpenForm, status: int = 200):
    return render_template("break_glass/open.html", code=code, form=form,
                           minutes=service.minutes()), status


def offer_page(code: str):
    """What /people/code/<code> answers for a code outside the user's sites: the emergency
    form (or the record, while a grant is open); None when there is nothing to offer."""
    try:
        found = service.offer(current_user, code)
    except service.TooManyLookups as error:
        return render_error(429, error.message)
    if found is None:
        return None
    if found.grant is not None:
        return redirect(url_for("people.show", person_id=found.person_id))
    return _form_page(found.code, OpenForm(sites=_my_sites()))


@bp.route("/people/code/<code>/break-glass", methods=["GET", "POST"])
def open_access(code: str):
    canonical = normalise_person_code(code)
    if canonical is None:  # not a card code at all: unknown, like any malformed id
        abort(404)
    if request.method == "GET":
        if search_people(current_user, canonical):  # in the user's scope: no emergency
            return redirect(url_for("people.by_code", code=canonical))
        page = offer_page(canonical)  # counted and audited like /people/code/<code>
        if page is None:
            abort(404)
        return page
    # A post is a lookup too: counted, audited, and answered alike whether the code names
    # somebody or not (the form again, with its errors), so it tells no more than a lookup.
    if not may_break_glass(current_user):
        abort(404)  # the coordinator, whatever the code: she reads every site already
    try:
        service.attempt(current_user, canonical)
    except service.TooManyLookups as error:
        return render_error(429, error.message)
    form = OpenForm(sites=_my_sites())
    if form.validate_on_submit():
        try:
            grant = service.open_access(current_user, canonical, form.reason.data,
                                        form.site_id.data)
        except ServiceError as error:
            show_service_error(form, error, fallback="reason")
        else:
            flash(_("Emergency access opened. Every page you open is recorded."), "info")
            return redirect(url_for("people.show", person_id=grant.person_id))
    return _form_page(canonical, form)


@bp.route("/break-glass/")
@requires(*REVIEWER_ROLES)
def review_list():
    try:
        page = max(1, min(int(request.args.get("page", 1)), 10_000))
    except ValueError:
        page = 1
    grants, has_more = service.for_review(current_user, page)
    return render_template("break_glass/review.html", rows=review_rows(grants), page=page,
                           has_more=has_more, choices=ReviewForm().decision.choices,
                           pending=service.pending_count())


@bp.route("/break-glass/<grant_id>/review", methods=["POST"])
def review(grant_id: str):
    grant = grant_or_404(grant_id)
    form = ReviewForm()
    back = redirect(url_for("break_glass.review_list") + f"#grant-{grant.id}", code=303)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return back
    try:
        service.review(current_user, grant, form.version.data, form.decision.data,
                       form.note.data)
    except ServiceError as error:  # a concurrent review too: the list shows the other one
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("Review saved."), "success")
    return back

