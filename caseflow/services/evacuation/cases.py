"""Evacuation cases: open, correct, move along the pathway, correct a step's date, link the
people who travel together; and reading them.

Each change checks who may make it, writes the audit event and commits together. Changes
to a stored case name the version the form was opened on (None, a missing or tampered
version, is a conflict too). Audit events carry ids, codes and changed field names only:
never the partner's case number, a name or the notes.

The pathway (models.evacuation.PATHWAY) goes forward one step at a time, each step dated
no earlier than the one before and never in the future: a file is assessed before it is
submitted, accepted before the person is cleared, cleared before departure. Skipping a
step would leave the indicators' "waiting per step" meaningless, so a step the partner
did not need is recorded on the same day as the next. An exit (refused, withdrawn, lost
contact, detained, died) closes a case from any open step; after departure only the
arrival is recorded (what happens next is the receiving partner's file).

"Medically cleared" and "departed" need the fitness assessment in force on the step's day
(the latest dated that day or before) to be fit (with conditions or an escort) and valid
that day, the last day of validity included: a person whose assessment expired before the
flight is assessed again (fitness.py). A later assessment saying "not fit" also stops a
new step: a case cleared and then found unfit keeps its step (the history is not
rewritten) but cannot depart, and its page says why (presenters.case_page). A corrected
date is checked against the assessment in force on the corrected day.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.countries import country
from caseflow.extensions import db
from caseflow.i18n import country_name
from caseflow.models.base import utcnow
from caseflow.models.evacuation import (
    EXITS,
    FIT_TO_TRAVEL,
    OPEN,
    PARTNER_KINDS,
    PATHWAY,
    EvacuationCase,
    EvacuationStatus,
    EvacuationStep,
    FitnessAssessment,
    Mechanism,
)
from caseflow.models.referral import PartnerKind
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.evacuation import EVACUATION_ROLES
from caseflow.services.intake.plausibility import ensure_not_before_birth
from caseflow.timezones import site_today

MAX_TEXT = 4000
MAX_SHORT = 200
ETM_COUNTRIES = ("NE", "RW")  # UNHCR's emergency transit centres: Niger, Rwanda
CORRIDOR_COUNTRY = "IT"  # the humanitarian corridors from Libya go to Italy


@dataclass
class CaseInput:
    mechanism: Mechanism | None
    destination: str
    partner_kind: PartnerKind | None
    identified_on: date | None = None
    partner_name: str = ""
    partner_case_number: str = ""
    notes: str = ""
    site_id: int | None = None


# --- Who ----------------------------------------------------------------------------------------


def evacuation_sites(person, *, active_only: bool = False) -> set[int]:
    """The person's sites (enrolments, loaded with the person and their site) whose
    country follows evacuations (countries.py): no query, so that the person page of
    someone followed only in France asks nothing about evacuations."""
    return {e.site_id for e in person.enrolments
            if (e.active or not active_only) and country(e.site.country).evacuations}


def writable_sites(user, person) -> set[int]:
    if user.role not in EVACUATION_ROLES:
        return set()
    return person_access(user, person).writable_sites & evacuation_sites(person,
                                                                         active_only=True)


def may_record(user, person) -> bool:
    return bool(writable_sites(user, person))


def may_change(user, person, case: EvacuationCase) -> bool:
    return case.site_id in writable_sites(user, person)


def refuse_unless(allowed: bool, message=None) -> None:
    if not allowed:
        raise ServiceError(message or _l("You may not change this evacuation case."))


def check_version(case: EvacuationCase, expected_version: int | None) -> None:
    if expected_version is None or expected_version != case.version:
        raise ConcurrentEditError(_l("Someone else changed this evacuation case in the "
                                     "meantime. Your entry is below: check the case, then "
                                     "save again."))


def audit(actor, person, case: EvacuationCase, action=Action.UPDATE, **details) -> None:
    record_event(action, actor_id=actor.id, object_type="evacuation_case",
                 object_id=str(case.id), person_code=person.code, site_id=case.site_id,
                 details=details)


# --- Opening and correcting a case ---------------------------------------------------------------


def _checked(actor, person, data: CaseInput) -> CaseInput:
    sites = sorted(writable_sites(actor, person))
    if data.site_id is None and sites:
        data.site_id = sites[0]
    if data.site_id not in sites:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    if data.mechanism is None:
        raise ServiceError(_l("Choose the mechanism."), field="mechanism")
    data.destination = (data.destination or "").strip().upper()
    if len(data.destination) != 2 or country_name(data.destination) == data.destination:
        raise ServiceError(_l("Choose the destination country."), field="destination")
    if data.mechanism is Mechanism.EMERGENCY_TRANSIT and data.destination not in ETM_COUNTRIES:
        raise ServiceError(_l("An emergency transit goes to Niger or Rwanda."),
                           field="destination")
    if (data.mechanism is Mechanism.HUMANITARIAN_CORRIDOR
            and data.destination != CORRIDOR_COUNTRY):
        raise ServiceError(_l("A humanitarian corridor goes to Italy."), field="destination")
    if data.partner_kind not in PARTNER_KINDS:
        raise ServiceError(_l("Choose the partner agency."), field="partner_kind")
    data.partner_name = " ".join((data.partner_name or "").split())
    data.partner_case_number = " ".join((data.partner_case_number or "").split())
    if len(data.partner_name) > MAX_SHORT or len(data.partner_case_number) > MAX_SHORT:
        raise ServiceError(_l("The partner's name or case number is too long."),
                           field="partner_case_number")
    data.notes = (data.notes or "").strip()
    if len(data.notes) > MAX_TEXT:
        raise ServiceError(_l("The text is too long (at most %(n)d characters).", n=MAX_TEXT),
                           field="notes")
    return data


def create_case(actor, person, data: CaseInput) -> EvacuationCase:
    """A new case, at its first step (identified) on the day given (today by default)."""
    refuse_unless(may_record(actor, person),
                   _l("You may not open an evacuation case for this person."))
    data = _checked(actor, person, data)
    day = data.identified_on or site_today(data.site_id)
    check_day(person, data.site_id, day, None, "identified_on")
    case = EvacuationCase(person_id=person.id, site_id=data.site_id, author_id=actor.id,
                          mechanism=data.mechanism, destination=data.destination,
                          partner_kind=data.partner_kind, status=EvacuationStatus.IDENTIFIED,
                          status_on=day, identified_on=day)
    db.session.add(case)  # in the session first: the person's key is loaded through it
    case.partner_name = data.partner_name or None
    case.partner_case_number = data.partner_case_number or None
    case.notes = data.notes or None
    db.session.add(EvacuationStep(case_id=case.id, status=EvacuationStatus.IDENTIFIED,
                                  step_on=day, recorded_by_id=actor.id))
    db.session.flush()
    audit(actor, person, case, Action.CREATE, mechanism=case.mechanism.value,
           destination=case.destination)
    db.session.commit()
    return case


CORRECTABLE = ("mechanism", "destination", "partner_kind", "partner_name",
               "partner_case_number", "notes")


def update_case(actor, person, case: EvacuationCase, data: CaseInput,
                expected_version: int | None) -> EvacuationCase:
    """Correct the mechanism, destination, partner, its case number or the notes; the
    audit names the fields changed, never their values. The site stays.

    A change of partner is allowed while a medical report is in the file, and withdraws
    the report from it (fitness.documents: a document is in the file only under a given
    consent for the case's partner). Why not refuse: the partner changes because the
    file moved (UNHCR hands it to IOM) or was mistyped, and the coordinator must be able
    to say so at once; a report the person agreed to send to one agency is then not
    shown as shared with the other, and goes back in only once the person agrees to
    share with the new partner (a new document row; the old one stays, withdrawn)."""
    refuse_unless(may_change(actor, person, case))
    check_version(case, expected_version)
    data.site_id = case.site_id
    data = _checked(actor, person, data)
    new = {"mechanism": data.mechanism, "destination": data.destination,
           "partner_kind": data.partner_kind, "partner_name": data.partner_name or None,
           "partner_case_number": data.partner_case_number or None,
           "notes": data.notes or None}
    changed = [name for name in CORRECTABLE if getattr(case, name) != new[name]]
    if not changed:
        return case
    for name in changed:
        setattr(case, name, new[name])
    bump(case)
    audit(actor, person, case, step="corrected", fields=changed)
    commit_or_conflict()
    return case


def bump(case: EvacuationCase) -> None:
    case.updated_at = utcnow()
    case.version += 1


# --- The pathway ---------------------------------------------------------------------------------


def steps(case: EvacuationCase, *, with_corrected: bool = False) -> list[EvacuationStep]:
    """The case's steps in the order they happened; corrected rows left out unless asked."""
    rows = list(db.session.scalars(select(EvacuationStep).where(
        EvacuationStep.case_id == case.id).order_by(EvacuationStep.recorded_at)))
    if not with_corrected:
        replaced = {r.corrects_id for r in rows if r.corrects_id}
        rows = [r for r in rows if r.id not in replaced]
    order = {s: n for n, s in enumerate(PATHWAY + EXITS)}
    return sorted(rows, key=lambda r: (r.step_on, order[r.status], r.recorded_at))


def next_steps(case: EvacuationCase) -> list[EvacuationStatus]:
    """What the case may go to now: the next step of the pathway, then the exits."""
    if case.status in OPEN:
        return [PATHWAY[PATHWAY.index(case.status) + 1], *EXITS]
    if case.status is EvacuationStatus.DEPARTED:
        return [EvacuationStatus.ARRIVED]
    return []


def latest_assessment(case: EvacuationCase) -> FitnessAssessment | None:
    return db.session.scalar(select(FitnessAssessment).where(
        FitnessAssessment.case_id == case.id).order_by(
        FitnessAssessment.assessed_on.desc(), FitnessAssessment.created_at.desc()).limit(1))


def check_day(person, site_id: int, day: date | None, after: date | None, field: str,
               before: date | None = None) -> None:
    if day is None:
        raise ServiceError(_l("Give the date."), field=field)
    if day > site_today(site_id):
        raise ServiceError(_l("The date cannot be in the future."), field=field)
    ensure_not_before_birth(person, day, field=field)
    if after is not None and day < after:
        raise ServiceError(_l("The date cannot be before the previous step (%(day)s).",
                              day=format_date(after)), field=field)
    if before is not None and day > before:
        raise ServiceError(_l("The date cannot be after the next step (%(day)s).",
                              day=format_date(before)), field=field)


def assessment_on(case: EvacuationCase, day: date) -> FitnessAssessment | None:
    """The assessment in force on `day`: the latest dated that day or before."""
    return db.session.scalar(select(FitnessAssessment).where(
        FitnessAssessment.case_id == case.id, FitnessAssessment.assessed_on <= day).order_by(
        FitnessAssessment.assessed_on.desc(), FitnessAssessment.created_at.desc()).limit(1))


def no_longer_cleared(case: EvacuationCase) -> bool:
    """A medically cleared case whose latest assessment no longer says "fit": flagged on
    its page, and its departure refused until a doctor clears the person again."""
    if case.status is not EvacuationStatus.MEDICALLY_CLEARED:
        return False
    latest = latest_assessment(case)
    return latest is None or latest.category not in FIT_TO_TRAVEL


def _check_fitness(case: EvacuationCase, status: EvacuationStatus, day: date, *,
                   correction: bool = False) -> None:
    if status not in (EvacuationStatus.MEDICALLY_CLEARED, EvacuationStatus.DEPARTED):
        return
    found = assessment_on(case, day)
    latest = latest_assessment(case)
    if not correction and latest is not None and latest.category not in FIT_TO_TRAVEL:
        raise ServiceError(_l("The latest fitness-to-travel assessment says the person is "
                              "not fit to travel: a doctor assesses the person again first."),
                           field="status")
    if found is None:
        raise ServiceError(_l("A doctor's fitness-to-travel assessment is needed first."),
                           field="status")
    if not found.clears(day):
        expired = found.valid_until is not None and found.valid_until < day
        if expired and found.category in FIT_TO_TRAVEL:
            raise ServiceError(_l("The fitness-to-travel assessment expired on %(day)s: a "
                                  "doctor assesses the person again first.",
                                  day=format_date(found.valid_until)), field="status")
        raise ServiceError(_l("The latest fitness-to-travel assessment does not say the "
                              "person is fit to travel on that date."), field="status")


def record_step(actor, person, case: EvacuationCase, status: EvacuationStatus | None,
                day: date | None, expected_version: int | None) -> EvacuationCase:
    refuse_unless(may_change(actor, person, case))
    check_version(case, expected_version)
    if status is None or status not in next_steps(case):
        if status in PATHWAY and case.status in OPEN:
            wanted = PATHWAY[PATHWAY.index(case.status) + 1]
            raise ServiceError(_l("The next step is “%(step)s”: the steps go in order.",
                                  step=wanted.label), field="status")
        raise ServiceError(_l("This case cannot go from “%(now)s” to that step.",
                              now=case.status.label), field="status")
    check_day(person, case.site_id, day, case.status_on, "step_on")
    _check_fitness(case, status, day)
    db.session.add(EvacuationStep(case_id=case.id, status=status, step_on=day,
                                  recorded_by_id=actor.id))
    case.status = status
    case.status_on = day
    if status is EvacuationStatus.DEPARTED:
        case.departed_on = day
    bump(case)
    audit(actor, person, case, step=status.value)
    commit_or_conflict()
    return case


def correct_step(actor, person, case: EvacuationCase, step_id: uuid.UUID | None,
                 day: date | None, expected_version: int | None) -> EvacuationCase:
    """A wrong date: a new row with the right one, naming the row it corrects (kept)."""
    refuse_unless(may_change(actor, person, case))
    check_version(case, expected_version)
    current = steps(case)
    found = next((n for n, s in enumerate(current) if s.id == step_id), None)
    if found is None:
        raise ServiceError(_l("Choose a step of this case."), field="step_id")
    step = current[found]
    check_day(person, case.site_id, day, current[found - 1].step_on if found else None,
               "step_on", current[found + 1].step_on if found + 1 < len(current) else None)
    if step.status in (EvacuationStatus.MEDICALLY_CLEARED, EvacuationStatus.DEPARTED):
        _check_fitness(case, step.status, day, correction=True)
    db.session.add(EvacuationStep(case_id=case.id, status=step.status, step_on=day,
                                  corrects_id=step.id, recorded_by_id=actor.id))
    if step.status is EvacuationStatus.IDENTIFIED:
        case.identified_on = day
    if step.status is EvacuationStatus.DEPARTED:
        case.departed_on = day
    if found == len(current) - 1:
        case.status_on = day
    bump(case)
    audit(actor, person, case, step="step_corrected", status=step.status.value)
    commit_or_conflict()
    return case


# --- Reading -------------------------------------------------------------------------------------


def cases_of(person, viewer) -> list[EvacuationCase]:
    if viewer.role not in EVACUATION_ROLES:
        return []
    clause = person_access(viewer, person).site_clause(EvacuationCase.site_id)
    return list(db.session.scalars(
        select(EvacuationCase).where(EvacuationCase.person_id == person.id, clause)
        .order_by(EvacuationCase.identified_on.desc(), EvacuationCase.created_at.desc())))


def find_visible(viewer, person, case_id: uuid.UUID) -> EvacuationCase | None:
    if viewer.role not in EVACUATION_ROLES:
        return None
    clause = person_access(viewer, person).site_clause(EvacuationCase.site_id)
    return db.session.scalar(select(EvacuationCase).where(
        EvacuationCase.id == case_id, EvacuationCase.person_id == person.id, clause))
