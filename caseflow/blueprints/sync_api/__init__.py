"""/sync/v1: the central server's API for clinic boxes (JSON, bearer credential).

Not a page: no session, no CSRF (a box is not a browser; its credential is a header, which
a cross-site form cannot send), every request authenticated by caseflow.services.boxes.
"""

from flask import Blueprint

from caseflow.extensions import csrf

bp = Blueprint("sync_api", __name__, url_prefix="/sync/v1")
csrf.exempt(bp)

from caseflow.blueprints.sync_api import views  # noqa: E402, F401
