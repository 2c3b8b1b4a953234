"""What the safety box at the top of the person page shows (and the history page).

The box reads at most three small statements (the latest answer with the current
allergies, the current treatments, and the name of who answered "no known allergy"),
whatever the number of entries: the person page keeps a fixed number of statements.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.allergy_codes import AllergyAnswer, Severity
from caseflow.models.user import User
from caseflow.services import safety
from caseflow.services.safety import allergies, medications
from caseflow.timezones import to_local


@dataclass(frozen=True)
class AllergyRow:
    allergy: object
    severe: bool
    edit_url: str | None


def _names(ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name)
                                   .where(User.id.in_(sorted(ids)))).all())


def _rows(person, rows, may_write) -> list[AllergyRow]:
    return [AllergyRow(a, a.severity == Severity.SEVERE,
                       url_for("safety.allergy", person_id=person.id, entry=a.id)
                       if may_write and a.active else None) for a in rows]


def safety_panel(person, viewer) -> dict:
    """The box: what the viewer may see of the person's allergies and treatments.

    `allergies_visible` False: the viewer is in the care team but the person did not agree
    to share medical information with it (the box says so, and nothing else)."""
    reads = safety.may_read_allergies(viewer, person)
    may_write = safety.may_write(viewer, person)
    panel = {"person": person, "allergies_visible": reads, "may_write": may_write,
             "treatments_visible": False,
             "history_url": url_for("safety.overview", person_id=person.id) if reads else None}
    if not reads:
        return panel
    latest, current = allergies.latest_and_current(person)
    status = allergies.derive(latest, current)
    panel.update(status=status, answer=status.answer, not_asked=status.answer ==
                 AllergyAnswer.NOT_ASKED, allergies=_rows(person, current, may_write),
                 details=safety.may_read_details(viewer, person),
                 nka_by=None, nka_on=None, severe=any(a.severity == Severity.SEVERE
                                                       for a in current))
    if status.answer == AllergyAnswer.NO_KNOWN_ALLERGY:
        panel["nka_by"] = _names([status.recorded_by_id]).get(status.recorded_by_id)
        panel["nka_on"] = to_local(status.recorded_at, latest.site_id).date()
    if safety.may_read_treatments(viewer, person):
        treatments = medications.current_of(person)
        panel.update(treatments_visible=True, treatments=[
            (m, url_for("safety.medication", person_id=person.id, entry=m.id)
             if may_write else None) for m in treatments])
    if may_write:
        panel.update(
            new_allergy_url=url_for("safety.allergy", person_id=person.id),
            new_treatment_url=url_for("safety.medication", person_id=person.id),
            no_known_url=(url_for("safety.no_known_allergy", person_id=person.id)
                          if status.answer == AllergyAnswer.NOT_ASKED else None),
            seen=status.latest_id)
    return panel


def history_names(answers, rows, treatments) -> dict[int, str]:
    """The names of everyone who recorded, changed or retired what the history page lists."""
    ids = {a.recorded_by_id for a in answers}
    for a in rows:
        ids |= {a.recorded_by_id, a.updated_by_id, a.retired_by_id}
    for m in treatments:
        ids |= {m.recorded_by_id, m.updated_by_id}
    return _names(ids)
