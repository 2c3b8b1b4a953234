"""Outreach sessions in Libya (issue 19): thin views over caseflow/services/outreach/.

The medical roles only: doctors, nurses, midwives and coordinators (social, legal,
psychology and protection staff, the data manager and administrators get 403);
a session of a site the user does not work at is unknown to them (404)."""

from flask import Blueprint

from caseflow.access import requires
from caseflow.services.outreach import OUTREACH_ROLES

bp = Blueprint("outreach", __name__, url_prefix="/outreach")


@bp.before_request
@requires(*OUTREACH_ROLES)
def _roles():
    """Medical staff and coordinators."""


from caseflow.blueprints.outreach import views, views_links, views_places  # noqa: E402, F401
