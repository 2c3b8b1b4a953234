"""Hospital follow-up (Libya): admissions to partner hospitals, visits, discharge, costs,
the coordinator's list of hospitals and the monthly indicators. URL prefix /hospital.

Roles are stated view by view: the person's pages serve doctors, nurses and the
coordinator; the list of hospitals the coordinator; the indicators coordinators
and data managers (access/reports.py).
"""

from flask import Blueprint

bp = Blueprint("hospital", __name__)

from caseflow.blueprints.hospital import views  # noqa: E402, F401
