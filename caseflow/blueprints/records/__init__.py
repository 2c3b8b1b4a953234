"""Records: the retention review, erasure, and subject access exports (coordinators only).

Also closes every page of an erased record, whatever blueprint serves it
(closed.py): an erased person's pages show when and why the record was erased,
and nothing else.
"""

from flask import Blueprint

from caseflow.access import requires
from caseflow.access.records import RECORDS_ROLES

bp = Blueprint("records", __name__)


@bp.before_request
@requires(*RECORDS_ROLES)
def _roles():
    """Medical coordinators only."""


from caseflow.blueprints.records import closed, views  # noqa: E402, F401
