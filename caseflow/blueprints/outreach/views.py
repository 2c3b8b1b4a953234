"""Sessions and their rapid contacts."""

from __future__ import annotations

from dataclasses import fields

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import morbidity
from caseflow.blueprints.outreach import bp
from caseflow.blueprints.outreach.forms import whole_numbers
from caseflow.blueprints.outreach.presenters import (
    choices,
    complaint_label,
    count_labels,
    temperature_text,
)
from caseflow.extensions import db
from caseflow.models.outreach import COUNT_FIELDS, AccessObtained, OutreachSession
from caseflow.services import ServiceError
from caseflow.services.outreach import InputErrors, contacts, outreach_site_ids, places, sessions
from caseflow.services.outreach.contacts import ContactInput
from caseflow.services.outreach.sessions import SessionInput
from caseflow.timezones import site_today

CONTACT_NUMBERS = ("number", "heart_rate", "respiratory_rate", "systolic", "diastolic", "spo2",
                   "consent_explained_by_id")


def _errors_of(error: ServiceError) -> dict[str, str]:
    """Field → message; a refusal about no field goes to the top of the page."""
    db.session.rollback()
    if isinstance(error, InputErrors):
        return {k: str(v) for k, v in error.errors.items()}
    flash(str(error.message), "error")
    return {}


def _session_or_404(session_id: str) -> OutreachSession:
    found = sessions.session_for(current_user, session_id)
    if found is None:
        abort(404)
    return found


@bp.route("/")
def index():
    listed = sessions.recent_sessions(current_user)
    return render_template("outreach/index.html", sessions=listed,
                           may_start=bool(outreach_site_ids(current_user) is None
                                          or outreach_site_ids(current_user)))


@bp.route("/new", methods=["GET", "POST"])
def new_session():
    offered = places.places(outreach_site_ids(current_user), active_only=True)
    values = {"held_on": "", "access": AccessObtained.FULL.value}
    if offered and len({p.site_id for p in offered}) == 1:
        values["held_on"] = site_today(offered[0].site).isoformat()
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = request.form.to_dict()
        read, _unread = whole_numbers(request.form, ("place_id",))  # unread: unknown place
        try:
            held_on = sessions.parse_day(values.get("held_on", ""))
            created = sessions.create_session(current_user, SessionInput(
                place_id=read["place_id"],
                held_on=held_on,
                access=AccessObtained(values["access"]) if values.get("access") in
                {a.value for a in AccessObtained} else None,
                team=values.get("team", ""), refusal_reason=values.get("refusal_reason", ""),
                access_note=values.get("access_note", "")))
        except ServiceError as error:
            errors = _errors_of(error)
        else:
            flash(_("Session recorded."), "success")
            return redirect(url_for("outreach.show", outreach_session_id=created.id))
    return render_template("outreach/new.html", places=offered, values=values, errors=errors,
                           **choices()), (422 if errors else 200)


def _contact_defaults(session: OutreachSession, listed) -> dict[str, str]:
    """The form as it comes back after a save: empty, and what groups share carried over
    (nationality, who explained): the last contact's. No triage and no age group: a missed
    tap must be refused, not record a red patient as green or a child as an adult. The
    next number is only a placeholder (typing into a filled field would append to it)."""
    last = max(listed, key=lambda c: c.created_at, default=None)
    return {
        "referral": "none",
        "nationality": (last.nationality or "") if last else "",
        "consent_explained_by_id": str(last.consent_explained_by_id if last
                                       else current_user.id),
    }


def _render_session(session: OutreachSession, *, contact_values=None, contact_errors=None,
                    count_values=None, count_errors=None, status=200):
    listed = contacts.contacts_of(session) if session.access is not AccessObtained.REFUSED \
        else []
    labels = dict(morbidity.choices())
    team = contacts.explainers(session)
    counts = count_values or {n: "" if getattr(session, n) is None else str(getattr(session, n))
                              for n in COUNT_FIELDS}
    return render_template(
        "outreach/session.html", session=session, contacts=listed,
        next_number=max((c.number for c in listed), default=0) + 1,
        contact_values=contact_values or _contact_defaults(session, listed),
        contact_errors=contact_errors or {}, counts=counts, count_errors=count_errors or {},
        count_labels=count_labels(), team=team, complaint_label=complaint_label,
        complaint_labels=labels, temperature_text=temperature_text, **choices()), status


@bp.route("/sessions/<outreach_session_id>")
def show(outreach_session_id: str):
    session = _session_or_404(outreach_session_id)
    sessions.record_view(current_user, session)
    return _render_session(session)


@bp.route("/sessions/<outreach_session_id>/contacts", methods=["POST"])
def add_contact(outreach_session_id: str):
    session = _session_or_404(outreach_session_id)
    form = request.form
    read, unread = whole_numbers(form, CONTACT_NUMBERS)
    ticks = {"consent_confirmed", "vitals_checked"}
    data = ContactInput(**{f.name: form.get(f.name, "") for f in fields(ContactInput)
                           if f.name not in ticks | set(CONTACT_NUMBERS)},
                        **read, **{name: form.get(name) == "yes" for name in ticks})
    try:
        saved = contacts.add_contact(current_user, session, data, field_errors=unread)
    except ServiceError as error:
        errors = _errors_of(error)
        session = _session_or_404(outreach_session_id)
        return _render_session(session, contact_values=form.to_dict(),
                               contact_errors=errors, status=422)
    flash(_("Saved: #%(number)d", number=saved.number), "success")
    # No fragment: a page opened on a fragment skips autofocus, and the number field must
    # have the focus for the next contact (the form is at the top of the page).
    return redirect(url_for("outreach.show", outreach_session_id=session.id))


@bp.route("/sessions/<outreach_session_id>/declined", methods=["POST"])
def declined(outreach_session_id: str):
    session = _session_or_404(outreach_session_id)
    try:
        total = sessions.record_declined(current_user, session)
    except ServiceError as error:
        _errors_of(error)
    else:
        flash(_("Declined: counted, nothing else kept (%(count)d so far).", count=total),
              "success")
    return redirect(url_for("outreach.show", outreach_session_id=session.id) + "#contact-form")


@bp.route("/sessions/<outreach_session_id>/counts", methods=["POST"])
def counts(outreach_session_id: str):
    session = _session_or_404(outreach_session_id)
    raw = request.form.to_dict()
    read, unread = whole_numbers(request.form, (*COUNT_FIELDS, "version"))
    try:
        version = -1 if unread.pop("version", None) else read["version"]  # -1: a conflict
        parsed = sessions.parse_counts(read, unread)
        sessions.update_counts(current_user, session, parsed, version)
    except ServiceError as error:
        errors = _errors_of(error)
        session = _session_or_404(outreach_session_id)
        return _render_session(session, count_values=raw, count_errors=errors, status=422)
    flash(_("Counts saved."), "success")
    return redirect(url_for("outreach.show", outreach_session_id=session.id) + "#counts")
