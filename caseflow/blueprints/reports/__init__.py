"""Indicators: the monthly dashboard and its exports, for coordinators and data managers."""

from flask import Blueprint

from caseflow.access import requires
from caseflow.access.reports import INDICATOR_ROLES

bp = Blueprint("reports", __name__)


@bp.before_request
@requires(*INDICATOR_ROLES)
def _roles():
    """Medical coordinators and data managers."""


from caseflow.blueprints.reports import views  # noqa: E402, F401
