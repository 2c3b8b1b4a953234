"""Audit review pages: the latest events, who opened a person's record, what a user opened.

Thin views: the loaders of caseflow.access.audit check the reviewer and the
subject, caseflow.services.safeguards.audit_review reads the page and records the review.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access.audit import (
    audited_person_code_or_404,
    audited_user_or_404,
    known_person_code,
)
from caseflow.blueprints.audit import bp
from caseflow.blueprints.audit import presenters as present
from caseflow.blueprints.audit.forms import EventFilterForm, FindPersonForm, FindUserForm
from caseflow.i18n import join_list, select_timezone
from caseflow.services.safeguards import audit_review
from caseflow.timezones import day_bounds


def _zone_name() -> str:
    return select_timezone() or "UTC"


def _filters() -> tuple[EventFilterForm, audit_review.EventFilter]:
    """The filters from the query string; a wrong value is shown on its field and ignored."""
    form = EventFilterForm(request.args)
    form.validate()
    zone = ZoneInfo(_zone_name())
    start = form.start.data if form.start.data and not form.start.errors else None
    end = form.end.data if form.end.data and not form.end.errors else None
    action = form.action.data if form.action.data and not form.action.errors else None
    return form, audit_review.EventFilter(
        start=day_bounds(start, zone)[0] if start else None,
        end=day_bounds(end, zone)[1] if end else None,
        action=action)


def _page_number() -> int:
    try:
        return max(int(request.args.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1


def _render(template: str, result: audit_review.EventPage, form: EventFilterForm, **context):
    args = {k: v for k, v in request.args.items() if k != "page"}
    view_args = request.view_args or {}

    def page_url(number: int) -> str | None:
        if not 1 <= number <= result.pages or number == result.page:
            return None
        return url_for(request.endpoint, page=number, **view_args, **args)

    today = datetime.now(ZoneInfo(_zone_name())).date()
    this_month = url_for(request.endpoint, **view_args,
                         start=today.replace(day=1).isoformat(), end=today.isoformat())
    return render_template(
        template, form=form, rows=[present.row(line) for line in result.lines],
        total=result.total, page=result.page, pages=result.pages,
        prev_url=page_url(result.page - 1), next_url=page_url(result.page + 1),
        zone=_zone_name(), this_month_url=this_month, **context)


@bp.route("/audit/")
def index():
    form, filters = _filters()
    result = audit_review.review(current_user, filters=filters, page=_page_number())
    return _render("audit/index.html", result, form,
                   find_person=FindPersonForm(formdata=None),
                   find_user=FindUserForm(formdata=None,
                                          users=audit_review.reviewable_users()))


@bp.route("/audit/find")
def find():
    """The two entry points of the landing page: a person's code, or a user."""
    if "user" in request.args:
        form = FindUserForm(request.args, users=audit_review.reviewable_users())
        if form.validate():
            return redirect(url_for("audit.user", user_id=form.user.data))
        flash(_("Choose a user in the list."), "error")
        return redirect(url_for("audit.index"))
    form = FindPersonForm(request.args)
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("audit.index"))
    code = known_person_code(form.code.data)
    if code is None:
        flash(_("No person and no audit event has this code. Check the code on the "
                "person's page or card."), "error")
        return redirect(url_for("audit.index"))
    return redirect(url_for("audit.person", code=code))


@bp.route("/audit/people/<code>")
def person(code: str):
    code = audited_person_code_or_404(code)
    if code != request.view_args.get("code"):  # typed in lower case or without dashes
        return redirect(url_for("audit.person", code=code, **request.args))
    form, filters = _filters()
    result = audit_review.review(current_user, person_code=code, filters=filters,
                                 page=_page_number())
    return _render("audit/person.html", result, form, code=code)


@bp.route("/audit/users/<int:user_id>")
def user(user_id: int):
    subject = audited_user_or_404(user_id)
    form, filters = _filters()
    result = audit_review.review(current_user, actor_id=subject.id, filters=filters,
                                 page=_page_number())
    return _render("audit/user.html", result, form, subject=subject,
                   subject_role=subject.role.label,
                   subject_sites=join_list(s.name for s in subject.sites))
