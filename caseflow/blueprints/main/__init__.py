from flask import Blueprint

bp = Blueprint("main", __name__)

from caseflow.blueprints.main import views, views_home  # noqa: E402, F401
