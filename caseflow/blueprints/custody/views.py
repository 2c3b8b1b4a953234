"""Thin views over caseflow.services.custody.

The unlock page is public: nobody can sign in usefully on a sealed server (two-factor
seeds and every record are under the sealed keys), and the passphrase itself is the
credential; it is rate-limited per address and every failure is audited.

While the keys are sealed, every request but a few gets the unlock page at once (see
``refuse_while_sealed``): a form shown on a sealed server could only be lost on submit.
"""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from caseflow.access import requires
from caseflow.blueprints.auth.views import safe_next
from caseflow.blueprints.custody import bp
from caseflow.crypto import SealedError
from caseflow.extensions import db, limiter
from caseflow.roles import Role
from caseflow.services import ServiceError, custody

KEEPERS = (Role.COORDINATOR, Role.ADMIN)

# What a sealed server still answers itself: the unlock page (and the language it is read
# in), static files, the health check. The box sync API (/sync/v1) answers for itself:
# a box asking a sealed central gets its own JSON refusal from the key access.
OPEN_WHILE_SEALED = frozenset({"custody.unlock", "static", "main.healthz",
                               "main.set_language"})
ANSWERS_FOR_ITSELF = frozenset({"sync_api"})
READING = frozenset({"GET", "HEAD", "OPTIONS"})


class UnlockForm(FlaskForm):
    passphrase = PasswordField(_l("Unlock passphrase"),
                               validators=[DataRequired(), Length(max=512)],
                               render_kw={"autocomplete": "off", "autocapitalize": "none",
                                          "autocorrect": "off", "spellcheck": "false"})
    # The page the visitor was on when the sealed server stopped them: they go on there.
    next = HiddenField()


class SealForm(FlaskForm):
    """The seal button, with the consequence to acknowledge: one click must not lock a
    whole clinic out of its records."""

    confirm = BooleanField(
        _l("I understand: every screen of this server is locked and no record can be read "
           "until a coordinator unlocks it with a passphrase."),
        validators=[DataRequired(message=_l("Nothing was sealed: tick the box to confirm."))])


def unlock_rate() -> str:
    return current_app.config["UNLOCK_RATE_LIMIT"]


def _memory_custody_or_404() -> None:
    if not custody.in_memory_custody():
        abort(404)


def _going_on() -> str | None:
    """Where the visitor goes after the unlock: the page they asked for (path and query;
    caseflow's queries hold no name), or for a form sent while sealed, the page of that
    form when it has one."""
    if request.method in READING:
        return request.full_path.rstrip("?")
    rule = request.url_rule
    return request.path if rule is not None and "GET" in (rule.methods or ()) else None


def _unlock_page(form: UnlockForm, status: int, *, refusal=None, lost: bool = False):
    return render_template("custody/unlock.html", form=form, sealed=True, refusal=refusal,
                           lost=lost), status


def _sealed_answer():
    """The unlock page (503) for a request the sealed server cannot serve. Nothing of it
    was saved; a form being sent is refused whole, and the page says so plainly."""
    db.session.rollback()
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"error": 503, "sealed": True}), 503
    form = UnlockForm(formdata=None, next=_going_on())
    return _unlock_page(form, 503, lost=request.method not in READING)


def refuse_while_sealed():
    """Before anything else (sign-in, forms, CSRF): a sealed server shows the unlock page.

    File custody pays one isinstance check and no statement; memory custody one ``stat``
    of the RAM vault and of the keyring (caseflow.crypto.custody.LockedKeyStore). Signed-in
    users keep their session through a power cut: once unlocked, they go on where they were
    (a coordinator's deliberate seal signs everyone out: caseflow/services/custody)."""
    if request.endpoint in OPEN_WHILE_SEALED or request.blueprint in ANSWERS_FOR_ITSELF:
        return None
    if not custody.in_memory_custody() or not custody.is_sealed():
        return None
    return _sealed_answer()


@bp.record_once
def _first_of_all(state) -> None:
    # First of the app's hooks: the sign-in redirect and every form come after it.
    state.app.before_request_funcs.setdefault(None, []).insert(0, refuse_while_sealed)


@bp.route("/unlock", methods=["GET", "POST"])
@limiter.limit(unlock_rate, methods=["POST"])
def unlock():
    _memory_custody_or_404()
    form = UnlockForm()
    sealed = custody.is_sealed()
    if request.method == "POST":
        if not form.validate_on_submit():
            form.passphrase.data = ""
            return _unlock_page(form, 400, refusal=_(
                "Type the unlock passphrase of one of the coordinators."))
        try:
            custody.unlock(form.passphrase.data)
        except ServiceError as error:
            db.session.rollback()
            form.passphrase.data = ""
            return _unlock_page(form, 401, refusal=str(error.message))
        flash(_("The keys are unlocked: the records can be read again."), "success")
        return redirect(safe_next(form.next.data) or url_for("main.home"), code=303)
    status = 503 if sealed else 200
    return render_template("custody/unlock.html", form=form, sealed=sealed,
                           refusal=None, lost=False), status


@bp.errorhandler(429)
def too_many_attempts(_error):
    """The rate limit's refusal on the unlock page itself, in words: wait, nothing else."""
    db.session.rollback()
    form = UnlockForm(formdata=None, next=request.form.get("next", ""))
    return _unlock_page(form, 429, refusal=_(
        "Too many attempts from this address: nothing was tried. Wait a minute, then type "
        "the passphrase again. Every attempt is recorded."))


@bp.route("")
@requires(*KEEPERS)
def status():
    _memory_custody_or_404()
    return _status_page(SealForm())


def _status_page(form: SealForm, code: int = 200):
    return render_template("custody/status.html", sealed=custody.is_sealed(),
                           slots=custody.slots(), form=form), code


@bp.route("/seal", methods=["POST"])
@requires(*KEEPERS)
def seal():
    _memory_custody_or_404()
    form = SealForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _status_page(form, 400)
    custody.seal(current_user._get_current_object())
    flash(_("Sealed: the keys are wiped from memory and everyone is signed out. Nothing can "
            "be read until a coordinator unlocks this server with a passphrase."), "success")
    return redirect(url_for("custody.unlock"), code=303)


@bp.app_errorhandler(SealedError)
def sealed(_error: SealedError):
    """A page that reached the keys just as they were sealed: the unlock page, 503."""
    return _sealed_answer()
