from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseflow.audit import Action, record_event
from caseflow.blueprints.auth import bp
from caseflow.blueprints.auth.forms import ChangePasswordForm, LoginForm, SecondFactorForm
from caseflow.extensions import limiter
from caseflow.services import ServiceError
from caseflow.services.staff import two_factor
from caseflow.services.staff.accounts import change_own_password
from caseflow.services.staff.authentication import Outcome, authenticate, complete_two_factor
from caseflow.services.staff.lockout import lock_message
from caseflow.sessions import (
    AUTH_AT,
    REAUTH_AT,
    begin_second_factor,
    end_second_factor,
    end_session,
    pending_second_factor,
    start_session,
)


def safe_next(target: str | None) -> str | None:
    """Only a local path: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch in target for ch in ("\\", "\r", "\n", "\t")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def login_rate() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


# One endpoint, two addresses: the password step (/login) and the code step
# (/login/two-factor). Both are public (no one is signed in between the two steps)
# and share the sign-in rate limit; url_for("auth.login", step="code") gives the second.
# Decorators apply bottom-up: /login is registered first, so url_for("auth.login")
# without a step still builds /login.
@bp.route("/login/two-factor", methods=["GET", "POST"], defaults={"step": "code"})
@bp.route("/login", methods=["GET", "POST"], defaults={"step": "password"})
@limiter.limit(login_rate, methods=["POST"])
def login(step: str = "password"):
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    if step == "code":
        return second_step()
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        result = authenticate(form.login.data, form.password.data)
        if result.outcome is Outcome.SECOND_FACTOR:
            begin_second_factor(result.user, safe_next(form.next.data))
            return redirect(url_for("auth.login", step="code"))
        if result.outcome is Outcome.OK:
            start_session(result.user)
            return after_sign_in(result.user, safe_next(form.next.data))
        if result.outcome is Outcome.LOCKED:
            message = lock_message()
        else:
            message = _("Unknown login or wrong password.")
        form.password.data = ""
        return render_template("auth/login.html", form=form, error=message), 401
    return render_template("auth/login.html", form=form)


def second_step():
    """The code step: the session holds whose password was right, and nothing else."""
    pending = pending_second_factor()
    if pending is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        result = complete_two_factor(pending.user_id, pending.token_check, form.code.data)
        if result.outcome is Outcome.OK:
            start_session(result.user)  # a fresh session: the pending step is gone
            if result.second_factor == two_factor.RECOVERY_CODE:
                flash(_("You signed in with a recovery code; it cannot be used again. "
                        "%(count)d left.", count=two_factor.recovery_codes_left(result.user)),
                      "info")
            return after_sign_in(result.user, pending.next)
        if result.outcome is Outcome.EXPIRED:
            end_second_factor()
            flash(_("Please sign in again."), "info")
            return redirect(url_for("auth.login"))
        if result.outcome is Outcome.LOCKED:
            end_second_factor()
            return render_template("auth/login.html", form=LoginForm(), error=lock_message()), 401
        form.code.data = ""
        error = _("This code is not right, or was already used. Type the code your app "
                  "shows now.")
        return render_template("auth/two_factor_code.html", form=form, error=error), 401
    return render_template("auth/two_factor_code.html", form=form)


def after_sign_in(user, next_path: str | None):
    """Where a user goes once signed in: a forced password change, the two-factor set-up
    if it is required and missing, else where they were going."""
    if user.must_change_password:
        flash(_("Choose a new password before you continue."), "info")
        return redirect(url_for("auth.change_password"))
    if two_factor.must_enrol(user):
        flash(_("Two-factor sign-in is required for your account. Set it up to continue."),
              "info")
        return redirect(url_for("auth.two_factor"))
    return redirect(next_path or url_for("main.home"))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out on the server too: a copy of this cookie opens nothing afterwards."""
    record_event(Action.LOGOUT, actor_id=current_user.id)
    end_session()  # commits the event with the end of the session
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_own_password(current_user, form.current_password.data, form.new_password.data)
        except ServiceError as error:
            getattr(form, error.field or "new_password").errors.append(str(error.message))
        else:
            # The token changed: renew this session, but a password change is not a fresh
            # sign-in (no second factor was asked): the sign-in times are kept, so it never
            # counts as the re-authentication that sensitive actions ask for.
            kept = {key: session[key] for key in (AUTH_AT, REAUTH_AT) if key in session}
            start_session(current_user._get_current_object())
            session.update(kept)
            flash(_("Your password has been changed. Your other sessions are closed."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)
