"""Vaccination status and doses of a person (issue 20): the page, its forms, the panel.

Pages load the person through person_or_404 (its access and its audited read); the
services (caseflow/services/vaccination) check who may write and audit each change.
Registered with url_prefix="/vaccination".
"""

from flask import Blueprint

bp = Blueprint("vaccination", __name__)

from caseflow.blueprints.vaccination import views  # noqa: E402, F401
