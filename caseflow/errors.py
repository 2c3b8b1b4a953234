"""Error pages in the reader's language, with no stack trace and no personal data.

A failing request is logged with its endpoint and status only: the URL's query
string and the form may hold names, so they are never written to the log.
"""

from __future__ import annotations

import traceback

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from caseflow.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Access denied"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("This page does not exist, or you do not have access to it.")),
    405: (_l("Not allowed"), _l("This action is not possible on this page.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts in a short time. Wait a minute, then try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("The page could not be shown. Your last action may not have been saved. "
           "Try again; if it happens again, tell your coordinator."),
    ),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)


def render_error(status: int, message=None):
    title, default_message = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    if request.path.startswith("/healthz") or request.accept_mimetypes.best == "application/json":
        return jsonify({"error": status}), status
    page = render_template(
        "errors/error.html", status=status, title=title, message=message or default_message
    )
    return page, status


def handle_csrf(error: CSRFError):
    return render_error(
        400,
        _l("This form has expired or was already sent. Go back, reload the page and send it "
           "again."),
    )


def handle_http(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def handle_unexpected(error: Exception):
    db.session.rollback()
    # Exception type and code locations only: an exception's message (a database error
    # quotes its parameters) may carry personal data.
    frames = " <- ".join(
        f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno} {frame.name}"
        for frame in reversed(traceback.extract_tb(error.__traceback__))
    )
    current_app.logger.error(
        "unhandled %s on endpoint %s at %s", type(error).__name__, request.endpoint, frames
    )
    return render_error(InternalServerError.code)
