"""Break-glass: opening a record outside one's sites in an emergency, and its review.

Clinicians who may break glass open the form from a card code; the medical
coordinator reviews every opening. Everyone else is refused here (403).
"""

from flask import Blueprint

from caseflow.access import BREAK_GLASS_ROLES, require_roles
from caseflow.roles import Role

bp = Blueprint("break_glass", __name__)
bp.before_request(require_roles(*BREAK_GLASS_ROLES, Role.COORDINATOR))

from caseflow.blueprints.break_glass import views  # noqa: E402, F401
