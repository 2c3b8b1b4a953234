from flask import Blueprint

bp = Blueprint("auth", __name__)

from caseflow.blueprints.auth import reauth, two_factor, views  # noqa: E402, F401
