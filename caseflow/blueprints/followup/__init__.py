"""Follow-up: appointments and the daily list, lost to follow-up, referrals and their letter."""

from flask import Blueprint

from caseflow.access import PERSON_READER_ROLES, requires

bp = Blueprint("followup", __name__)


@bp.before_request
@requires(*PERSON_READER_ROLES)
def _roles():
    """The care teams."""


from caseflow.blueprints.followup import views, views_referrals  # noqa: E402, F401
