"""Thin views over caseflow.sync: the conflicts queue, the review queue, a box's status.

The conflicts and review queues exist on the central server only (a box takes central's
value, caseflow/sync/apply.py: it has no conflict of its own); the status page on a box
only. Each 404s elsewhere, after the role check, as the key pages do.

Ids of conflicts and operations travel in the POSTed form, never a name in an address.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from caseflow.access import ALL_SITES_ROLES, person_or_404, requires
from caseflow.blueprints.people.presenters import rows_for
from caseflow.blueprints.sync_review import bp
from caseflow.blueprints.sync_review import presenters as words
from caseflow.crypto import SealedError
from caseflow.database import commit_keeping_loaded
from caseflow.extensions import db
from caseflow.models.sync_conflict import BOX, CENTRAL
from caseflow.models.user import User
from caseflow.services import ServiceError, custody
from caseflow.sync import attempts, link, queues
from caseflow.sync.conflicts import resolve_conflict
from caseflow.sync.review import mark_reviewed, operations_for_review


class ChoiceForm(FlaskForm):
    """One conflict's choice: the conflict, the button pressed (box or central), and which
    list to go back to ("person": the queue filtered to the person)."""

    conflict = HiddenField()
    choice = StringField()
    back = HiddenField()


class ReviewedForm(FlaskForm):
    """The "Mark as reviewed" buttons: the operations' ids are read as a list."""


QUEUE_PAGE = 200  # as many as the review queue lists (caseflow.sync.review)


class SyncNowForm(FlaskForm):
    """The "Sync now" button: a form for its CSRF token only."""


def _central_or_404() -> None:
    if current_app.config.get("SYNC_ROLE", "central") != "central":
        abort(404)


def _box_or_404() -> None:
    if current_app.config.get("SYNC_ROLE") != "box":
        abort(404)


# --- Conflicts ---------------------------------------------------------------------------


@dataclass
class ConflictItem:
    id: str
    person: object  # the people pages' Row: id, code, name, age, sites
    record: str
    field: str
    common: str
    central: str
    box: str
    ltr: bool
    device: str
    changed_at: object
    opened_at: object
    may_settle: bool


def _items(listed) -> list[ConflictItem]:
    rows = {r.id: r for r in rows_for({p.id: p for _, p, _ in listed}.values())}
    edits = queues.boxes_edits(db.session, [c for c, _, _ in listed])
    items = []
    for conflict, person, may_settle in listed:
        table, column = conflict.table_name, conflict.column

        def value(side, table=table, column=column, conflict=conflict):
            return words.shown(table, column, queues.shown_value(db.session, conflict, side))

        items.append(ConflictItem(
            id=str(conflict.id), person=rows[str(person.id)],
            record=words.record_label(table), field=words.field_label(table, column),
            common=value("base"), central=value(CENTRAL), box=value(BOX),
            ltr=words.ltr(column), device=conflict.device,
            changed_at=edits.get(conflict.operation_id), opened_at=conflict.opened_at,
            may_settle=may_settle))
    return items


def _queue(person=None):
    listed = queues.conflicts_for(db.session, current_user, person.id if person else None)
    items = _items(listed)
    if items:
        queues.audit_queue_view(db.session, current_user,
                                [item.person.code for item in items])
        commit_keeping_loaded()
    return render_template("sync_review/conflicts.html", items=items, person=person,
                           person_row=rows_for([person])[0] if person else None,
                           form=ChoiceForm(), box=BOX, central=CENTRAL)


@bp.route("/conflicts")
def conflicts():
    _central_or_404()
    return _queue()


@bp.route("/conflicts/people/<person_id>")
def person_conflicts(person_id: str):
    """The queue for one person (linked from their page): the person loaded, and audited,
    as their page loads them."""
    _central_or_404()
    return _queue(person_or_404(person_id))


@bp.route("/conflicts/choose", methods=["POST"])
def choose():
    _central_or_404()
    form = ChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    conflict = queues.conflict_for_choice(db.session, current_user, form.conflict.data or "")
    if conflict is None:
        abort(404)
    if form.back.data == "person":
        back = url_for("sync_review.person_conflicts", person_id=conflict.person_id)
    else:
        back = url_for("sync_review.conflicts")
    try:
        resolve_conflict(db.session, conflict, form.choice.data or "",
                         current_user._get_current_object())
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(back, code=303)
    if form.choice.data == BOX:
        flash(_("Done: the value from the clinic box is now in the record. The other value "
                "is kept, with who chose and when."), "success")
    else:
        flash(_("Done: the value recorded here stays in the record. The box's value is kept, "
                "with who chose and when."), "success")
    return redirect(back, code=303)


