"""Certificates: drafting, review, issue, correction and revocation, the register."""

from flask import Blueprint

from caseflow.access import PERSON_READER_ROLES, requires

bp = Blueprint("certificates", __name__)


@bp.before_request
@requires(*PERSON_READER_ROLES)
def _roles():
    """The care teams."""


from caseflow.blueprints.certificates import views  # noqa: E402, F401
