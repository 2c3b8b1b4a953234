"""A contact's page, and linking contacts to full records: proposed by the team (from the
contact or from the person's page), confirmed or rejected by a coordinator (the queue),
undone by a coordinator. Thin views over services/outreach/links.py and matching.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow import morbidity
from caseflow.access import person_or_404, requires
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.outreach import bp
from caseflow.blueprints.outreach.forms import whole_numbers
from caseflow.blueprints.outreach.presenters import complaint_label, temperature_text
from caseflow.blueprints.people.forms import RegistrationForm
from caseflow.blueprints.people.presenters import rows_for
from caseflow.extensions import db
from caseflow.models.outreach import LinkStatus
from caseflow.models.user import User
from caseflow.roles import Role
from caseflow.services import ServiceError
from caseflow.services.outreach import links, matching, may_open, places, sessions
from caseflow.services.outreach.matching import ContactFilters


def _contact_or_404(contact_id: str):
    found = links.contact_for(current_user, contact_id)
    if found is None:
        abort(404)
    return found


def _may_propose_here(session) -> bool:
    return links.may_propose(current_user) and may_open(current_user, session.site_id)


@bp.route("/contacts/<contact_id>")
def contact(contact_id: str):
    found, session = _contact_or_404(contact_id)
    history = links.links_of_contact(found)
    pending = next((k for k in history if k.status is LinkStatus.PENDING), None)
    confirmed = [k for k in history if k.status is LinkStatus.CONFIRMED]
    may_propose = (_may_propose_here(session) and found.person_id is None and pending is None)
    candidates = rows_for(matching.candidate_people(current_user, found)) if may_propose else []
    staff = _staff([found.recorded_by_id, found.consent_explained_by_id,
                    *(i for k in history for i in (k.proposed_by_id, k.decided_by_id,
                                                   k.unlinked_by_id))])
    links.record_contact_view(current_user, found, session)
    return render_template(
        "outreach/contact.html", contact=found, session=session, history=history,
        pending=pending, confirmed=confirmed, may_propose=may_propose, candidates=candidates,
        staff=staff, may_decide=links.may_decide(current_user),
        complaint=complaint_label(found.complaint_code, dict(morbidity.choices())),
        temperature=temperature_text((found.vitals or {}).get("temperature_dc")))


def _staff(ids) -> dict[int, str]:
    """Display names of the staff a page names (one query)."""
    from sqlalchemy import select

    wanted = sorted({i for i in ids if i is not None})
    return {u.id: u.display_name for u in db.session.scalars(
        select(User).where(User.id.in_(wanted)))} if wanted else {}


@bp.route("/contacts/<contact_id>/propose", methods=["POST"])
def propose_link(contact_id: str):
    """Propose the person chosen (a suggestion's id) or typed (the card's code)."""
    from sqlalchemy import select

    from caseflow.access import in_scope_clause
    from caseflow.models.person import Person
    from caseflow.services.intake.duplicates import resolve_code

    found, session = _contact_or_404(contact_id)
    back = request.form.get("back")
    person_ref = request.form.get("person_id") or ""
    code = (request.form.get("code") or "").strip().upper()
    if not person_ref and code:
        resolved = resolve_code(code)
        if resolved is not None:  # a code outside the user's sites reads as unknown
            resolved = db.session.scalar(select(Person.id).where(
                Person.id == resolved, in_scope_clause(current_user, Person.id)))
        if resolved is None:
            flash(_("No record has this code at your sites."), "error")
            return redirect(url_for("outreach.contact", contact_id=found.id))
        person_ref = str(resolved)
    if not person_ref:
        flash(_("Choose a record, or type the code on the person's card."), "error")
        return redirect(url_for("outreach.contact", contact_id=found.id))
    person = person_or_404(person_ref, purpose="outreach_link")
    try:
        links.propose(current_user, found, session, person)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("Link proposed: a coordinator confirms it before the contact joins the record."),
              "success")
    if back == "person":
        return redirect(url_for("people.show", person_id=person.id))
    return redirect(url_for("outreach.contact", contact_id=found.id))


@bp.route("/people/<person_id>/contacts", methods=["GET", "POST"])
def person_contacts(person_id: str):
    """From the person's page: contacts they may be. GET: the suggestions (the declared names
    that agree with the record's); POST: a search (a name typed never reaches an address)."""
    person = person_or_404(person_id, purpose="outreach_link")  # unknown or not theirs: 404
    if not links.may_propose(current_user):
        abort(403)
    values = request.form.to_dict() if request.method == "POST" else {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        read, errors = whole_numbers(request.form, ("number", "place_id"))
        held_on = sessions.parse_day(values.get("held_on", ""))
        if values.get("held_on") and held_on is None:
            errors["held_on"] = _("A date, such as 2026-12-01.")
        filters = ContactFilters(number=read["number"], held_on=held_on,
                                 place_id=read["place_id"], name=values.get("name", "")[:200])
        rows = [] if errors or filters.empty else matching.search_contacts(current_user, filters)
    else:
        rows = matching.suggested_contacts(current_user, person)
    from caseflow.services.outreach import outreach_site_ids

    return render_template(
        "outreach/person_contacts.html", person=person, rows=rows, values=values, errors=errors,
        searched=request.method == "POST", labels=dict(morbidity.choices()),
        complaint_label=complaint_label,
        places=places.places(outreach_site_ids(current_user)))


@bp.route("/contacts/<contact_id>/register", methods=["GET", "POST"])
def register_from_contact(contact_id: str):
    """A new full record from the contact, through the registration of people/views.py (its
    duplicate check included), and the link proposed for a coordinator, in one transaction:
    a proposal refused (a link waiting, the contact linked meanwhile) registers no one, so
    the form shown again cannot make a second record of the same person."""
    from caseflow.blueprints.people.views import (
        _intake_consents,
        _my_sites,
        follow_site,
        identity_from,
    )
    from caseflow.services.intake.duplicates import check_before_register
    from caseflow.services.intake.people import register_person
    from caseflow.vocabulary import Vulnerability

    found, session = _contact_or_404(contact_id)
    if not _may_propose_here(session) or found.person_id is not None:
        abort(403)
    if links.pending_link(found) is not None:  # a coordinator decides first
        flash(str(links.ALREADY_PENDING), "error")
        return redirect(url_for("outreach.contact", contact_id=found.id))
    sites = _my_sites()
    form = RegistrationForm(sites=sites)
    if not form.is_submitted():
        parts = (found.declared_name or "").split()
        form.family_name.data = " ".join(parts[1:]) if len(parts) > 1 else " ".join(parts)
        form.given_names.data = parts[0] if len(parts) > 1 else ""
        form.sex.data = found.sex.value
        form.nationality.data = found.nationality or ""
        if any(s.id == session.site_id for s in sites):
            form.site_id.data = session.site_id
        flash(_("Filled in from outreach contact #%(number)d: check how the name divides.",
                number=found.number), "info")
    candidates = []
    valid = form.validate_on_submit()
    if follow_site(form, sites):
        valid = False
    if valid:
        identity = identity_from(form)
        try:
            identity.cleaned()
            _found, visible = check_before_register(current_user, identity)
            if visible and form.confirm_new.data != "yes":
                candidates = rows_for(visible)
            else:
                links.check_proposable(current_user, found, session)
                person = register_person(
                    current_user, identity, site_id=form.site_id.data,
                    programme=form.programme.data, consents=_intake_consents(form),
                    flags=[Vulnerability(f) for f in form.flags.data or []],
                    confirmed_distinct_from=[p.id for p in visible], commit=False)
                links.propose(current_user, found, session, person, commit=False)
                db.session.commit()
                flash(_("Registered. The link with the outreach contact waits for a "
                        "coordinator's confirmation."), "success")
                return redirect(url_for("people.show", person_id=person.id))
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error, fallback="family_name")
    return render_template("people/new.html", form=form, candidates=candidates)


