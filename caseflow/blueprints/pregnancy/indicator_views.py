"""The monthly pregnancy indicators page (coordinators and data managers)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from caseflow.access import requires
from caseflow.access.reports import INDICATOR_ROLES
from caseflow.audit import Action, record_event
from caseflow.blueprints.pregnancy import bp
from caseflow.blueprints.reports.presenters import choice_from
from caseflow.extensions import db
from caseflow.models.pregnancy import PregnancyOutcome
from caseflow.reports import pregnancy_indicators
from caseflow.roles import Role


@bp.route("/indicators")
@requires(*INDICATOR_ROLES)
def indicators():
    choice = choice_from(request.args, current_user)
    suppressed = current_user.role == Role.DATA_MANAGER
    figures = pregnancy_indicators.compute(choice.month, choice.site_ids)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="pregnancy_indicators",
                 object_id=choice.month.key,
                 details={"sites": "all" if choice.site_ids is None else choice.site_ids})
    db.session.commit()
    return render_template("pregnancy/indicators.html", choice=choice, suppressed=suppressed,
                           shown=pregnancy_indicators.shown(figures, suppressed=suppressed),
                           outcomes=list(PregnancyOutcome))
