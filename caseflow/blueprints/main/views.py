from flask import jsonify, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from caseflow import languages
from caseflow.blueprints.auth.views import safe_next
from caseflow.blueprints.main import bp
from caseflow.extensions import db, limiter


@bp.route("/healthz")
def healthz():
    """For load balancers and monitoring: is the database answering, and are rate limits
    shared? Nothing else is said.

    With shared rate limits (Redis), "ratelimit" says "ok" or "degraded". An outage is
    "degraded", not "unavailable": sign-ins keep working with limits
    counted per process (caseflow.extensions.Limiter), so the load balancer must keep
    sending traffic while monitoring raises the alarm.
    """
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    state = limiter.storage_state()
    return jsonify({"status": "ok", **({"ratelimit": state} if state else {})})


@bp.route("/language", methods=["POST"])
def set_language():
    language = request.form.get("language", "")
    if languages.is_supported(language):
        session["lang"] = language
        if current_user.is_authenticated and current_user.language != language:
            current_user.language = language
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))
