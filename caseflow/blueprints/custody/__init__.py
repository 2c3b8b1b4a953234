"""/keys: unlock a server in memory custody (public: the passphrase is the credential),
see its state and seal it (coordinators and administrators). docs/OFFLINE.md, Keys."""

from flask import Blueprint

bp = Blueprint("custody", __name__, url_prefix="/keys")

from caseflow.blueprints.custody import views  # noqa: E402, F401