# --- The coordinator's queue --------------------------------------------------------------------


@bp.route("/links")
@requires(Role.COORDINATOR)
def links_queue():
    rows = links.queue()
    people = rows_for([row[3] for row in rows])
    by_id = {r.id: r for r in people}
    staff = _staff([row[0].proposed_by_id for row in rows])
    links.audit_queue_view(current_user, [row[3].code for row in rows])
    return render_template(
        "outreach/links.html", rows=[(*row, by_id.get(str(row[3].id))) for row in rows],
        staff=staff, labels=dict(morbidity.choices()), complaint_label=complaint_label)


def _link_or_404(link_id: str):
    link = links.link_for(link_id)
    if link is None:
        abort(404)
    return link


def _after_decision(link):
    target = request.form.get("back")
    if target == "contact":
        return redirect(url_for("outreach.contact", contact_id=link.contact_id))
    return redirect(url_for("outreach.links_queue"))


@bp.route("/links/<link_id>/confirm", methods=["POST"])
@requires(Role.COORDINATOR)
def confirm_link(link_id: str):
    link = _link_or_404(link_id)
    try:
        links.confirm(current_user, link)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("Link confirmed: the contact is in the person's record."), "success")
    return _after_decision(link)


@bp.route("/links/<link_id>/reject", methods=["POST"])
@requires(Role.COORDINATOR)
def reject_link(link_id: str):
    link = _link_or_404(link_id)
    try:
        links.reject(current_user, link, request.form.get("reason", ""))
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message) if error.field != "reason"
              else _("Say why the link is rejected."), "error")
    else:
        flash(_("Link rejected: the contact stays unlinked."), "success")
    return _after_decision(link)


@bp.route("/links/<link_id>/unlink", methods=["POST"])
@requires(Role.COORDINATOR)
def unlink_link(link_id: str):
    link = _link_or_404(link_id)
    try:
        links.unlink(current_user, link, request.form.get("reason", ""))
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message) if error.field != "reason"
              else _("Say why the link is undone."), "error")
    else:
        flash(_("Link undone: the contact left the person's record."), "success")
    return redirect(url_for("outreach.contact", contact_id=link.contact_id))

