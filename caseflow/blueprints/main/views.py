from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from caseflow.blueprints.auth.views import safe_next
from caseflow.blueprints.main import bp
from caseflow.extensions import db


@bp.route("/")
def home():
    return render_template("main/home.html", user=current_user)


@bp.route("/healthz")
def healthz():
    """For load balancers and monitoring: is the database answering? Nothing else is said."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})


@bp.route("/language", methods=["POST"])
def set_language():
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
        if current_user.is_authenticated and current_user.language != language:
            current_user.language = language
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))
