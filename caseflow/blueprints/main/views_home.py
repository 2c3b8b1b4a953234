"""The home page: a worklist for the care teams, the indicators for the data manager, the
account summary for an administrator."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user

from caseflow.access import ALL_SITES_ROLES, reads_people
from caseflow.access.reports import may_see_indicators
from caseflow.blueprints.main import bp
from caseflow.blueprints.main.presenters import worklist_page
from caseflow.i18n import join_list
from caseflow.services.care import caseloads, worklist
from caseflow.services.safeguards import queues


@bp.route("/")
def home():
    if reads_people(current_user):
        coordinator = current_user.role in ALL_SITES_ROLES
        summaries = caseloads.site_summaries(sorted(current_user.site_ids)) \
            if coordinator else {}
        page = worklist_page(worklist.build(current_user), current_user,
                             queues.for_user(current_user), coordinator, summaries)
        sites = join_list(sorted(s.name for s in current_user.sites))
        return render_template("main/worklist.html", user=current_user, site_names=sites,
                               **page)
    if may_see_indicators(current_user):
        return redirect(url_for("reports.dashboard"))
    return render_template("main/home.html", user=current_user)
