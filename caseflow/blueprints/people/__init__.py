"""People: search, registration, the person page, consent, flags, transfer, duplicates."""

from flask import Blueprint

from caseflow.access import PERSON_READER_ROLES, requires

bp = Blueprint("people", __name__)


@bp.before_request
@requires(*PERSON_READER_ROLES)
def _roles():
    """The care teams."""


from caseflow.blueprints.people import views, views_records  # noqa: E402, F401
from caseflow.blueprints.people.presenters import field_label  # noqa: E402

bp.add_app_template_filter(field_label, "field_label")
