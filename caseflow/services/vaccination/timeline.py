"""Catch-up doses given by the team, on the person's timeline.

Only doses given here appear: they are care the team gave, on the day it was recorded.
Doses given before (from a card, declared) are history, shown on the vaccination card;
doses entered in error stay on the vaccination page, struck through, not on the timeline.

No query of its own: the doses come from records.doses_of, which the person page's card
reads in the same request (a person has a few dozen doses at most). The site and the
author are in the session already for the usual case (the user's own sites, the user
herself); another author costs one primary-key read, once per author.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.models.vaccination import DoseOrigin, DoseState, VaccinationDose
from caseflow.models.vaccines import Vaccine
from caseflow.services.vaccination.records import doses_of, may_read
from caseflow.timeline import TimelineEntry, Window


def timeline_entries(person, viewer, window: Window) -> list[TimelineEntry]:
    if window.discipline not in (None, Discipline.MEDICAL) or not may_read(viewer, person):
        return []
    doses = [d for d in doses_of(viewer, person)
             if d.origin == DoseOrigin.GIVEN_HERE and d.state == DoseState.RECORDED
             and (window.since is None or d.recorded_at >= window.since)
             and (window.until is None or d.recorded_at < window.until)]
    doses.sort(key=lambda d: d.recorded_at, reverse=True)
    return [_entry(person, d) for d in doses[:window.limit]]


def _entry(person, dose: VaccinationDose) -> TimelineEntry:
    def load(entry: TimelineEntry) -> None:  # for the entries shown only
        site, author = db.session.get(Site, dose.site_id), db.session.get(User,
                                                                          dose.recorded_by_id)
        entry.site = site.name if site else None
        entry.author = author.display_name if author else None
        if dose.vaccine == Vaccine.OTHER and dose.other_name:
            entry.body = dose.other_name  # decrypted here only

    return TimelineEntry(
        when=dose.recorded_at, kind="vaccination",
        title=_("Vaccination: %(vaccine)s, dose %(number)d", vaccine=dose.vaccine.label,
                number=dose.dose_number),
        discipline=Discipline.MEDICAL,
        url=url_for("vaccination.record", person_id=person.id),
        attrs={"data-entry-kind": "vaccination",
               "data-entry-discipline": Discipline.MEDICAL.value,
               "data-vaccine": dose.vaccine.value},
        loader=load,
    )
