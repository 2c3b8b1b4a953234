"""Sexual-violence care: a person's consultations (medical teams) and the monthly indicator.

Registered under the neutral prefix /svc: a URL read over a shoulder, in a browser's
history or in a proxy log says nothing of what the page holds; ids are random UUIDs, so
no URL carries personal data. The consultation pages load the person through
person_or_404 (its access and audit) and audit their own read; the indicator page is
aggregate, for coordinators and data managers (access/reports.py).
"""

from flask import Blueprint

bp = Blueprint("sexual_violence", __name__, url_prefix="/svc")

from caseflow.blueprints.sexual_violence import views  # noqa: E402, F401
