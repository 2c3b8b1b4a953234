"""Follow-up: appointments and the daily list, lost to follow-up, referrals and their letter."""

from flask import Blueprint

from caseflow.access import PERSON_READER_ROLES, require_roles

bp = Blueprint("followup", __name__)
bp.before_request(require_roles(*PERSON_READER_ROLES))

from caseflow.blueprints.followup import views, views_referrals  # noqa: E402, F401
