"""Safety basics of a person's record (issue 20): allergies and current treatments.

The box at the top of the person page (presenters.safety_panel), the history page and
the forms to record "no known allergy", an allergy (new, change, retire) and a treatment
(new, change, stop). Every page loads the person through person_or_404 (its access and
audit); services/safety decides who reads and writes. Registered with url_prefix="/safety".
"""

from flask import Blueprint

bp = Blueprint("safety", __name__)

from caseflow.blueprints.safety import views  # noqa: E402, F401
