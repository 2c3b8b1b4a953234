"""Notifiable diseases: the page where a doctor records the declaration (issue 20).

The reminder is the person page's panel (templates/notifiable/_person_panel.html); the
page loads the person through person_or_404 (its access and audit). No disease code in a
URL: the code travels in the form's body.
"""

from flask import Blueprint

bp = Blueprint("notifiable", __name__)

from caseflow.blueprints.notifiable import views  # noqa: E402, F401
