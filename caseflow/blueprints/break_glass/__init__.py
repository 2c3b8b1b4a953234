"""Break-glass: opening a record outside one's sites in an emergency, and its review.

Clinicians who may break glass open the form from a card code; the medical
coordinator reviews every opening. Everyone else is refused here (403).
"""

from flask import Blueprint

from caseflow.access import requires
from caseflow.access.break_glass import BREAK_GLASS_ROLES
from caseflow.roles import Role

bp = Blueprint("break_glass", __name__)


@bp.before_request
@requires(*BREAK_GLASS_ROLES, Role.COORDINATOR)
def _roles():
    """Clinicians who may break glass, and the coordinator who reviews."""


from caseflow.blueprints.break_glass import views  # noqa: E402, F401
