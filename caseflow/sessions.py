"""Signed-in sessions: loading the user, a fresh session at sign-in, idle and absolute timeouts.

The session cookie holds the user's id and session token; the token in the
database decides whether the session still counts, so that a password change,
a reset or a deactivation ends every session of that user.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from caseflow.audit import Action, record_event
from caseflow.extensions import db, login_manager
from caseflow.models.user import User

AUTH_AT = "_auth_at"
SEEN_AT = "_seen_at"
KEPT_ACROSS_SIGN_IN = ("lang",)


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(ask_to_sign_in)
    app.before_request(enforce_timeouts)


def ask_to_sign_in():
    """Send the visitor to sign in, remembering the page (its path, never its query string)."""
    flash(gettext("Please sign in to open this page."), "info")
    return redirect(url_for("auth.login", next=request.path))


def load_user(user_id: str) -> User | None:
    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def start_session(user: User) -> None:
    """A fresh session at sign-in (no fixation); only the language choice survives."""
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    login_user(user, remember=False)
    session.permanent = True
    now = int(time.time())
    session[AUTH_AT] = now
    session[SEEN_AT] = now


def end_session() -> None:
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
        user_id = current_user.id
        end_session()
        record_event(Action.SESSION_EXPIRED, actor_id=user_id)
        db.session.commit()
        flash(gettext("Your session has expired. Please sign in again."), "info")
        # The path only: a query string may hold a name typed into a search.
        target = request.path if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target))
    session[SEEN_AT] = now
    return None
