"""GET /indicators/ and its exports. Each view: choose, compute (reports), audit, answer."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from caseflow import languages
from caseflow.audit import Action, record_event
from caseflow.blueprints.downloads import file_response
from caseflow.blueprints.reports import bp, presenters
from caseflow.database import reading
from caseflow.extensions import db
from caseflow.reports import exports, figure_cache
from caseflow.roles import Role


def _export_language() -> str:
    lang = request.args.get("lang", "")
    return lang if languages.is_supported(lang) else presenters.language()


@bp.route("/indicators/")
def dashboard():
    choice = presenters.choice_from(request.args, current_user)
    # Seconds of reading at programme size: without holding SQLite's write lock.
    with reading():
        # Headquarters (the data manager) sees small counts suppressed, like any export.
        page = presenters.dashboard(choice, suppressed=current_user.role == Role.DATA_MANAGER)
    figure_cache.keep()  # closed months' figures counted now, kept with the audit event
    record_event(Action.VIEW, actor_id=current_user.id, object_type="indicators",
                 object_id=choice.month.key,
                 details={"sites": "all" if choice.site_ids is None else choice.site_ids})
    db.session.commit()
    return render_template("reports/dashboard.html", choice=choice, page=page)


@bp.route("/indicators/export.csv")
def export_csv():
    choice = presenters.choice_from(request.args, current_user)
    body = exports.csv_bytes(choice.month, choice.site_ids, _export_language(),
                             actor_id=current_user.id)
    return file_response(body, "text/csv; charset=utf-8",
                         f"indicators-{choice.month.key}.csv", inline=False)


@bp.route("/indicators/report.pdf")
def report_pdf():
    choice = presenters.choice_from(request.args, current_user)
    body = exports.pdf_bytes(choice.month, choice.site_ids, _export_language(),
                             actor_id=current_user.id)
    return file_response(body, "application/pdf", f"indicators-{choice.month.key}.pdf")
