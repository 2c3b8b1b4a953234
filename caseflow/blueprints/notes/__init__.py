"""Notes of every discipline, their corrections, and pathway state changes."""

from flask import Blueprint

from caseflow.access import PERSON_READER_ROLES, require_roles

bp = Blueprint("notes", __name__)
bp.before_request(require_roles(*PERSON_READER_ROLES))

from caseflow.blueprints.notes import views  # noqa: E402, F401
