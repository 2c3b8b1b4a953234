from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseflow.audit import Action, record_event
from caseflow.blueprints.auth import bp
from caseflow.blueprints.auth.forms import ChangePasswordForm, LoginForm
from caseflow.extensions import db, limiter
from caseflow.services import ServiceError
from caseflow.services.accounts import change_own_password
from caseflow.services.authentication import Outcome, authenticate
from caseflow.sessions import end_session, start_session


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


def _login_rate() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        result = authenticate(form.login.data, form.password.data)
        if result.outcome is Outcome.OK:
            start_session(result.user)
            if result.user.must_change_password:
                flash(_("Choose a new password before you continue."), "info")
                return redirect(url_for("auth.change_password"))
            return redirect(safe_next(form.next.data) or url_for("main.home"))
        if result.outcome is Outcome.LOCKED:
            message = _("Too many failed sign-ins for this account. It is locked for "
                        "%(minutes)d minutes; an administrator can unlock it sooner.",
                        minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        else:
            message = _("Unknown login or wrong password.")
        form.password.data = ""
        return render_template("auth/login.html", form=form, error=message), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    record_event(Action.LOGOUT, actor_id=current_user.id)
    db.session.commit()
    end_session()
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
            start_session(current_user._get_current_object())  # token changed: keep this one
            flash(_("Your password has been changed. Your other sessions are closed."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)
