"""A person's TB episodes: new, show and change, observed doses. Thin views over services.tb."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.access import PERSON_READER_ROLES, parse_uuid, person_or_404, requires
from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.blueprints.fields import parse_version
from caseflow.blueprints.form_errors import show_service_error
from caseflow.blueprints.people.presenters import display_name
from caseflow.blueprints.tb import bp
from caseflow.blueprints.tb.forms import NONE, DoseForm, EpisodeForm
from caseflow.blueprints.tb.presenters import summary
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.models.tb import (
    DiagnosisBasis,
    DiseaseSite,
    HivStatus,
    LabResult,
    Observation,
    Regimen,
    RifResistance,
    TbEpisode,
    TbOutcome,
    TreatmentHistory,
    XpertResult,
    XrayResult,
)
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.tb import episodes
from caseflow.services.tb.episodes import EpisodeInput

ENUMS = {"xpert": XpertResult, "rif_resistance": RifResistance, "smear": LabResult,
         "culture": LabResult, "xray": XrayResult, "basis": DiagnosisBasis,
         "disease_site": DiseaseSite, "history": TreatmentHistory, "hiv": HivStatus,
         "regimen": Regimen, "smear_month2": LabResult, "smear_month5": LabResult,
         "smear_month6": LabResult, "outcome": TbOutcome}


def _sites(ids) -> list[Site]:
    return [db.session.get(Site, i) for i in ids]


def _input(form: EpisodeForm) -> EpisodeInput:
    """The typed values; a coded value outside its list (a tampered request) is refused
    by the form's own choices before this runs."""
    values = {name: (ENUMS[name](form[name].data) if form[name].data not in (None, NONE)
                     else None) for name in ENUMS}
    values = {k: v for k, v in values.items() if v is not None or k in (
        "basis", "disease_site", "history", "regimen", "outcome")}
    return EpisodeInput(
        site_id=form.site_id.data, presumptive_on=form.presumptive_on.data,
        diagnosed_on=form.diagnosed_on.data, treatment_started_on=form.treatment_started_on.data,
        outcome_on=form.outcome_on.data, register_number=form.register_number.data,
        notes=form.notes.data, **values)


def _stored(episode: TbEpisode) -> EpisodeForm:
    """The form filled with the stored episode (decrypted fields included)."""
    form = EpisodeForm(formdata=None, obj=episode, sites=_sites([episode.site_id]))
    for name in ENUMS:
        value = getattr(episode, name)
        form[name].data = value.value if value is not None else NONE
    form.register_number.data = episode.register_number
    form.notes.data = episode.notes
    form.version.data = str(episode.version)
    return form


def _load(episode_id: str):
    """The episode and its person, or 404 for whoever may not read it. The person's read is
    audited by person_or_404; the episode's own read is audited here too, as a hospital
    stay's is, so that the audit review shows who opened a TB file (HIV status among it)."""
    eid = parse_uuid(episode_id)
    episode = db.session.get(TbEpisode, eid) if eid is not None else None
    if episode is None:
        abort(404)
    person = person_or_404(str(episode.person_id))
    if not episodes.visible_to(current_user, person, episode):
        abort(404)
    record_event(Action.VIEW, actor_id=current_user.id, object_type="tb_episode",
                 object_id=str(episode.id), person_code=person.code,
                 purpose=person_access(current_user, person).audit_purpose)
    db.session.commit()
    return person, episode


@bp.route("/people/<person_id>/episodes/new", methods=["GET", "POST"])
@requires(*PERSON_READER_ROLES)
def new(person_id: str):
    person = person_or_404(person_id, write=True)
    sites = episodes.recording_sites(current_user, person)
    if not sites:
        abort(403)
    form = EpisodeForm(sites=_sites(sites))
    if form.validate_on_submit():
        try:
            episode = episodes.create(current_user, person, _input(form))
        except ServiceError as error:
            show_service_error(form, error, fallback="presumptive_on")
        else:
            flash(_("TB episode recorded."), "success")
            return redirect(url_for("tb.show", episode_id=episode.id))
    return render_template("tb/episode_form.html", form=form, person=person,
                           name=display_name(person), episode=None)


@bp.route("/episodes/<episode_id>", methods=["GET", "POST"])
@requires(*PERSON_READER_ROLES)
def show(episode_id: str):
    person, episode = _load(episode_id)
    may_record = episode.site_id in episodes.recording_sites(current_user, person)
    if request.method == "POST" and not may_record:
        abort(403)
    if request.method == "GET":
        form = _stored(episode)
    else:
        form = EpisodeForm(sites=_sites([episode.site_id]))
    if request.method == "POST" and form.validate_on_submit():
        try:
            episodes.update(current_user, person, episode, _input(form),
                            parse_version(form.version.data))
        except ConcurrentEditError as error:
            # What was typed stays on the form; the stored episode is shown beside it
            # (the page's summary) and the form now carries the current version, so
            # that saving again after review is possible.
            show_service_error(form, error, fallback="presumptive_on")
            form.version.data = str(episode.version)
        except ServiceError as error:
            show_service_error(form, error, fallback="presumptive_on")
        else:
            flash(_("TB episode saved."), "success")
            return redirect(url_for("tb.show", episode_id=episode.id))
    return _page(person, episode, form, DoseForm(formdata=None), may_record)


def _page(person, episode, form, dose_form, may_record, status: int = 200):
    return render_template("tb/episode.html", form=form, dose_form=dose_form, person=person,
                           name=display_name(person), episode=episode,
                           summary=summary(episode), may_record=may_record), status


@bp.route("/episodes/<episode_id>/doses", methods=["POST"])
@requires(*PERSON_READER_ROLES)
def dose(episode_id: str):
    person, episode = _load(episode_id)
    may_record = episode.site_id in episodes.recording_sites(current_user, person)
    if not may_record:
        abort(403)
    dose_form = DoseForm()
    if dose_form.validate_on_submit():
        try:
            episodes.record_dose(current_user, person, episode, dose_form.taken_on.data,
                                 Observation(dose_form.observation.data))
        except ServiceError as error:
            show_service_error(dose_form, error, fallback="taken_on")
        else:
            flash(_("Dose recorded."), "success")
            return redirect(url_for("tb.show", episode_id=episode.id))
    return _page(person, episode, _stored(episode), dose_form, may_record, 422)
