"""The sync pages (issue 21): on the central server, the conflicts a professional settles
and the review of flagged box work; on a clinic box, its sync status and "Sync now".

Thin views over caseflow.sync (conflicts, review, link) and caseflow.sync.queues, which
says who sees which conflict."""

from flask import Blueprint

from caseflow.access import PERSON_READER_ROLES, requires

bp = Blueprint("sync_review", __name__, url_prefix="/sync")


@bp.before_request
@requires(*PERSON_READER_ROLES)
def _roles():
    """The care teams (the review queue narrows it to coordinators)."""


from caseflow.blueprints.sync_review import views  # noqa: E402, F401
