"""Retention review, erasure and subject access: thin views over services/retention.py,
services/erasure.py and services/safeguards/subject_access.py. The blueprint admits coordinators
only (access/records.py); each person is loaded once through person_or_404."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import languages
from caseflow.access import person_or_404
from caseflow.blueprints.downloads import file_response
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.records import bp
from caseflow.blueprints.records.forms import ErasureForm
from caseflow.extensions import db
from caseflow.models.erasure import ErasureReason
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.safeguards import retention as retention_service
from caseflow.services.safeguards import subject_access
from caseflow.services.safeguards.erasure import erase_person
from caseflow.sessions import require_recent_auth

MIME = {"pdf": "application/pdf", "json": "application/json; charset=utf-8"}


@bp.route("/records/retention")
def retention_review():
    """Records past their retention date, oldest first. Codes, sites and dates only: the
    decision rests on dates, and the list spans every site, so no name is shown."""
    try:
        page = max(1, min(int(request.args.get("page", 1)), 100_000))
    except ValueError:
        page = 1
    try:
        review = retention_service.review(current_user, page)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        review = None
    return render_template("records/review.html", review=review)


@bp.route("/people/<person_id>/erase", methods=["GET", "POST"])
@require_recent_auth
def erase(person_id: str):
    person = person_or_404(person_id, purpose="erasure_review")
    form = ErasureForm()
    if not form.is_submitted():
        form.version.data = person.version
    try:
        retention = retention_service.retention_of(person)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        retention = None
    if form.validate_on_submit():
        try:
            erase_person(current_user, person, reason=ErasureReason(form.reason_category.data),
                         typed_code=form.confirm_code.data, expected_version=form.version.data)
        except ServiceError as error:
            show_service_error(form, error)
            if isinstance(error, ConcurrentEditError):
                return redirect(url_for("records.erase", person_id=person_id), code=303)
        else:
            flash(_("The record was erased. Nothing of it can be read any more."), "success")
            return redirect(url_for("people.show", person_id=person_id), code=303)
    return render_template("records/erase.html", person=person, form=form,
                           retention=retention,
                           past=retention is not None and retention.past(date.today()))


@bp.route("/people/<person_id>/subject-access")
@require_recent_auth  # before the choice of language: the downloads then follow at once
def subject_access_page(person_id: str):
    """What the export holds and leaves out, and the links to download it."""
    person = person_or_404(person_id, purpose="subject_access")
    return render_template("records/subject_access.html", person=person,
                           left_out=subject_access.LEFT_OUT,
                           disclosed=subject_access.DISCLOSED)


def _language() -> str:
    language = request.args.get("lang") or str(get_locale())
    if not languages.is_supported(language):
        abort(400)
    return language


def _download(person_id: str, fmt: str):
    language = _language()
    person = person_or_404(person_id, purpose="subject_access")
    try:
        body = subject_access.export(current_user, person, fmt, language)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("records.subject_access_page", person_id=person_id), code=303)
    return file_response(body, MIME[fmt], f"subject-access-{language}.{fmt}", inline=False)


@bp.route("/people/<person_id>/subject-access.pdf")
@require_recent_auth
def subject_access_pdf(person_id: str):
    return _download(person_id, "pdf")


@bp.route("/people/<person_id>/subject-access.json")
@require_recent_auth
def subject_access_json(person_id: str):
    return _download(person_id, "json")
