"""Changes to a person's record: identity, consent, flags, enrolment, transfer, duplicates."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.access import ALL_SITES_ROLES, parse_uuid, person_or_404, requires
from caseflow.access.consents import consent_scope
from caseflow.access.person import person_access
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people import bp
from caseflow.blueprints.people.forms import (
    ConsentForm,
    EnrolForm,
    FlagForm,
    IdentityForm,
    MergeForm,
    TransferForm,
)
from caseflow.blueprints.people.presenters import (
    display_name,
    merge_labels,
    person_page,
    rows_for,
)
from caseflow.blueprints.people.views import identity_from
from caseflow.extensions import db
from caseflow.models.duplicate import OPEN, PossibleDuplicate
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care.consents import ConsentInput, add_consent, partner_scope
from caseflow.services.care.consents import confirm as confirm_consent_decision
from caseflow.services.intake import duplicates as dup
from caseflow.services.intake.people import enrol, set_flag, update_identity
from caseflow.services.intake.transfers import transfer
from caseflow.sessions import require_recent_auth
from caseflow.vocabulary import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
    Vulnerability,
)


def _consent_common(form) -> dict:
    return dict(
        decided_by=DecidedBy(form.decided_by.data), method=ConsentMethod(form.method.data),
        interpreter_kind=InterpreterKind(form.interpreter_kind.data),
        interpreter_language=form.interpreter_language.data or None,
        accompanying_adult=form.accompanying_adult.data,
    )


@bp.route("/people/<person_id>/edit", methods=["GET", "POST"])
def edit(person_id: str):
    person = person_or_404(person_id, write=True)
    form = IdentityForm(obj=person)
    if not form.is_submitted():
        form.aliases.data = "\n".join(person.aliases or [])
        form.birth_date.data = _typed_date(person)
        form.birth_source.data = person.birth_date_source
        form.sex.data = person.sex
    if form.validate_on_submit():
        try:
            changed = update_identity(current_user, person, identity_from(form),
                                      form.version.data)
        except ServiceError as error:
            show_service_error(form, error, fallback="family_name")
            if isinstance(error, ConcurrentEditError):
                # Saving again after reading the message is a deliberate overwrite.
                form.version.data = db.session.get(Person, person.id).version
        else:
            flash(_("Identity saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for("people.show", person_id=person.id))
    return render_template("people/edit.html", form=form, person=person,
                           name=display_name(person))


def _typed_date(person) -> str:
    born, precision = person.birth_date, person.birth_date_precision
    if born is None:
        return ""
    return {"year": f"{born.year}", "month": f"{born.month:02d}/{born.year}"}.get(
        precision, f"{born.day:02d}/{born.month:02d}/{born.year}")


@bp.route("/people/<person_id>/consents/new", methods=["GET", "POST"])
def new_consent(person_id: str):
    person = person_or_404(person_id, write=True)
    form = ConsentForm()
    if form.validate_on_submit():
        purpose = ConsentPurpose(form.purpose.data)
        consent = ConsentInput(
            purpose=purpose, decision=ConsentDecision(form.decision.data),
            scope=consent_scope(purpose, form.scope.data,
                                partner_scope(form.partner_name.data)
                                if form.partner_name.data else None),
            decided_on=form.decided_on.data, review_on=form.review_on.data,
            partner_name=form.partner_name.data, note=form.note.data, **_consent_common(form),
        )
        try:
            row = add_consent(current_user, person, consent, site_id=_site_for(person))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            if row.awaiting_confirmation:
                flash(_("Consent recorded. It lets you read more of this record, so it takes "
                        "effect once another professional of this discipline at the site, or "
                        "a medical coordinator, confirms it."), "info")
            else:
                flash(_("Consent recorded."), "success")
            return redirect(url_for("people.show", person_id=person.id) + "#consents")
    return render_template("people/consent_form.html", form=form, person=person,
                           name=display_name(person))


@bp.route("/people/<person_id>/consents/confirm", methods=["POST"])
def confirm_consent(person_id: str):
    """A second professional confirms a sharing consent that awaits it (the consent's id is
    in the form, not in the address)."""
    person = person_or_404(person_id)  # CSRF is checked for every POST by CSRFProtect
    consent_id = parse_uuid(request.form.get("consent"))
    if consent_id is None:
        abort(404)
    try:
        confirm_consent_decision(current_user, person, consent_id)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Consent confirmed: it is in force now."), "success")
    return redirect(url_for("people.show", person_id=person.id) + "#consents")


def _site_for(person) -> int | None:
    sites = sorted(person_access(current_user, person).writable_sites)
    return sites[0] if sites else None


@bp.route("/people/<person_id>/flags", methods=["POST"])
def flags(person_id: str):
    person = person_or_404(person_id, write=True)
    form = FlagForm()
    if form.action.data == "set" and not form.flag.data:
        # Nothing is preselected (one tap must not flag an adult as an unaccompanied minor).
        flash(_("Choose a vulnerability to add."), "error")
        return redirect(url_for("people.show", person_id=person.id) + "#flags")
    if not form.validate_on_submit() or form.action.data not in ("set", "clear"):
        abort(400)
    set_flag(current_user, person, Vulnerability(form.flag.data), form.action.data == "set")
    return redirect(url_for("people.show", person_id=person.id) + "#flags")


@bp.route("/people/<person_id>/enrol", methods=["GET", "POST"])
def enrol_view(person_id: str):
    person = person_or_404(person_id, write=True)
    sites = db.session.scalars(select(Site).where(
        Site.id.in_(person_access(current_user, person).writable_sites)).order_by(Site.name))
    form = EnrolForm(sites=list(sites))
    if form.validate_on_submit():
        try:
            enrol(current_user, person, site_id=form.site_id.data, programme=form.programme.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Enrolment recorded."), "success")
            return redirect(url_for("people.show", person_id=person.id))
    return render_template("people/enrol.html", form=form, person=person,
                           name=display_name(person))


@bp.route("/people/<person_id>/transfer", methods=["GET", "POST"])
def transfer_view(person_id: str):
    person = person_or_404(person_id, write=True)
    page = person_page(person, current_user)
    movable = [(str(e.id), f"{p.label if p else e.programme} — {e.site.name}")
               for e, p in page["enrolments"] if e.active and e.site_id in page["writable_sites"]]
    sites = db.session.scalars(select(Site).where(Site.active.is_(True)).order_by(Site.name))
    form = TransferForm(enrolments=movable, sites=list(sites))
    if form.validate_on_submit():
        enrolment = next(e for e, _p in page["enrolments"] if str(e.id) == form.enrolment_id.data)
        consent = None
        if form.consent_given.data:
            consent = ConsentInput(purpose=ConsentPurpose.PARTNER_SHARING,
                                   decision=ConsentDecision.GIVEN, **_consent_common(form))
        try:
            transfer(current_user, person, enrolment, form.to_site_id.data, consent,
                     form.reason.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Transfer recorded: the new site now follows this person."), "success")
            return redirect(url_for("people.show", person_id=person.id))
    return render_template("people/transfer.html", form=form, person=person,
                           name=display_name(person))


# --- Duplicates: coordinators only ---------------------------------------------------------

@bp.route("/people/duplicates")
@requires(*ALL_SITES_ROLES)
def duplicates():
    pairs = dup.open_pairs()
    ids = {p.person_id for p in pairs} | {p.other_person_id for p in pairs}
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))}
    rows = {r.id: r for r in rows_for(people.values())}
    listed = [(pair, rows.get(str(pair.person_id)), rows.get(str(pair.other_person_id)))
              for pair in pairs]
    dup.audit_queue_view(current_user, [p.code for p in people.values()])
    return render_template("people/duplicates.html", pairs=listed)


def _pair_or_404(pair_id: str) -> PossibleDuplicate:
    pair = db.session.get(PossibleDuplicate, parse_uuid(pair_id)) if parse_uuid(pair_id) else None
    if pair is None or pair.status != OPEN:
        abort(404)
    return pair


@bp.route("/people/duplicates/<pair_id>/distinct", methods=["POST"])
@requires(*ALL_SITES_ROLES)
def mark_distinct(pair_id: str):
    dup.mark_distinct(current_user, _pair_or_404(pair_id))
    flash(_("Marked as two different people."), "success")
    return redirect(url_for("people.duplicates"))


@bp.route("/people/<person_id>/merge/<other_id>", methods=["GET", "POST"])
@require_recent_auth
@requires(*ALL_SITES_ROLES)
def merge(person_id: str, other_id: str):
    """Keep `person_id`, merge `other_id` into it, after a preview and a reason."""
    survivor = person_or_404(person_id, purpose="merge")
    duplicate = person_or_404(other_id, purpose="merge")
    if survivor.id == duplicate.id:
        abort(404)
    form = MergeForm()
    if form.validate_on_submit():
        try:
            dup.merge(current_user, survivor, duplicate, form.reason.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Records merged. The old code now leads to this record."), "success")
            return redirect(url_for("people.show", person_id=survivor.id))
    keep, merged = rows_for([survivor, duplicate])
    return render_template("people/merge.html", form=form, keep=keep, merged=merged,
                           preview=dup.merge_preview(survivor, duplicate),
                           conflicts=dup.merge_conflicts(survivor, duplicate),
                           merge_labels=merge_labels())
