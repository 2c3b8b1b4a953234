"""Evacuations out of Libya: the person's cases, their steps, fitness to travel, the medical
report in the file, people travelling together, and the monthly indicators. URL prefix
/evacuations.

Roles are stated view by view (services/evacuation/__init__.py says who and why): the
case pages serve the evacuation team, the indicators coordinators and data managers
(access/reports.py).
"""

from flask import Blueprint

bp = Blueprint("evacuation", __name__)

from caseflow.blueprints.evacuation import views  # noqa: E402, F401
