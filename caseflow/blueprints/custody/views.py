"""Thin views over caseflow.services.custody.

The unlock page is public: nobody can sign in usefully on a sealed server (two-factor
seeds and every record are under the sealed keys), and the passphrase itself is the
credential; it is rate-limited per address and every failure is audited.
"""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from caseflow.access import requires
from caseflow.blueprints.custody import bp
from caseflow.blueprints.form_errors import show_service_error
from caseflow.crypto import SealedError
from caseflow.extensions import db, limiter
from caseflow.roles import Role
from caseflow.services import ServiceError, custody

KEEPERS = (Role.COORDINATOR, Role.ADMIN)


class UnlockForm(FlaskForm):
    passphrase = PasswordField(_l("Unlock passphrase"),
                               validators=[DataRequired(), Length(max=512)],
                               render_kw={"autocomplete": "off", "autocapitalize": "none",
                                          "autocorrect": "off", "spellcheck": "false"})


class SealForm(FlaskForm):
    """The seal button: a form for its CSRF token only."""


def unlock_rate() -> str:
    return current_app.config["UNLOCK_RATE_LIMIT"]


def _memory_custody_or_404() -> None:
    if not custody.in_memory_custody():
        abort(404)


@bp.route("/unlock", methods=["GET", "POST"])
@limiter.limit(unlock_rate, methods=["POST"])
def unlock():
    _memory_custody_or_404()
    form = UnlockForm()
    if form.validate_on_submit():
        try:
            custody.unlock(form.passphrase.data)
        except ServiceError as error:
            show_service_error(form, error)
            form.passphrase.data = ""
            return render_template("custody/unlock.html", form=form, sealed=True), 401
        flash(_("The keys are unlocked: the records can be read again."), "success")
        return redirect(url_for("main.home"), code=303)
    status = 503 if custody.is_sealed() else 200
    return render_template("custody/unlock.html", form=form, sealed=status == 503), status


@bp.route("")
@requires(*KEEPERS)
def status():
    _memory_custody_or_404()
    return render_template("custody/status.html", sealed=custody.is_sealed(),
                           slots=custody.slots(), form=SealForm())


@bp.route("/seal", methods=["POST"])
@requires(*KEEPERS)
def seal():
    _memory_custody_or_404()
    form = SealForm()
    if not form.validate_on_submit():
        abort(400)
    custody.seal(current_user._get_current_object())
    flash(_("Sealed: the keys are wiped from memory. Nothing can be read until a "
            "coordinator unlocks this server with a passphrase."), "success")
    return redirect(url_for("custody.unlock"), code=303)


@bp.app_errorhandler(SealedError)
def sealed(_error: SealedError):
    """Any page that needs the keys of a sealed server: the unlock page, status 503.

    Nothing of the request was saved (rolled back): a form being sent is refused whole,
    and the page says why."""
    db.session.rollback()
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"error": 503, "sealed": True}), 503
    return render_template("custody/unlock.html", form=UnlockForm(), sealed=True), 503
