"""Security headers on every response, and cookies marked Secure whenever served over HTTPS."""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SessionInterface(SecureCookieSessionInterface):
    """Secure cookies over HTTPS even when the configuration does not force them."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.before_request(reject_control_characters)
    app.after_request(add_headers)
    hops = app.config.get("PROXY_FIX_X_FOR", 0)
    if hops:
        # Behind a reverse proxy: the client's address (rate limits, audit) and HTTPS
        # (Secure cookies, HSTS) come from the proxy's X-Forwarded-* headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)


def reject_control_characters():
    """A NUL byte in a form or a URL is never typed by a person, and PostgreSQL refuses it:
    answer 400 instead of failing later."""
    from flask import abort

    values = [*request.args.values(), *request.form.values(), request.path]
    if any("\x00" in value for value in values):
        abort(400)
    return None


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static":
        # Nothing a page shows may stay in a browser or proxy cache; the sign-in page
        # itself is no exception (its CSRF token is per session).
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response
