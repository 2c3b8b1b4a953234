"""The care team around a person: referents, tasks, and the coordinators' caseloads."""

from flask import Blueprint

from caseflow.access import PERSON_READER_ROLES, requires

bp = Blueprint("team", __name__)


@bp.before_request
@requires(*PERSON_READER_ROLES)
def _roles():
    """The care teams (the caseload page narrows to coordinators)."""


from caseflow.blueprints.team import views, views_caseload  # noqa: E402, F401
