"""Allergies and treatments of a person: history, "no known allergy", allergy and treatment
forms. Thin views over services.safety; an entry is named by `?entry=<uuid>` on the
person's own URL (no personal data in the URL, one loader for the person)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import PERSON_READER_ROLES, parse_uuid, person_or_404, requires
from caseflow.access.person import person_access
from caseflow.blueprints.fields import parse_version
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.blueprints.safety import bp
from caseflow.blueprints.safety.forms import (
    NONE,
    AllergyForm,
    MedicationForm,
    NoKnownAllergyForm,
    RetireForm,
)
from caseflow.blueprints.safety.presenters import history_names
from caseflow.extensions import db
from caseflow.models.allergy_codes import (
    AllergenGroup,
    AllergySource,
    EntryState,
    Reaction,
    Severity,
)
from caseflow.models.medication import Prescriber, StopReason
from caseflow.models.site import Site
from caseflow.services import ConcurrentEditError, ServiceError, safety
from caseflow.services.safety import allergies, medications
from caseflow.services.safety.allergies import AllergyInput
from caseflow.services.safety.medications import MedicationInput


@bp.before_request
@requires(*PERSON_READER_ROLES)
def _roles():
    """Care teams only: data managers and administrators open no person."""


def _person_url(person) -> str:
    return url_for("people.show", person_id=person.id)


def _writer(person_id: str):
    """The person, for a page that changes their allergies or treatments (403 otherwise)."""
    person = person_or_404(person_id, write=True)
    if not safety.may_write(current_user, person):
        abort(403)
    return person


def _sites(person) -> list[Site]:
    ids = sorted(person_access(current_user, person).writable_sites)
    return [db.session.get(Site, i) for i in ids]


def _entry_id():
    raw = request.args.get("entry")
    if raw is None:
        return None
    entry = parse_uuid(raw)
    if entry is None:
        abort(404)
    return entry


def _enum(cls, value):
    return cls(value) if value not in (None, NONE) else None


@bp.route("/people/<person_id>")
def overview(person_id: str):
    """Every answer, every allergy (retired ones too) and every treatment (stopped ones too)."""
    person = person_or_404(person_id)
    if not safety.may_read_allergies(current_user, person):
        abort(403)
    answers, rows = allergies.history(current_user, person)
    treatments = medications.all_of(current_user, person)
    return render_template(
        "safety/overview.html", person=person, name=display_name(person), answers=answers,
        allergies=rows, treatments=treatments,
        details=safety.may_read_details(current_user, person),
        treatments_visible=safety.may_read_treatments(current_user, person),
        may_write=safety.may_write(current_user, person),
        names=history_names(answers, rows, treatments))


@bp.route("/people/<person_id>/no-known-allergy", methods=["POST"])
def no_known_allergy(person_id: str):
    person = _writer(person_id)
    form = NoKnownAllergyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        allergies.record_no_known_allergy(current_user, person, form.seen.data)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("“No known allergy” recorded."), "success")
    return redirect(_person_url(person))


def _allergy_input(form: AllergyForm) -> AllergyInput:
    return AllergyInput(
        group=_enum(AllergenGroup, form.group.data), reaction=_enum(Reaction, form.reaction.data),
        severity=_enum(Severity, form.severity.data),
        source=_enum(AllergySource, form.source.data), noted_on=form.noted_on.data,
        substance=form.substance.data, reaction_details=form.reaction_details.data,
        site_id=form.chosen_site)


def _stored_allergy(allergy) -> AllergyForm:
    form = AllergyForm(formdata=None, sites=[])
    form.group.data = allergy.group.value
    form.substance.data = allergy.substance
    form.reaction.data = allergy.reaction.value
    form.reaction_details.data = allergy.reaction_details
    form.severity.data = allergy.severity.value
    form.source.data = allergy.source.value
    form.noted_on.data = allergy.noted_on
    form.version.data = str(allergy.version)
    return form


@bp.route("/people/<person_id>/allergy", methods=["GET", "POST"])
def allergy(person_id: str):
    """A new allergy, or (?entry=) the change of a current one."""
    person = _writer(person_id)
    entry_id = _entry_id()
    entry = allergies.entry_of(person, entry_id) if entry_id is not None else None
    if entry_id is not None and entry is None:
        abort(404)
    if entry is not None and request.method == "GET":
        allergies.opened(current_user, person, entry)
        form = _stored_allergy(entry)
    else:
        form = AllergyForm(sites=[] if entry is not None else _sites(person))
    if request.method == "POST" and form.validate_on_submit():
        try:
            if entry is None:
                allergies.add(current_user, person, _allergy_input(form))
            else:
                allergies.update(current_user, person, entry, _allergy_input(form),
                                 parse_version(form.version.data))
        except ConcurrentEditError as error:
            show_service_error(form, error, fallback="group")
            form.version.data = str(entry.version) if entry is not None else ""
        except ServiceError as error:
            show_service_error(form, error, fallback="group")
        else:
            flash(_("Allergy saved."), "success")
            return redirect(_person_url(person))
    retire_form = RetireForm(formdata=None)
    if entry is not None:
        retire_form.version.data = str(entry.version)
    status = 422 if request.method == "POST" else 200
    return render_template("safety/allergy_form.html", form=form, retire_form=retire_form,
                           person=person, name=display_name(person), entry=entry), status


@bp.route("/people/<person_id>/allergy/retire", methods=["POST"])
def retire_allergy(person_id: str):
    person = _writer(person_id)
    entry = allergies.entry_of(person, _entry_id())
    if entry is None:
        abort(404)
    retire_form = RetireForm()
    if retire_form.validate_on_submit():
        try:
            allergies.retire(current_user, person, entry, _enum(EntryState,
                                                                 retire_form.state.data),
                             retire_form.reason.data, parse_version(retire_form.version.data))
        except ServiceError as error:
            show_service_error(retire_form, error, fallback="state")
            retire_form.version.data = str(entry.version)
        else:
            flash(_("Allergy retired: it stays in the history."), "success")
            return redirect(_person_url(person))
    return render_template("safety/allergy_form.html", form=_stored_allergy(entry),
                           retire_form=retire_form, person=person, name=display_name(person),
                           entry=entry), 422


def _medication_input(form: MedicationForm) -> MedicationInput:
    return MedicationInput(
        medicine=form.medicine.data, prescriber=_enum(Prescriber, form.prescriber.data),
        dose=form.dose.data, atc_code=form.atc_code.data, started_on=form.started_on.data,
        prescriber_details=form.prescriber_details.data, stopped_on=form.stopped_on.data,
        stop_reason=_enum(StopReason, form.stop_reason.data),
        stop_details=form.stop_details.data,
        site_id=form.chosen_site)


def _stored_medication(row) -> MedicationForm:
    form = MedicationForm(formdata=None, sites=[])
    for name in ("medicine", "dose", "atc_code", "started_on", "prescriber_details",
                 "stopped_on", "stop_details"):
        form[name].data = getattr(row, name)
    form.prescriber.data = row.prescriber.value
    form.stop_reason.data = row.stop_reason.value if row.stop_reason else NONE
    form.version.data = str(row.version)
    return form


@bp.route("/people/<person_id>/treatment", methods=["GET", "POST"])
def medication(person_id: str):
    """A new treatment, or (?entry=) the change or stop of one."""
    person = _writer(person_id)
    entry_id = _entry_id()
    entry = medications.entry_of(person, entry_id) if entry_id is not None else None
    if entry_id is not None and entry is None:
        abort(404)
    if entry is not None and request.method == "GET":
        medications.opened(current_user, person, entry)
        form = _stored_medication(entry)
    else:
        form = MedicationForm(sites=[] if entry is not None else _sites(person))
    if request.method == "POST" and form.validate_on_submit():
        try:
            if entry is None:
                medications.add(current_user, person, _medication_input(form))
            else:
                medications.update(current_user, person, entry, _medication_input(form),
                                   parse_version(form.version.data))
        except ConcurrentEditError as error:
            show_service_error(form, error, fallback="medicine")
            form.version.data = str(entry.version) if entry is not None else ""
        except ServiceError as error:
            show_service_error(form, error, fallback="medicine")
        else:
            flash(_("Treatment saved."), "success")
            return redirect(_person_url(person))
    status = 422 if request.method == "POST" else 200
    return render_template("safety/medication_form.html", form=form, person=person,
                           name=display_name(person), entry=entry), status
