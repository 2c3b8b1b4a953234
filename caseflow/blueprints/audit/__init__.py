"""Audit review: who opened a person's record, what a user opened. Coordinators only."""

from flask import Blueprint

from caseflow.access import requires
from caseflow.access.audit import AUDIT_REVIEWER_ROLES

bp = Blueprint("audit", __name__)


@bp.before_request
@requires(*AUDIT_REVIEWER_ROLES)
def _roles():
    """Medical coordinators only."""


from caseflow.blueprints.audit import views, views_grants  # noqa: E402, F401
