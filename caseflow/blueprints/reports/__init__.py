"""Indicators: the monthly dashboard and its exports, for coordinators and data managers."""

from flask import Blueprint

from caseflow.access import require_roles
from caseflow.access.reports import INDICATOR_ROLES

bp = Blueprint("reports", __name__)
bp.before_request(require_roles(*INDICATOR_ROLES))

from caseflow.blueprints.reports import views  # noqa: E402, F401