# --- The review queue --------------------------------------------------------------------


@dataclass
class ReviewItem:
    id: str
    created_at: object
    person_id: str | None
    person_code: str | None
    record: str


@dataclass
class ReviewGroup:
    """Flagged operations of one box, one author and one reason: a day's work of someone
    deactivated meanwhile is one thing to look at, not sixty."""

    reason: str
    device: str
    author: str | None
    items: list[ReviewItem]


@bp.route("/review")
@requires(*ALL_SITES_ROLES)
def review():
    _central_or_404()
    flagged = operations_for_review(db.session)
    codes = queues.codes_of(db.session, {op.person_id for op in flagged})
    authors = dict(db.session.execute(db.select(User.id, User.display_name).where(
        User.id.in_({op.user_id for op in flagged if op.user_id is not None}))).all())
    groups: dict[tuple, ReviewGroup] = {}
    for op in flagged:
        group = groups.setdefault((op.review_reason, op.device, op.user_id), ReviewGroup(
            reason=words.reason_text(op.review_reason), device=op.device,
            author=authors.get(op.user_id), items=[]))
        group.items.append(ReviewItem(
            id=str(op.id), created_at=op.created_at,
            person_id=str(op.person_id) if op.person_id in codes else None,
            person_code=codes.get(op.person_id), record=words.record_label(op.table_name)))
    return render_template("sync_review/review.html", groups=list(groups.values()),
                           form=ReviewedForm())


@bp.route("/review/mark", methods=["POST"])
@requires(*ALL_SITES_ROLES)
def mark():
    """Mark one flagged operation, or a group's (several ``operation`` fields), as reviewed:
    each one audited by ``mark_reviewed``."""
    _central_or_404()
    form = ReviewedForm()
    if not form.validate_on_submit():
        abort(400)
    ids = request.form.getlist("operation")[:QUEUE_PAGE]
    operations = [op for op in (queues.operation_for_review(db.session, i) for i in ids) if op]
    if not operations:
        abort(404)
    actor = current_user._get_current_object()
    marked = 0
    for operation in operations:
        if operation.reviewed_at is None:
            mark_reviewed(db.session, operation, actor)
            marked += 1
    db.session.commit()
    if marked == 0:
        flash(_("Someone already marked this as reviewed."), "info")
    elif marked == 1:
        flash(_("Marked as reviewed."), "success")
    else:
        flash(ngettext("%(num)d marked as reviewed.", "%(num)d marked as reviewed.", marked),
                       "success")
    return redirect(url_for("sync_review.review"), code=303)


# --- A box's sync status -----------------------------------------------------------------


def _status_page():
    sealed = custody.in_memory_custody() and custody.is_sealed()
    attempt = attempts.last_attempt(db.session)
    return render_template(
        "sync_review/status.html", device=current_app.config.get("SYNC_DEVICE"),
        waiting=link.waiting(db.session), last_sync=queues.last_sync(db.session),
        attempt=attempt, attempt_words=words.attempt_outcome(attempt) if attempt else None,
        memory_custody=custody.in_memory_custody(), sealed=sealed, form=SyncNowForm())


@bp.route("/status")
def status():
    _box_or_404()
    return _status_page()


@bp.route("/status/sync-now", methods=["POST"])
def sync_now():
    """Push, then pull, now; the attempt is remembered for this page and audited, whatever
    its outcome (caseflow.sync.attempts). The request's own transaction is ended first:
    SQLite's write lock is not held while the network is waited for."""
    _box_or_404()
    form = SyncNowForm()
    if not form.validate_on_submit():
        abort(400)
    actor_id = current_user.id
    commit_keeping_loaded()
    try:
        report = attempts.run(db.session, actor_id=actor_id, audited=True)
    except link.LinkError as error:
        flash(words.link_failure(error.reason), "error")
    except SealedError:
        flash(str(words.SEALED), "error")
    else:
        flash(words.synced(report.pushed, report.pulled, report.applied), "success")
        if report.conflicts:
            flash(ngettext("%(num)d field was also changed centrally: a professional of the "
                           "site chooses there, nothing is lost.",
                           "%(num)d fields were also changed centrally: a professional of the "
                           "site chooses there, nothing is lost.", report.conflicts), "info")
    return redirect(url_for("sync_review.status"), code=303)
