"""Administration: accounts and sites. Administrators only; no clinical content here."""

from flask import Blueprint

from caseflow.access import ADMIN_ROLES, requires

bp = Blueprint("admin", __name__)


@bp.before_request
@requires(*ADMIN_ROLES)
def _roles():
    """Administrators only."""


from caseflow.blueprints.admin import sessions, views  # noqa: E402, F401
