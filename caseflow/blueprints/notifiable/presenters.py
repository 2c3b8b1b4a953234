"""The person page's panel of notifiable diseases: what is due, what was recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for

from caseflow import morbidity
from caseflow.models.declaration import DeclarationOutcome
from caseflow.services.notifiable import declarations


@dataclass(frozen=True)
class Recorded:
    code: str
    label: str
    outcome: DeclarationOutcome
    declared_on: date
    site: str
    reference: str | None
    reason: str | None


def person_panel(person, viewer) -> dict | None:
    """None when the viewer does not read it, or when there is nothing to show: a person
    with no notifiable diagnosis has no empty panel on their page."""
    if not declarations.may_read(viewer, person):
        return None
    rows = declarations.declarations_of(viewer, person)
    due = declarations.due(viewer, person, rows)
    if not rows and not due:
        return None
    recorded = [Recorded(code=r.code, label=morbidity.label(r.code), outcome=r.outcome,
                         declared_on=r.declared_on, site=r.site.name, reference=r.reference,
                         reason=r.reason) for r in rows]
    declare_url = (url_for("notifiable.declare", person_id=person.id)
                   if declarations.may_record(viewer, person) else None)
    return {"due": due, "recorded": recorded, "declare_url": declare_url}
