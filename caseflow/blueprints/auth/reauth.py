"""GET/POST /reauth?next=...: confirm one's identity again before a sensitive action.

The decorator that sends people here is caseflow.sessions.require_recent_auth.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.blueprints.auth import bp
from caseflow.blueprints.auth.forms import ReauthForm, ReauthWithCodeForm
from caseflow.blueprints.auth.views import login_rate, safe_next
from caseflow.blueprints.form_errors import show_service_error
from caseflow.extensions import limiter
from caseflow.services import ServiceError
from caseflow.services.staff.reauthentication import reauthenticate
from caseflow.sessions import mark_reauthenticated


@bp.route("/reauth", methods=["GET", "POST"])
@limiter.limit(login_rate, methods=["POST"])
def reauth():
    user = current_user._get_current_object()
    target = safe_next(request.args.get("next")) or url_for("main.home")
    form = ReauthWithCodeForm() if user.two_factor_enabled else ReauthForm()
    if form.validate_on_submit():
        code = form.code.data if user.two_factor_enabled else None
        try:
            reauthenticate(user, form.password.data, code)
        except ServiceError as error:
            show_service_error(form, error)
            if user.two_factor_enabled:
                form.code.data = ""
            return render_template("auth/reauth.html", form=form, target=target), 401
        if mark_reauthenticated():
            flash(_("Identity confirmed. Confirm the action again."), "info")
        else:
            flash(_("Identity confirmed."), "success")
        return redirect(target, code=303)
    return render_template("auth/reauth.html", form=form, target=target)
