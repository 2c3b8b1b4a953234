"""Tuberculosis: a person's episodes (care teams) and the WHO quarterly cohort report.

The episode pages load the person through person_or_404 (its access and audit); the
cohort pages are aggregate, for coordinators and data managers (access/reports.py).
Registered with url_prefix="/tb".
"""

from flask import Blueprint

bp = Blueprint("tb", __name__)

from caseflow.blueprints.tb import cohort_views, views  # noqa: E402, F401
