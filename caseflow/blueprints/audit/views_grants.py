"""The coordinator's review of access given and of consents recorded (issue 14).

/audit/grants: the role and site grants administrators asked for, to approve
or refuse (approving needs a recent confirmation of identity). /audit/consents:
every recent consent decision of the people the coordinator supervises, by
person code, with who recorded it and who confirmed it.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.access.role_grants import refusal_to_decide, role_grant_or_404
from caseflow.blueprints.audit import bp
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.services import ServiceError
from caseflow.services.safeguards import audit_review
from caseflow.services.staff import role_grants
from caseflow.sessions import require_recent_auth


@bp.route("/audit/grants")
def grants():
    pending, decided = role_grants.review_list()
    sites = dict(db.session.execute(select(Site.id, Site.name)).all())
    return render_template("audit/grants.html", pending=pending, decided=decided,
                           site_names=sites, resets=role_grants.resets_asked(pending + decided),
                           may_decide={g.id: refusal_to_decide(current_user, g) is None
                                       for g in pending})


@bp.route("/audit/grants/<grant_id>/approve", methods=["POST"])
@require_recent_auth(return_to="audit.grants")
def approve_grant(grant_id: str):
    grant = role_grant_or_404(grant_id)  # CSRF is checked for every POST by CSRFProtect
    try:
        role_grants.approve(current_user, grant)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Approved: the account has its new access from its next sign-in."), "success")
    return redirect(url_for("audit.grants"))


@bp.route("/audit/grants/<grant_id>/refuse", methods=["POST"])
def refuse_grant(grant_id: str):
    """Refusing narrows nothing the account has: no confirmation of identity needed."""
    grant = role_grant_or_404(grant_id)
    try:
        role_grants.refuse(current_user, grant)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Refused: the account keeps its previous access."), "success")
    return redirect(url_for("audit.grants"))


@bp.route("/audit/consents")
def consents():
    lines = audit_review.consent_records(current_user)
    scope_labels = {"all": _("the whole care team")} | {d.value: d.label for d in Discipline}
    return render_template("audit/consents.html", lines=lines, scope_labels=scope_labels)
