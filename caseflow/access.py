"""The access policy: the one place that says who may open what.

Deny by default: every endpoint needs a signed-in user unless it is listed in
PUBLIC_ENDPOINTS, and each blueprint states the roles it serves with
`require_roles`. Later issues add the per-record rules (site scope, discipline,
confidentiality, consent, break-glass) here, with one loader per resource.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseflow.extensions import login_manager
from caseflow.roles import Role

# Endpoints anyone may reach without signing in.
PUBLIC_ENDPOINTS = frozenset({"static", "auth.login", "main.healthz", "main.set_language"})

# Endpoints a user who must change their password may still reach.
PASSWORD_CHANGE_ENDPOINTS = frozenset(
    {"static", "auth.logout", "auth.change_password", "main.set_language"}
)

ADMIN_ROLES = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object


def init_app(app: Flask) -> None:
    app.before_request(require_sign_in)

    @app.context_processor
    def navigation_context():
        user = current_user
        return {"navigation": navigation_for(user) if user.is_authenticated else []}


def require_sign_in():
    """Deny by default: an endpoint nobody listed as public needs a signed-in user."""
    if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        return redirect(url_for("auth.change_password"))
    return None


def require_roles(*roles: Role):
    """A blueprint before_request hook: 403 for a signed-in user without one of these roles."""
    allowed = frozenset(roles)

    def check():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in allowed:
            abort(403)
        return None

    return check


def navigation_for(user) -> list[NavItem]:
    """The menu a role sees; pages a role may not open are not offered."""
    items = [NavItem("main.home", _l("Home"))]
    if user.role in ADMIN_ROLES:
        items += [
            NavItem("admin.users", _l("Users")),
            NavItem("admin.sites_list", _l("Sites")),
        ]
    return items
