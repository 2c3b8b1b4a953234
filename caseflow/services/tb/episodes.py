"""A TB episode's changes: each one checked, made and audited together.

Who: the medical discipline of a site that follows the person reads the episode
(coordinators for supervision, through PersonAccess.site_clause like every record);
doctors and nurses of a site where they may write record and change it. The register
number and the notes are encrypted; audit events carry codes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.tb import (
    DiagnosisBasis,
    DiseaseSite,
    HivStatus,
    LabResult,
    Observation,
    Regimen,
    RifResistance,
    TbDose,
    TbEpisode,
    TbOutcome,
    TreatmentHistory,
    XpertResult,
    XrayResult,
)
from caseflow.roles import Role
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.timezones import site_today

RECORDERS = frozenset({Role.DOCTOR, Role.NURSE})
MAX_NOTES = 4000
MAX_REGISTER = 60
EARLIEST = date(2000, 1, 1)
DUPLICATE_DOSE = _l("A dose is already recorded for this day.")


@dataclass
class EpisodeInput:
    presumptive_on: date | None
    site_id: int | None = None
    xpert: XpertResult = XpertResult.NOT_DONE
    rif_resistance: RifResistance = RifResistance.NOT_DONE
    smear: LabResult = LabResult.NOT_DONE
    culture: LabResult = LabResult.NOT_DONE
    xray: XrayResult = XrayResult.NOT_DONE
    diagnosed_on: date | None = None
    basis: DiagnosisBasis | None = None
    disease_site: DiseaseSite | None = None
    history: TreatmentHistory | None = None
    hiv: HivStatus = HivStatus.UNKNOWN
    regimen: Regimen | None = None
    treatment_started_on: date | None = None
    register_number: str | None = None
    smear_month2: LabResult = LabResult.NOT_DONE
    smear_month5: LabResult = LabResult.NOT_DONE
    smear_month6: LabResult = LabResult.NOT_DONE
    outcome: TbOutcome | None = None
    outcome_on: date | None = None
    notes: str | None = None


CODED = ("xpert", "rif_resistance", "smear", "culture", "xray", "basis", "disease_site",
         "history", "hiv", "regimen", "smear_month2", "smear_month5", "smear_month6",
         "outcome")
DATES = ("presumptive_on", "diagnosed_on", "treatment_started_on", "outcome_on")


# --- Who --------------------------------------------------------------------------------------


def may_read(user, person) -> bool:
    access = person_access(user, person)
    return access.grant is not None and user.discipline == Discipline.MEDICAL


def may_record(user, person) -> bool:
    access = person_access(user, person)
    return (user.role in RECORDERS and user.discipline == Discipline.MEDICAL
            and access.emergency is None and bool(access.writable_sites))


def recording_sites(user, person) -> list[int]:
    return sorted(person_access(user, person).writable_sites) if may_record(user, person) else []


# --- Checks -----------------------------------------------------------------------------------


def _checked(actor, person, data: EpisodeInput, site_id: int) -> EpisodeInput:
    today = site_today(site_id)
    if data.presumptive_on is None:
        raise ServiceError(_l("Give the date TB was presumed."), field="presumptive_on")
    for name in DATES:
        day = getattr(data, name)
        if day is not None and day > today:
            raise ServiceError(_l("This date is in the future."), field=name)
        if day is not None and day < EARLIEST:
            raise ServiceError(_l("This date is too far in the past."), field=name)
    diagnosis = (data.basis, data.disease_site, data.history)
    if data.diagnosed_on is not None and None in diagnosis:
        field = ("basis", "disease_site", "history")[diagnosis.index(None)]
        raise ServiceError(_l("A diagnosis needs its basis, its site and the treatment "
                              "history."), field=field)
    if data.diagnosed_on is None and any(v is not None for v in diagnosis):
        raise ServiceError(_l("Give the date of the diagnosis."), field="diagnosed_on")
    if data.diagnosed_on is not None and data.diagnosed_on < data.presumptive_on:
        raise ServiceError(_l("The diagnosis cannot come before TB was presumed."),
                           field="diagnosed_on")
    if data.basis == DiagnosisBasis.BACTERIOLOGICAL and LabResult.POSITIVE not in (
            data.smear, data.culture) and data.xpert != XpertResult.DETECTED:
        raise ServiceError(_l("A bacteriological confirmation needs a positive smear, "
                              "culture or Xpert test."), field="basis")
    if data.basis == DiagnosisBasis.CLINICAL and (
            LabResult.POSITIVE in (data.smear, data.culture)
            or data.xpert == XpertResult.DETECTED):
        raise ServiceError(_l("A positive Xpert, smear or culture makes the case "
                              "bacteriologically confirmed: choose that diagnosis."),
                           field="basis")
    if data.rif_resistance == RifResistance.DETECTED and data.regimen == \
            Regimen.DRUG_SUSCEPTIBLE:
        # Patient safety: first-line drugs do not treat rifampicin-resistant TB.
        raise ServiceError(_l("Rifampicin resistance is detected: a drug-susceptible "
                              "regimen would not treat it. Choose the drug-resistant "
                              "regimen."), field="regimen")
    started = data.treatment_started_on
    if started is not None:
        if data.diagnosed_on is None:
            raise ServiceError(_l("Record the diagnosis before the treatment."),
                               field="treatment_started_on")
        if started < data.diagnosed_on:
            raise ServiceError(_l("Treatment cannot start before the diagnosis."),
                               field="treatment_started_on")
        if data.regimen is None:
            raise ServiceError(_l("Choose the regimen."), field="regimen")
    elif data.regimen is not None:
        raise ServiceError(_l("Give the date treatment started."), field="treatment_started_on")
    data.register_number = " ".join((data.register_number or "").split()) or None
    if data.register_number and len(data.register_number) > MAX_REGISTER:
        raise ServiceError(_l("The register number is too long."), field="register_number")
    if (data.outcome is None) != (data.outcome_on is None):
        field = "outcome_on" if data.outcome is not None else "outcome"
        raise ServiceError(_l("An outcome needs its date, and a date its outcome."),
                           field=field)
    if data.outcome is not None:
        if started is None:
            raise ServiceError(_l("An outcome is recorded only once treatment has started: "
                                  "a person who never started is counted apart, not "
                                  "lost."), field="outcome")
        if data.outcome_on < started:
            raise ServiceError(_l("The outcome cannot come before the start of treatment."),
                               field="outcome_on")
        if data.outcome == TbOutcome.CURED and not (
                data.basis == DiagnosisBasis.BACTERIOLOGICAL
                and data.disease_site == DiseaseSite.PULMONARY):
            raise ServiceError(_l("Only a bacteriologically confirmed pulmonary case can be "
                                  "declared cured; choose “treatment completed”."),
                               field="outcome")
        _check_end_smears(data)
    data.notes = (data.notes or "").strip() or None
    if data.notes and len(data.notes) > MAX_NOTES:
        raise ServiceError(_l("The notes are too long (at most %(n)d characters).",
                              n=MAX_NOTES), field="notes")
    return data


def _check_end_smears(data: EpisodeInput) -> None:
    """WHO 2013: a positive smear at month 5 or later is a failure, whatever was typed;
    "cured" needs a negative smear in the last month of treatment (month 6, or month 5
    where the programme reads it then) and on at least one earlier occasion."""
    end = (data.smear_month5, data.smear_month6)
    if data.outcome in (TbOutcome.CURED, TbOutcome.COMPLETED) and LabResult.POSITIVE in end:
        raise ServiceError(_l("A positive smear at month 5 or later is a treatment failure: "
                              "record “treatment failed”."), field="outcome")
    negatives = (data.smear_month2, *end).count(LabResult.NEGATIVE)
    if data.outcome == TbOutcome.CURED and (LabResult.NEGATIVE not in end or negatives < 2):
        raise ServiceError(_l("“Cured” needs a negative smear at the end of treatment "
                              "(month 5 or 6) and on at least one earlier occasion; "
                              "otherwise choose “treatment completed”."), field="outcome")


def _apply(episode: TbEpisode, data: EpisodeInput) -> None:
    for name in (*CODED, *DATES):
        setattr(episode, name, getattr(data, name))
    episode.register_number = data.register_number
    episode.notes = data.notes


def _details(episode: TbEpisode) -> dict:
    """What the audit trail keeps: codes, never the number or the notes."""
    return {"stage": stage(episode), "outcome": episode.outcome and episode.outcome.value}


def stage(episode: TbEpisode) -> str:
    if episode.outcome is not None:
        return "outcome"
    if episode.treatment_started_on is not None:
        return "on_treatment"
    if episode.diagnosed_on is not None:
        return "diagnosed"
    return "presumptive"


# --- Changes ----------------------------------------------------------------------------------


def create(actor, person, data: EpisodeInput) -> TbEpisode:
    sites = recording_sites(actor, person)
    if not sites:
        raise ServiceError(_l("You may not record a TB episode for this person."))
    site_id = data.site_id if data.site_id is not None else sites[0]
    if site_id not in sites:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    data = _checked(actor, person, data, site_id)
    episode = TbEpisode(person_id=person.id, site_id=site_id, author_id=actor.id)
    db.session.add(episode)  # in the session first: the person's key is loaded through it
    _apply(episode, data)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="tb_episode",
                 object_id=str(episode.id), person_code=person.code, site_id=site_id,
                 details=_details(episode))
    db.session.commit()
    return episode


def update(actor, person, episode: TbEpisode, data: EpisodeInput,
           expected_version: int | None) -> TbEpisode:
    if episode.site_id not in recording_sites(actor, person):
        raise ServiceError(_l("You may not change this TB episode."))
    if expected_version is None or expected_version != episode.version:
        # None: the form's version was missing or unreadable (tampered): a conflict too,
        # never a reason to skip the check.
        raise ConcurrentEditError(_l("Someone else changed this TB episode in the meantime. "
                                     "Check it and try again."))
    data = _checked(actor, person, data, episode.site_id)
    if episode.doses and data.treatment_started_on is None:
        raise ServiceError(_l("Doses are recorded: the start of treatment cannot be "
                              "removed."), field="treatment_started_on")
    if episode.doses and data.treatment_started_on > episode.doses[0].taken_on:
        raise ServiceError(_l("A dose is recorded before this date."),
                           field="treatment_started_on")
    if episode.doses and data.outcome_on is not None and \
            data.outcome_on < episode.doses[-1].taken_on:
        raise ServiceError(_l("An observed dose is recorded after this date: the outcome "
                              "cannot come before the last dose."), field="outcome_on")
    before = stage(episode), episode.outcome
    _apply(episode, data)
    episode.updated_at = utcnow()
    episode.version += 1
    details = _details(episode)
    details["changed_stage"] = before[0] != details["stage"]
    record_event(Action.UPDATE, actor_id=actor.id, object_type="tb_episode",
                 object_id=str(episode.id), person_code=person.code, site_id=episode.site_id,
                 details=details)
    commit_or_conflict()
    return episode


def record_dose(actor, person, episode: TbEpisode, taken_on: date | None,
                observation: Observation | None) -> TbDose:
    if episode.site_id not in recording_sites(actor, person):
        raise ServiceError(_l("You may not change this TB episode."))
    if episode.treatment_started_on is None or episode.outcome is not None:
        raise ServiceError(_l("Doses are recorded while the person is on treatment."))
    if taken_on is None:
        raise ServiceError(_l("Give the day of the dose."), field="taken_on")
    if observation is None:
        raise ServiceError(_l("Say how the dose was observed."), field="observation")
    if taken_on > site_today(episode.site_id):
        raise ServiceError(_l("This date is in the future."), field="taken_on")
    if taken_on < episode.treatment_started_on:
        raise ServiceError(_l("This day is before the start of treatment."), field="taken_on")
    if any(d.taken_on == taken_on for d in episode.doses):
        raise ServiceError(DUPLICATE_DOSE, field="taken_on")
    dose = TbDose(taken_on=taken_on, observation=observation, recorded_by_id=actor.id)
    episode.doses.append(dose)
    try:
        # Two quick submissions (a double click, two tabs) can both pass the check
        # above: the unique index (episode, day) refuses the second, at the flush (or
        # at the commit), and that is the same message, not a 500.
        db.session.flush()
        record_event(Action.CREATE, actor_id=actor.id, object_type="tb_dose",
                     object_id=str(episode.id), person_code=person.code,
                     site_id=episode.site_id, details={"observation": observation.value})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError(DUPLICATE_DOSE, field="taken_on") from None
    return dose


# --- Reading ----------------------------------------------------------------------------------


def episodes_of(viewer, person) -> list[TbEpisode]:
    if not may_read(viewer, person):
        return []
    clause = person_access(viewer, person).site_clause(TbEpisode.site_id)
    return list(db.session.scalars(
        select(TbEpisode).where(TbEpisode.person_id == person.id, clause)
        .options(selectinload(TbEpisode.doses))  # the panel's adherence: one query, not one each
        .order_by(TbEpisode.presumptive_on.desc())))


def visible_to(viewer, person, episode: TbEpisode) -> bool:
    if not may_read(viewer, person):
        return False
    clause = person_access(viewer, person).site_clause(TbEpisode.site_id)
    return db.session.scalar(select(TbEpisode.id).where(TbEpisode.id == episode.id,
                                                        clause)) is not None
