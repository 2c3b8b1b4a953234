"""Ending every session of an account: a lost phone, a computer left signed in at a day
centre, an account under suspicion. The user signs in again; nothing else changes."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.blueprints.admin import bp
from caseflow.blueprints.admin.views import _user_or_404
from caseflow.services import ServiceError
from caseflow.services.staff import user_sessions
from caseflow.sessions import require_recent_auth


@bp.route("/users/<int:user_id>/end-sessions", methods=["POST"])
@require_recent_auth(return_to="admin.edit_user")
def end_sessions(user_id: int):
    user = _user_or_404(user_id)
    try:
        user_sessions.end_all(current_user, user)
    except ServiceError as error:  # the account was saved meanwhile: nothing ended
        flash(str(error.message), "error")
    else:
        flash(_("All sessions of this account are closed. The user signs in again."),
              "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))
