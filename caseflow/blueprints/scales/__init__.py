"""Validated scales (issue 20): choose a scale, answer its items, see the score and band
computed by caseflow; correct a result or mark it entered in error; the person page's
panel with each scale's scores over time (presenters.person_panel).

Every page loads the person through person_or_404 (scope, audit) and asks
services.scales.who what the user may do. Registered with url_prefix="/scales".
"""

from flask import Blueprint

bp = Blueprint("scales", __name__)

from caseflow.blueprints.scales import views  # noqa: E402, F401
