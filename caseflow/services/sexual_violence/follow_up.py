"""Follow-up after a sexual-violence consultation: visits at 2 weeks, 1, 3 and 6 months.

WHO and MSF schedule them to complete the hepatitis B vaccination, repeat the HIV,
syphilis and pregnancy tests and see how the person is. Each visit is an ordinary
medical appointment (services/care/appointments.py schedules it, checks and audits it),
so that the timeline, the daily list and the worklist show it as any other, on the site's
local day, at FOLLOW_UP_HOUR (the team moves it if needed). Its note is left empty: the
appointment list of a person is read by the care team under team sharing, and a
"follow-up visit" must not tell them why.

A step is never created twice: its link (SvFollowUp) says it exists; a medical
appointment the person already has on that day at that site is linked instead of a
second one; a day already past at the site is not offered.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from caseflow.audit import Action, record_event
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentKind, AppointmentStatus
from caseflow.models.sexual_violence import FollowUpStep, SvConsultation, SvFollowUp
from caseflow.services import ServiceError
from caseflow.services.care import appointments
from caseflow.services.sexual_violence import consultations
from caseflow.timezones import day_bounds, local_day, site_today, utc_from_local, zone_of

FOLLOW_UP_HOUR = time(10, 0)
STEPS = (FollowUpStep.WEEKS_2, FollowUpStep.MONTH_1, FollowUpStep.MONTHS_3,
         FollowUpStep.MONTHS_6)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, the month's last day when it is shorter (31 Jan → 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def step_day(consulted_on: date, step: FollowUpStep) -> date:
    if step == FollowUpStep.WEEKS_2:
        return consulted_on + timedelta(days=14)
    return add_months(consulted_on, {FollowUpStep.MONTH_1: 1, FollowUpStep.MONTHS_3: 3,
                                     FollowUpStep.MONTHS_6: 6}[step])


@dataclass(frozen=True)
class StepState:
    step: FollowUpStep
    day: date
    appointment: Appointment | None  # the linked appointment, once created
    offered: bool  # may still be created (not linked, day not past)


def steps_of(consultation: SvConsultation, linked: dict | None = None) -> list[StepState]:
    """Each step's day and what exists for it; `linked`: step → appointment (preloaded)."""
    consulted_on = local_day(consultation.site, consultation.consulted_at)
    today = site_today(consultation.site)
    if linked is None:
        linked = _linked(consultation)
    return [StepState(step, step_day(consulted_on, step), linked.get(step),
                      step not in linked and step_day(consulted_on, step) >= today)
            for step in STEPS]


def _linked(consultation: SvConsultation) -> dict:
    return linked_of([consultation]).get(consultation.id, {})


def linked_of(found: list[SvConsultation]) -> dict:
    """consultation id → {step → appointment}, for a page's consultations (one query)."""
    links = {f.appointment_id: f for c in found for f in c.follow_ups}
    result: dict = {c.id: {} for c in found}
    if links:
        for a in db.session.scalars(select(Appointment).where(
                Appointment.id.in_(list(links)))):
            result[links[a.id].consultation_id][links[a.id].step] = a
    return result


def _existing_on(person, site, day: date) -> Appointment | None:
    start, end = day_bounds(day, zone_of(site))
    return db.session.scalar(select(Appointment).where(
        Appointment.person_id == person.id, Appointment.site_id == site.id,
        Appointment.discipline == Discipline.MEDICAL,
        Appointment.status == AppointmentStatus.SCHEDULED,
        Appointment.scheduled_at >= start, Appointment.scheduled_at < end).limit(1))


def create(actor, person, consultation: SvConsultation, wanted) -> list[FollowUpStep]:
    """Create the wanted steps still offered; returns the steps created or linked."""
    if not consultations.may_change(actor, person, consultation):
        raise ServiceError(_l("You may not change this consultation."))
    site = consultation.site
    choices = {u.id for u in appointments.with_user_choices(Discipline.MEDICAL, {site.id})}
    done: list[FollowUpStep] = []
    for state in steps_of(consultation):
        if state.step not in wanted or not state.offered:
            continue
        appointment = _existing_on(person, site, state.day)
        if appointment is None:
            when = utc_from_local(datetime.combine(state.day, FOLLOW_UP_HOUR), zone_of(site))
            appointment = appointments.schedule(actor, person, appointments.AppointmentInput(
                site_id=site.id, discipline=Discipline.MEDICAL,
                kind=AppointmentKind.FOLLOW_UP, scheduled_at=when,
                with_user_id=actor.id if actor.id in choices else None))
        db.session.add(SvFollowUp(consultation_id=consultation.id, step=state.step,
                                  appointment_id=appointment.id))
        try:
            db.session.commit()
        except IntegrityError:
            # The same step scheduled at the same moment by another request (a double
            # click): that one holds it, on the same day's appointment (_existing_on).
            db.session.rollback()
            continue
        done.append(state.step)
    if done:
        record_event(Action.UPDATE, actor_id=actor.id, object_type="sv_consultation",
                     object_id=str(consultation.id), person_code=person.code,
                     site_id=site.id, details={"follow_up": [s.value for s in done]})
        db.session.commit()
        db.session.refresh(consultation)
    return done
