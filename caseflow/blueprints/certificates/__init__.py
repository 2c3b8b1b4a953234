"""Certificates: drafting, review, issue, correction and revocation, the register."""

from flask import Blueprint

from caseflow.access import PERSON_READER_ROLES, require_roles

bp = Blueprint("certificates", __name__)
bp.before_request(require_roles(*PERSON_READER_ROLES))

from caseflow.blueprints.certificates import views  # noqa: E402, F401
