"""The coordinators' caseload page: per site and professional, people followed and overdue,
people without a referent, and the reassignment of a caseload when someone leaves."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from caseflow.access import ALL_SITES_ROLES, requires
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import rows_for
from caseflow.blueprints.team import bp
from caseflow.blueprints.team.forms import ReassignForm
from caseflow.services import ServiceError
from caseflow.services.care import caseloads, referents
from caseflow.services.staff.sites import sites_by_name


def _form(sites, formdata=None) -> ReassignForm:
    """From: whoever is referent at a site now, accounts closed included (someone has left);
    to: the active members of the sites' teams."""
    ids = [s.id for s in sites]
    members = {u.id: u for _site, u in referents.team(ids)}
    return ReassignForm(formdata=formdata, sites=sites,
                        leaving=referents.referent_users(ids),
                        people=sorted(members.values(), key=lambda u: u.display_name))


@bp.route("/caseload/", methods=["GET", "POST"])
@requires(*ALL_SITES_ROLES)
def caseload():
    sites = sites_by_name(active_only=True)
    chosen = request.args.get("site", type=int)
    shown = [s for s in sites if s.id == chosen] or sites
    form = _form(shown if chosen else sites, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        try:
            moved = referents.reassign(current_user, site_id=form.site_id.data,
                                       from_user_id=form.from_user_id.data,
                                       to_user_id=form.to_user_id.data)
        except ServiceError as error:
            show_service_error(form, error, fallback="to_user_id")
        else:
            flash(ngettext("%(num)d person reassigned.", "%(num)d people reassigned.",
                           moved), "success")
            return redirect(url_for("team.caseload", site=chosen or None))
    loads = caseloads.caseloads(current_user, shown)
    shown = {row.id: row for row in rows_for([p for load in loads for p in load.unassigned])}
    unassigned = {load.site.id: [shown[str(p.id)] for p in load.unassigned] for load in loads}
    return render_template("team/caseload.html", loads=loads, form=form, sites=sites,
                           chosen=chosen or "", unassigned=unassigned,
                           title=_("Caseloads"))
