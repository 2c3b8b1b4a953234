"""The allergies' and treatments' part of the person's timeline (one query per page).

Entries: an allergy recorded or retired, "no known allergy" recorded, a treatment recorded
or stopped. Their titles say what happened, never the substance or the medicine (both
encrypted, and shown in the box at the top of the page): the timeline tells when and who,
and links to the history. Allergy entries are shown to those who read allergies,
treatment entries to those who read treatments (services/safety/__init__.py).
"""

from __future__ import annotations

from datetime import datetime, time

from flask_babel import gettext as _
from sqlalchemy import (
    Date,
    DateTime,
    String,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.allergy import Allergy, AllergyStatusAnswer
from caseflow.models.allergy_codes import AllergyAnswer, EntryState
from caseflow.models.medication import Medication, StopReason
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.safety import may_read_allergies, may_read_treatments
from caseflow.timeline import TimelineEntry, Window

KIND = "safety"


def _part(kind: str, model, author, *where, at=None, day=None, code=None):
    """One kind of entry: (kind, id, at or day, site, author, code), for the union."""
    return (select(literal_column(f"'{kind}'").label("kind"), model.id.label("id"),
                   (at if at is not None else cast(null(), DateTime)).label("at"),
                   (day if day is not None else cast(null(), Date)).label("day"),
                   Site.name.label("site"), User.display_name.label("author"),
                   (code if code is not None else cast(null(), String)).label("code"))
            .join(Site, Site.id == model.site_id)
            .join(User, User.id == author)
            .where(*where))


def _within(stmt, column, window: Window, by_day: bool = False):
    if window.since:
        stmt = stmt.where(column >= (window.since.date() if by_day else window.since))
    if window.until:
        stmt = stmt.where(column < (window.until.date() if by_day else window.until))
    return stmt


def _allergy_parts(person, window: Window) -> list:
    mine = Allergy.person_id == person.id
    return [
        _within(_part("allergy_recorded", Allergy, Allergy.recorded_by_id, mine,
                      at=Allergy.created_at), Allergy.created_at, window),
        _within(_part("allergy_retired", Allergy, Allergy.retired_by_id, mine,
                      Allergy.retired_at.is_not(None), at=Allergy.retired_at,
                      code=cast(Allergy.state, String)), Allergy.retired_at, window),
        _within(_part("no_known_allergy", AllergyStatusAnswer,
                      AllergyStatusAnswer.recorded_by_id,
                      AllergyStatusAnswer.person_id == person.id,
                      AllergyStatusAnswer.answer == AllergyAnswer.NO_KNOWN_ALLERGY,
                      at=AllergyStatusAnswer.recorded_at),
                AllergyStatusAnswer.recorded_at, window),
    ]


def _treatment_parts(person, window: Window) -> list:
    mine = Medication.person_id == person.id
    live = or_(Medication.stop_reason.is_(None),
               Medication.stop_reason != StopReason.ENTERED_IN_ERROR)
    # Who stopped it: the last to change it (the stop is a change), else who recorded it.
    stopper = func.coalesce(Medication.updated_by_id, Medication.recorded_by_id)
    return [
        _within(_part("treatment_recorded", Medication, Medication.recorded_by_id, mine, live,
                      at=Medication.created_at), Medication.created_at, window),
        _within(_part("treatment_stopped", Medication, stopper, mine, live,
                      Medication.stopped_on.is_not(None), day=Medication.stopped_on),
                Medication.stopped_on, window, by_day=True),
    ]


def timeline_entries(person, viewer, window: Window) -> list[TimelineEntry]:
    """The safety entries of the person the viewer may see, newest first (one query)."""
    if window.discipline not in (None, Discipline.MEDICAL):
        return []  # allergies and treatments are medical records
    parts = []
    if may_read_allergies(viewer, person):
        parts += _allergy_parts(person, window)
    if may_read_treatments(viewer, person):
        parts += _treatment_parts(person, window)
    if not parts:
        return []
    from flask import url_for

    url = url_for("safety.overview", person_id=person.id)
    entries = [_entry(row, url) for row in db.session.execute(union_all(*parts))]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:window.limit]


def _title(row) -> str:
    if row.kind == "allergy_retired":
        return (_("Allergy retired: entered in error")
                if row.code == EntryState.ENTERED_IN_ERROR.value
                else _("Allergy retired: no longer allergic"))
    return {"allergy_recorded": _("Allergy recorded"),
            "no_known_allergy": _("No known allergy recorded"),
            "treatment_recorded": _("Treatment recorded"),
            "treatment_stopped": _("Treatment stopped")}[row.kind]


def _entry(row, url: str) -> TimelineEntry:
    when = row.at if row.at is not None else datetime.combine(row.day, time(12))
    return TimelineEntry(
        when=when, kind=KIND, title=_title(row), discipline=Discipline.MEDICAL,
        site=row.site, author=row.author, url=url,
        attrs={"data-entry-kind": KIND, "data-entry-step": row.kind,
               "data-entry-discipline": Discipline.MEDICAL.value})
