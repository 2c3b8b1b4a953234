"""Pregnancy follow-up: a person's pregnancies, antenatal visits and outcome (care teams),
and the monthly indicators (coordinators and data managers). Registered with
url_prefix="/anc" (antenatal care): an address next to a person's id that said
"pregnancy" would tell a browser's history or a proxy's log what the sexual-violence
pages' neutral /svc keeps to itself.

The pages are addressed by the person (person_or_404: its access and audit); which of her
pregnancies is shown comes as `?episode=<id>` (the latest without it), an opaque id and
never personal data.
"""

from flask import Blueprint

bp = Blueprint("pregnancy", __name__)

from caseflow.blueprints.pregnancy import indicator_views, views  # noqa: E402, F401
