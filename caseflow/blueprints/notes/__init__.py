"""Notes of every discipline, their corrections, and pathway state changes."""

from flask import Blueprint

from caseflow.access import PERSON_READER_ROLES, requires

bp = Blueprint("notes", __name__)


@bp.before_request
@requires(*PERSON_READER_ROLES)
def _roles():
    """The care teams."""


from caseflow.blueprints.notes import views  # noqa: E402, F401
