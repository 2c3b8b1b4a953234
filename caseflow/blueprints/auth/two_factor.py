"""Two-factor pages of the signed-in user: set up (QR code, first code, recovery codes), turn off.

Opening the set-up page needs a recent sign-in or re-authentication, so that
someone at an unattended session cannot attach their own phone to the account.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.blueprints.auth import bp
from caseflow.blueprints.auth.forms import ConfirmEnrolmentForm, DisableTwoFactorForm
from caseflow.blueprints.auth.qr import qr_svg
from caseflow.blueprints.auth.views import login_rate
from caseflow.blueprints.form_errors import show_service_error
from caseflow.extensions import limiter
from caseflow.services import ServiceError
from caseflow.services.staff import two_factor
from caseflow.sessions import require_recent_auth
from caseflow.totp import grouped


def _status_page(form: DisableTwoFactorForm, status_code: int = 200):
    user = current_user._get_current_object()
    return render_template("auth/two_factor_status.html", form=form,
                           status=two_factor.status(user)), status_code


@bp.route("/account/two-factor", methods=["GET", "POST"], endpoint="two_factor")
@limiter.limit(login_rate, methods=["POST"])
@require_recent_auth
def two_factor_page():
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        return _status_page(DisableTwoFactorForm())
    seed = two_factor.begin_enrolment(user)
    form = ConfirmEnrolmentForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_enrolment(user, form.code.data)
        except ServiceError as error:
            show_service_error(form, error)
            form.code.data = ""
        else:
            flash(_("Two-factor sign-in is on."), "success")
            return render_template("auth/recovery_codes.html", codes=codes)
    uri = two_factor.provisioning_uri(user, seed)
    return render_template(
        "auth/two_factor_setup.html", form=form, seed=grouped(seed),
        qr=qr_svg(uri, _("QR code to scan with an authenticator app")),
        required=two_factor.required_for(user),
    )


@bp.route("/account/two-factor/disable", methods=["POST"])
@limiter.limit(login_rate, methods=["POST"])
def disable_two_factor():
    user = current_user._get_current_object()
    form = DisableTwoFactorForm()
    if not user.two_factor_enabled:
        return redirect(url_for("auth.two_factor"))
    if not form.validate_on_submit():
        return _status_page(form, 400)
    try:
        two_factor.disable(user, form.password.data, form.code.data)
    except ServiceError as error:
        show_service_error(form, error)
        return _status_page(form, 400)
    if two_factor.required_for(user):
        flash(_("Two-factor sign-in is off. Your account requires it: set up your new "
                "authenticator app now."), "info")
    else:
        flash(_("Two-factor sign-in is off."), "success")
    return redirect(url_for("auth.two_factor"))
