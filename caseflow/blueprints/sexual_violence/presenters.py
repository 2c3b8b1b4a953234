"""What the consultation pages and the person panel show: the clock, the care, follow-up.

The clock is the service's (services/sexual_violence/clock.py): what the page shows is
what the indicator counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from caseflow.models.appointment import AppointmentStatus
from caseflow.models.sexual_violence import (
    CARE_ITEMS,
    ITEM_LABELS,
    CareStatus,
    Delay,
    SvConsultation,
)
from caseflow.services.sexual_violence import clock, consultations, follow_up
from caseflow.timezones import site_time_label, site_today


@dataclass(frozen=True)
class CareRow:
    item: str
    label: str
    given: bool
    reason: str | None
    detail: str | None


@dataclass(frozen=True)
class Summary:
    consultation: SvConsultation
    url: str
    consulted: str  # the site's local time, in the reader's language
    delay: Delay
    hours: int | None  # whole hours from the assault, when its date is known
    exact: bool  # the assault's time was given
    pep_window_open: bool  # at the consultation
    care: list[CareRow]
    steps: list[follow_up.StepState]
    next_due: follow_up.StepState | None
    missed: int


def care_rows(c: SvConsultation) -> list[CareRow]:
    rows = []
    for item in CARE_ITEMS:
        reason = getattr(c, f"{item}_reason")
        detail = None
        if item == "ec" and c.ec_method:
            detail = str(c.ec_method.label)
        elif item == "pregnancy_test" and c.pregnancy_result:
            detail = str(c.pregnancy_result.label)
        rows.append(CareRow(item, str(ITEM_LABELS[item]), c.status_of(item) == CareStatus.GIVEN,
                            str(reason.label) if reason else None, detail))
    return rows


def summary(c: SvConsultation, linked: dict | None = None) -> Summary:
    hours = consultations.hours_of(c)
    steps = follow_up.steps_of(c, linked)
    today = site_today(c.site)
    due = [s for s in steps if s.appointment is not None
           and s.appointment.status == AppointmentStatus.SCHEDULED and s.day >= today]
    missed = sum(1 for s in steps if s.appointment is not None
                 and s.appointment.status == AppointmentStatus.MISSED)
    return Summary(
        consultation=c, url=url_for("sexual_violence.show", consultation_id=c.id),
        consulted=site_time_label(c.consulted_at, c.site), delay=c.delay,
        hours=int(hours) if hours is not None else None,
        exact=bool(c.assault_time), pep_window_open=hours is not None
        and hours <= clock.PEP_HOURS, care=care_rows(c), steps=steps,
        next_due=due[0] if due else None, missed=missed)


def person_panel(person, viewer) -> dict | None:
    """The person page's panel; None when the viewer does not read these consultations."""
    if not consultations.may_read(viewer, person):
        return None
    found = consultations.consultations_of(viewer, person)
    new_url = (url_for("sexual_violence.new", person_id=person.id)
               if consultations.may_record(viewer, person) else None)
    if not found and new_url is None:
        return None
    linked = follow_up.linked_of(found)
    return {"consultations": [summary(c, linked.get(c.id, {})) for c in found],
            "new_url": new_url}
