"""Scales: choose, fill, see the score; correct or mark entered in error. Thin views over
services.scales."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import PERSON_READER_ROLES, parse_uuid, person_or_404, requires
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.blueprints.fields import parse_version
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.blueprints.scales import bp
from caseflow.blueprints.scales.forms import ErrorForm, ResultForm
from caseflow.blueprints.scales.presenters import (
    answers,
    choices,
    declared_years,
    row,
    subscores,
)
from caseflow.extensions import db
from caseflow.models.scale_result import ResultStatus, ScaleResult
from caseflow.models.site import Site
from caseflow.scales import scale as scale_of
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.scales import results, who
from caseflow.services.scales.results import ResultInput, answers_of
from caseflow.timezones import site_today


def _sites(ids) -> list[Site]:
    return [db.session.get(Site, i) for i in ids]


def _answers(scale) -> dict[int, str | None]:
    """What was ticked, item by item (None: not answered); the service checks the values."""
    return {n: (request.form.get(f"item_{n}") or None) for n in scale.item_numbers}


def _invalid_items(error: ServiceError | None, scale, ticked: dict) -> set[int]:
    """The items to mark on the form: every unanswered one, else the one refused."""
    if error is None or not (error.field or "").startswith("item_"):
        return set()
    missing = {n for n in scale.item_numbers if ticked.get(n) is None}
    return missing or {int(error.field.removeprefix("item_"))}


def _mine(person, result) -> bool:
    """The author may correct a current result while they may still record here."""
    return (result.author_id == current_user.id and result.status == ResultStatus.CURRENT
            and result.site_id in who.recording_sites(current_user, person))


def _load(result_id: str):
    """The result and its person, or 404 for whoever may not read it; the read is audited
    (the person's by person_or_404, the result's here: who opened a scale's answers)."""
    rid = parse_uuid(result_id)
    person_id = db.session.scalar(db.select(ScaleResult.person_id).where(
        ScaleResult.id == rid)) if rid is not None else None
    if person_id is None:
        abort(404)
    person = person_or_404(str(person_id))
    result = results.readable(current_user, person, rid)
    if result is None:
        abort(404)
    record_event(Action.VIEW, actor_id=current_user.id, object_type=results.OBJECT,
                 object_id=str(result.id), person_code=person.code,
                 purpose=person_access(current_user, person).audit_purpose)
    db.session.commit()
    return person, result


@bp.route("/people/<person_id>/new")
@requires(*PERSON_READER_ROLES)
def choose(person_id: str):
    person = person_or_404(person_id, write=True)
    sites = who.recording_sites(current_user, person)
    if not sites:
        abort(403)
    years = declared_years(person, site_today(sites[0]))
    return render_template("scales/choose.html", person=person, name=display_name(person),
                           choices=choices(person, years), years=years)


def _form_page(person, scale, form, ticked, error=None, result=None, status=200):
    return render_template("scales/form.html", person=person, name=display_name(person),
                           scale=scale, form=form, ticked=ticked, result=result,
                           invalid=_invalid_items(error, scale, ticked)), status


@bp.route("/people/<person_id>/new/<scale_code>", methods=["GET", "POST"])
@requires(*PERSON_READER_ROLES)
def new(person_id: str, scale_code: str):
    person = person_or_404(person_id, write=True)
    scale = scale_of(scale_code)
    if scale is None:
        abort(404)
    sites = who.recording_sites(current_user, person)
    if not sites:
        abort(403)
    form = ResultForm(sites=_sites(sites))
    if request.method == "GET":
        form.administered_on.data = site_today(sites[0])
        return _form_page(person, scale, form, {})
    ticked = _answers(scale)
    if form.validate_on_submit():
        try:
            result = results.record(current_user, person, ResultInput(
                scale.code.value, form.administered_on.data, ticked, form.site_id.data))
        except ServiceError as error:
            show_service_error(form, error, fallback=None)
            return _form_page(person, scale, form, ticked, error, status=422)
        flash(_("Result recorded."), "success")  # no scale named: the flash is in the cookie
        return redirect(url_for("scales.show", result_id=result.id))
    return _form_page(person, scale, form, ticked, status=422)


@bp.route("/results/<result_id>")
@requires(*PERSON_READER_ROLES)
def show(result_id: str):
    person, result = _load(result_id)
    mine = _mine(person, result)
    error_form = ErrorForm(formdata=None, version=str(result.version)) if mine else None
    return _show_page(person, result, mine, error_form)


def _show_page(person, result, mine, error_form, status=200):
    return render_template("scales/result.html", person=person, name=display_name(person),
                           result=result, row=row(result), answers=answers(result),
                           subscores=subscores(result), mine=mine, error_form=error_form,
                           history=results.history(current_user, person, result)), status


@bp.route("/results/<result_id>/correct", methods=["GET", "POST"])
@requires(*PERSON_READER_ROLES)
def correct(result_id: str):
    person, result = _load(result_id)
    if not _mine(person, result):
        abort(403)
    scale = scale_of(result.scale)
    form = ResultForm(sites=_sites([result.site_id]))
    if request.method == "GET":
        form.administered_on.data = result.administered_on
        form.version.data = str(result.version)
        return _form_page(person, scale, form, answers_of(result), result=result)
    ticked = _answers(scale)
    if form.validate_on_submit():
        try:
            replacement = results.correct(current_user, person, result, ResultInput(
                scale.code.value, form.administered_on.data, ticked),
                parse_version(form.version.data))
        except ConcurrentEditError as error:
            show_service_error(form, error, fallback=None)
            form.version.data = str(result.version)
            return _form_page(person, scale, form, ticked, error, result, 409)
        except ServiceError as error:
            show_service_error(form, error, fallback=None)
            return _form_page(person, scale, form, ticked, error, result, 422)
        flash(_("Correction recorded; the previous result is kept in the history."), "success")
        return redirect(url_for("scales.show", result_id=replacement.id))
    return _form_page(person, scale, form, ticked, result=result, status=422)


@bp.route("/results/<result_id>/error", methods=["POST"])
@requires(*PERSON_READER_ROLES)
def entered_in_error(result_id: str):
    person, result = _load(result_id)
    if not _mine(person, result):
        abort(403)
    form = ErrorForm()
    if form.validate_on_submit():
        try:
            results.mark_in_error(current_user, person, result, form.reason.data,
                                  parse_version(form.version.data))
        except ServiceError as error:
            show_service_error(form, error, fallback="reason")
        else:
            flash(_("Result marked as entered in error."), "success")
            return redirect(url_for("people.show", person_id=person.id))
    result = db.session.get(ScaleResult, result.id)
    return _show_page(person, result, True, form, 422)
