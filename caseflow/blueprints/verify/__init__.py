"""The public verification page of certificates: no sign-in, rate limited, nothing personal.

A judge, a lawyer or a police officer scans the QR code of a certificate and
learns whether it is valid, superseded or revoked, its kind, its issue date,
the issuing site and the SHA-256 of the genuine file: never a name, a date of
birth or a word of its content. Serials are sequential, so without the code
of the QR code the page says "unknown" whether the serial exists or not.
"""

from flask import Blueprint

bp = Blueprint("verify", __name__)

from caseflow.blueprints.verify import views  # noqa: E402, F401
