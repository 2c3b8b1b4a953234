"""The coordinator's list of places (disembarkation points, detention centres)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import requires
from caseflow.blueprints.outreach import bp
from caseflow.blueprints.outreach.forms import whole_numbers
from caseflow.blueprints.outreach.presenters import choices
from caseflow.blueprints.outreach.views import _errors_of
from caseflow.extensions import db
from caseflow.models.outreach import OutreachPlace, PlaceKind
from caseflow.roles import Role
from caseflow.services import ServiceError
from caseflow.services.outreach import places
from caseflow.services.outreach.places import PlaceInput

MAX_ID = 2**31 - 1  # beyond an INTEGER column: unknown, not a database error


def _kind(raw: str | None) -> PlaceKind | None:
    return PlaceKind(raw) if raw in {k.value for k in PlaceKind} else None


def _render(values=None, errors=None, edit_id=None, edit_values=None, edit_errors=None,
            status=200):
    return render_template(
        "outreach/places.html", places=places.places(), sites=places.outreach_sites(),
        values=values or {"kind": PlaceKind.DISEMBARKATION_POINT.value}, errors=errors or {},
        edit_id=edit_id, edit_values=edit_values or {}, edit_errors=edit_errors or {},
        **choices()), status


@bp.route("/places", methods=["GET", "POST"])
@requires(Role.COORDINATOR)
def places_page():
    if request.method == "GET":
        return _render()
    values = request.form.to_dict()
    read, _unread = whole_numbers(request.form, ("site_id",))  # unread: no such site
    try:
        places.add_place(current_user, PlaceInput(
            site_id=read["site_id"],
            name=values.get("name", ""), kind=_kind(values.get("kind"))))
    except ServiceError as error:
        return _render(values=values, errors=_errors_of(error), status=422)
    flash(_("Place added."), "success")
    return redirect(url_for("outreach.places_page"))


@bp.route("/places/<int:place_id>", methods=["POST"])
@requires(Role.COORDINATOR)
def edit_place(place_id: int):
    place = db.session.get(OutreachPlace, place_id) if place_id <= MAX_ID else None
    if place is None:
        abort(404)
    values = request.form.to_dict()
    read, unread = whole_numbers(request.form, ("version",))
    try:
        places.update_place(current_user, place, PlaceInput(
            site_id=place.site_id, name=values.get("name", ""), kind=_kind(values.get("kind"))),
            active=values.get("active") == "yes",
            expected_version=-1 if unread else read["version"])  # unreadable: a conflict
    except ServiceError as error:
        return _render(edit_id=place_id, edit_values=values, edit_errors=_errors_of(error),
                       status=422)
    flash(_("Place saved."), "success")
    return redirect(url_for("outreach.places_page"))
