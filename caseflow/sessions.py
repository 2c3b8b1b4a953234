"""Signed-in sessions: loading the user, a fresh session at sign-in, idle and absolute timeouts,
the pending two-factor step, and re-authentication before sensitive actions.

The session cookie is signed, not encrypted: whoever holds it can read it, and
a copy of it works like the original. So the cookie holds no secret of the
account, and a session counts only while the server says so:
- the user's id and a digest of the account's session token: a password
  change, a reset, a deactivation or an administrator ending the account's
  sessions changes the token and ends every session of that user;
- a random session id whose server-side row (caseflow.services.staff.user_sessions)
  exists from sign-in to sign-out or timeout: a cookie copied before the
  user signed out no longer opens anything, while the same user's sessions on
  other devices go on.

Between a right password and a right code the session is *not* signed in: it
only holds the pending step (account id, a digest of the token, time), which
expires after TWO_FACTOR_STEP_MINUTES. A signed-in user for whom two-factor is required but
not set up reaches the enrolment page only (and signing out, the language, the
password change) until it is done.

`require_recent_auth` guards actions that cannot be taken back: unless the
user signed in or confirmed their identity in the last REAUTH_MINUTES, they
are sent to /reauth first. Import it from here (caseflow.sessions).
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from functools import wraps

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from caseflow.audit import Action, record_event
from caseflow.extensions import db, login_manager
from caseflow.models.user import User, session_token_digest
from caseflow.services.staff import user_sessions

AUTH_AT = "_auth_at"
SEEN_AT = "_seen_at"
REAUTH_AT = "_reauth_at"
SECOND_FACTOR = "_second_factor"
CONFIRM_AGAIN = "_confirm_again"
SESSION_ID = "_sid"  # the random id of the session's server-side row
KEPT_ACROSS_SIGN_IN = ("lang",)
DEFAULT_REAUTH_MINUTES = 5
DEFAULT_TWO_FACTOR_STEP_MINUTES = 5
# What a user who must set up two-factor may still open (besides public pages).
ENROLMENT_ENDPOINTS = frozenset({"static", "auth.logout", "auth.change_password",
                                 "main.set_language", "auth.two_factor", "auth.reauth"})


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(ask_to_sign_in)
    app.before_request(enforce_timeouts)
    app.before_request(require_two_factor_enrolment)


def ask_to_sign_in():
    """Send the visitor to sign in, remembering the page (its path, never its query string)."""
    flash(gettext("Please sign in to open this page."), "info")
    return redirect(url_for("auth.login", next=request.path))


def load_user(user_id: str) -> User | None:
    """The signed-in user, if this session's row still exists and the account's token is the
    one the session began with; else None (the visitor is asked to sign in)."""
    raw_id, _, check = user_id.partition(":")
    session_id = session.get(SESSION_ID)
    if not raw_id.isdigit() or not check or not isinstance(session_id, str) or not session_id:
        return None
    user = user_sessions.user_of_session(int(raw_id), session_id)
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.get_id().encode(), user_id.encode()):
        return None  # the account's token changed since: every session of it ended
    return user


def _fresh_session() -> None:
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(kept)


def start_session(user: User) -> None:
    """A fresh session at sign-in (no fixation); only the language choice survives.

    It gets a new server-side row; the row of the session it replaces (a password
    change renews the session) is deleted."""
    previous = session.get(SESSION_ID)
    if isinstance(previous, str):
        user_sessions.end_session(previous)
    session_id = user_sessions.open_session(user)  # commits
    _fresh_session()
    login_user(user, remember=False)
    session[SESSION_ID] = session_id
    session.permanent = True
    now = int(time.time())
    session[AUTH_AT] = now
    session[SEEN_AT] = now


def end_session() -> None:
    """Sign out: the server-side row goes (with whatever the caller recorded: one commit), so
    a copy of this cookie opens nothing any more; then the cookie is emptied."""
    session_id = session.get(SESSION_ID)
    if isinstance(session_id, str):
        user_sessions.end_session(session_id)
    db.session.commit()
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    logout_user()
    session.clear()
    session.update(kept)


def enforce_timeouts():
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    idle = current_app.config["IDLE_TIMEOUT"].total_seconds()
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    seen = session.get(SEEN_AT, 0)
    started = session.get(AUTH_AT, 0)
    if now - seen > idle or now - started > lifetime:
        record_event(Action.SESSION_EXPIRED, actor_id=current_user.id)
        end_session()  # commits the event with the end of the session
        flash(gettext("Your session has expired. Please sign in again."), "info")
        # The path only: a query string may hold a name typed into a search.
        target = request.path if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target))
    session[SEEN_AT] = now
    return None


# -- the two-factor step of sign-in ---------------------------------------------


@dataclass(frozen=True)
class PendingSignIn:
    user_id: int
    token_check: str  # session_token_digest of the account's token when the password was right
    next: str | None


def begin_second_factor(user: User, next_path: str | None) -> None:
    """Remember, in a fresh session that is not signed in, whose password was right.

    The readable cookie gets a digest of the account's token, never the token: enough to
    void the step if the token changes meanwhile (a reset), nothing to sign in with."""
    _fresh_session()
    session[SECOND_FACTOR] = {"user": user.id, "check": session_token_digest(user.session_token),
                              "at": int(time.time()), "next": next_path}


def pending_second_factor() -> PendingSignIn | None:
    raw = session.get(SECOND_FACTOR)
    if not isinstance(raw, dict) or not isinstance(raw.get("check"), str):
        return None  # a step begun before this version held the token itself: start again
    minutes = current_app.config.get("TWO_FACTOR_STEP_MINUTES", DEFAULT_TWO_FACTOR_STEP_MINUTES)
    if int(time.time()) - int(raw.get("at", 0)) > minutes * 60:
        session.pop(SECOND_FACTOR, None)
        return None
    return PendingSignIn(int(raw["user"]), raw["check"], raw.get("next"))


def end_second_factor() -> None:
    session.pop(SECOND_FACTOR, None)


def require_two_factor_enrolment():
    """A signed-in user who must use two-factor and has not set it up goes to set it up."""
    from caseflow.access import PUBLIC_ENDPOINTS
    from caseflow.services.staff.two_factor import must_enrol

    endpoint = request.endpoint
    if (endpoint is None or endpoint in ENROLMENT_ENDPOINTS or endpoint in PUBLIC_ENDPOINTS
            or not current_user.is_authenticated):
        return None
    if not must_enrol(current_user):
        return None
    flash(gettext("Two-factor sign-in is required for your account. Set it up to continue."),
          "info")
    return redirect(url_for("auth.two_factor"))


# -- re-authentication -----------------------------------------------------------


def recently_authenticated() -> bool:
    """Signed in, or identity confirmed again, within the last REAUTH_MINUTES."""
    minutes = current_app.config.get("REAUTH_MINUTES", DEFAULT_REAUTH_MINUTES)
    last = max(int(session.get(AUTH_AT, 0)), int(session.get(REAUTH_AT, 0)))
    return int(time.time()) - last <= minutes * 60


def mark_reauthenticated() -> bool:
    """Start a new re-authentication window; True if the user came from a form they
    must now submit again (a POST cannot be replayed after a redirect)."""
    session[REAUTH_AT] = int(time.time())
    return bool(session.pop(CONFIRM_AGAIN, False))


def _page_of_form(return_to: str | None) -> str:
    if return_to is None:
        return request.path  # the same address shows the form (GET) and takes it (POST)
    rule = next(iter(current_app.url_map.iter_rules(return_to)))
    values = {k: v for k, v in (request.view_args or {}).items() if k in rule.arguments}
    return url_for(return_to, **values)


def require_recent_auth(view=None, *, return_to: str | None = None):
    """Decorator for views of sensitive actions: re-authenticate first unless recent.

    ``@require_recent_auth`` on a view whose GET shows the form and POST does the
    action; ``@require_recent_auth(return_to="certificates.show")`` on a POST-only
    view: after re-authenticating, the user lands on that endpoint's page (built
    from the same URL arguments) and is asked to confirm again. A GET goes back to
    its own path (never its query string, which may hold a typed name).
    Put it below ``@bp.route``.
    """

    def decorate(function):
        @wraps(function)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if recently_authenticated():
                return function(*args, **kwargs)
            if request.method in ("GET", "HEAD"):
                target = request.path
                session.pop(CONFIRM_AGAIN, None)
            else:
                target = _page_of_form(return_to)
                session[CONFIRM_AGAIN] = True
            flash(gettext("For this action, confirm your identity first."), "info")
            return redirect(url_for("auth.reauth", next=target), code=303)

        return wrapper

    return decorate(view) if view is not None else decorate
