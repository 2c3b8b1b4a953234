"""Writing, reading and correcting notes; moving a pathway; the morbidity list."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.access import ALL_SITES_ROLES, person_or_404, requires
from caseflow.access.notes import note_or_404
from caseflow.access.person import person_access
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.notes import bp
from caseflow.blueprints.notes.forms import StateChangeForm, note_form
from caseflow.blueprints.notes.morbidity_form import MorbidityForm
from caseflow.blueprints.people.presenters import display_name
from caseflow.disciplines import note_kinds
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.morbidity import MorbidityCode
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.care import notes as note_service
from caseflow.services.care.pathway_events import allowed_targets, change_state
from caseflow.services.notifiable import declarations
from caseflow.timezones import site_time_label, to_local, to_utc
from caseflow.vocabulary import Confidentiality, InterpreterKind, NoteKind


def _sites(person) -> list[Site]:
    ids = person_access(current_user, person).note_sites
    return list(db.session.scalars(select(Site).where(Site.id.in_(ids)).order_by(Site.name)))


def _note_input(form) -> note_service.NoteInput:
    return note_service.NoteInput(
        kind=NoteKind(form.kind.data), occurred_at=to_utc(form.occurred_at.data,
                                                          form.site_id.data),
        site_id=form.site_id.data, confidentiality=Confidentiality(form.confidentiality.data),
        interpreter_kind=InterpreterKind(form.interpreter_kind.data),
        interpreter_language=form.interpreter_language.data or None,
        codes=form.codes(), details=form.details(), text=form.text.data or "",
        confirmed=form.confirmed(),
    )


def _ask(form, error: note_service.UnusualValues) -> None:
    """Unusual values: the form comes back with its questions, everything typed kept."""
    db.session.rollback()
    form.ask(error.questions)


@bp.route("/people/<person_id>/notes/new", methods=["GET", "POST"])
def new(person_id: str):
    # Not write=True: a break-glass grant writes notes (and nothing else); may_write_notes says.
    person = person_or_404(person_id)
    if not person_access(current_user, person).may_write_notes:
        abort(403)
    sites = _sites(person)
    form = note_form(current_user.discipline)(kinds=note_kinds(current_user.discipline),
                                              sites=sites)
    if not form.is_submitted():
        form.site_id.data = sites[0].id
        form.occurred_at.data = to_local(utcnow(), sites[0].id).replace(second=0,
                                                                        microsecond=0)
        if request.args.get("kind") in dict(form.kind.choices):
            form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        try:
            note = note_service.record_note(current_user, person, _note_input(form))
        except note_service.UnusualValues as error:
            _ask(form, error)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Note recorded."), "success")
            if declarations.in_note(note):
                # Which disease is left to the person page: a flash travels in the session
                # cookie, signed but readable (docs/SECURITY.md), so it names no diagnosis.
                flash(_("This note carries a notifiable disease: its declaration is due "
                        "(Notifiable diseases, below)."), "info")
            return redirect(url_for("people.show", person_id=person.id) + f"#note-{note.id}")
    return render_template("notes/form.html", form=form, person=person, note=None,
                           name=display_name(person))


@bp.route("/notes/<note_id>")
def show(note_id: str):
    person, note = note_or_404(note_id)
    return render_template(
        "notes/show.html", person=person, note=note, name=display_name(person),
        codes=note_service.describe_codes(note),
        detail_rows=note_service.describe_details(note) + note_service.describe_interpreter(note),
        # Formatted here in the note's site's zone: already local, a filter would shift it.
        site_time=lambda moment: site_time_label(moment, note.site),
        revisions=note_service.visible_revisions(current_user, person, note),
        may_correct=person_access(current_user, person).may_correct_note(note),
    )


@bp.route("/notes/<note_id>/edit", methods=["GET", "POST"])
def edit(note_id: str):
    person, note = note_or_404(note_id, write=True)
    form = note_form(note.discipline)(kinds=note_kinds(note.discipline), sites=_sites(person))
    if not form.is_submitted():
        form.kind.data = note.kind.value
        form.occurred_at.data = to_local(note.occurred_at, note.site_id)
        form.site_id.data = note.site_id
        form.interpreter_kind.data = note.interpreter_kind.value
        form.interpreter_language.data = note.interpreter_language or ""
        form.confidentiality.data = note.confidentiality.value
        form.text.data = note.text or ""
        form.version.data = note.version
        form.load(note.codes, note.details)
    conflict = False
    if form.validate_on_submit():
        try:
            note_service.correct_note(current_user, person, note, form.version.data or 0,
                                      _note_input(form))
        except ConcurrentEditError as error:
            # The text typed stays in the form; the version moves on so that saving again
            # is a deliberate choice after reading the other person's change.
            db.session.rollback()
            flash(str(error.message), "error")
            conflict = True
            form.version.data = db.session.get(type(note), note.id).version
        except note_service.UnusualValues as error:
            _ask(form, error)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Correction saved; the previous version is kept."), "success")
            return redirect(url_for("notes.show", note_id=note.id))
    return render_template("notes/form.html", form=form, person=person, note=note,
                           name=display_name(person), conflict=conflict,
                           current_text=note.text if conflict else None)


@bp.route("/people/<person_id>/enrolments/<enrolment_id>/state", methods=["GET", "POST"])
def state(person_id: str, enrolment_id: str):
    person = person_or_404(person_id, write=True)
    enrolment = next((e for e in person.enrolments if str(e.id) == enrolment_id), None)
    if enrolment is None:
        abort(404)
    targets = allowed_targets(current_user, person, enrolment)
    if not targets:
        abort(403)
    form = StateChangeForm()
    form.target.choices = targets
    if form.validate_on_submit():
        try:
            change_state(current_user, person, enrolment, form.target.data,
                         form.changed_on.data, form.note.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Pathway updated."), "success")
            return redirect(url_for("people.show", person_id=person.id) + "#enrolments")
    return render_template("notes/state.html", form=form, person=person, enrolment=enrolment,
                           name=display_name(person))


@bp.route("/morbidity", methods=["GET", "POST"])
@requires(*ALL_SITES_ROLES)
def morbidity_codes():
    """The medical coordinator extends the morbidity list (one label per interface language)."""
    from caseflow import morbidity
    from caseflow.audit import Action, record_event

    form = MorbidityForm()
    if form.validate_on_submit():
        code = form.code.data.strip().lower().replace(" ", "_")
        if code in morbidity.DEFAULTS or db.session.get(MorbidityCode, code):
            form.code.errors = [*form.code.errors, _("This code exists already.")]
        else:
            morbidity.add(code, form.labels(), created_by_id=current_user.id)
            record_event(Action.CREATE, actor_id=current_user.id, object_type="morbidity_code",
                         object_id=code)
            db.session.commit()
            morbidity.forget()
            flash(_("Code added to the list."), "success")
            return redirect(url_for("notes.morbidity_codes"))
    return render_template("notes/morbidity.html", form=form, codes=morbidity.choices())


