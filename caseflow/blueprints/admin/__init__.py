"""Administration: accounts and sites. Administrators only; no clinical content here."""

from flask import Blueprint

from caseflow.access import ADMIN_ROLES, require_roles

bp = Blueprint("admin", __name__)
bp.before_request(require_roles(*ADMIN_ROLES))

from caseflow.blueprints.admin import sessions, views  # noqa: E402, F401
