"""GET /tb/cohort and its exports: coordinators and data managers (aggregates only)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from caseflow import languages
from caseflow.access import requires
from caseflow.access.reports import INDICATOR_ROLES
from caseflow.audit import Action, record_event
from caseflow.blueprints.downloads import file_response
from caseflow.blueprints.reports.presenters import language
from caseflow.blueprints.tb import bp, cohort
from caseflow.database import reading
from caseflow.extensions import db
from caseflow.roles import Role


def _export_language() -> str:
    lang = request.args.get("lang", "")
    return lang if languages.is_supported(lang) else language()


@bp.route("/cohort")
@requires(*INDICATOR_ROLES)
def cohort_report():
    choice = cohort.choice_from(request.args, current_user)
    # Headquarters (the data manager) sees small counts hidden, as in the exports.
    suppressed = current_user.role == Role.DATA_MANAGER
    with reading():
        header, body = cohort.rows_for(choice, language(), suppressed=suppressed)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="tb_cohort",
                 object_id=choice.quarter.key,
                 details={"sites": "all" if choice.site_ids is None else choice.site_ids})
    db.session.commit()
    return render_template("tb/cohort.html", choice=choice, header=header, body=body,
                           quarter=cohort.quarter_label(choice.quarter, language()),
                           suppressed=suppressed, export_languages=languages.codes())


@bp.route("/cohort.csv")
@requires(*INDICATOR_ROLES)
def cohort_csv():
    choice = cohort.choice_from(request.args, current_user)
    body = cohort.csv_bytes(choice, _export_language(), current_user.id)
    return file_response(body, "text/csv; charset=utf-8",
                         f"tb-cohort-{choice.quarter.key}.csv", inline=False)


@bp.route("/cohort.pdf")
@requires(*INDICATOR_ROLES)
def cohort_pdf():
    choice = cohort.choice_from(request.args, current_user)
    body = cohort.pdf_bytes(choice, _export_language(), current_user.id)
    return file_response(body, "application/pdf", f"tb-cohort-{choice.quarter.key}.pdf")
