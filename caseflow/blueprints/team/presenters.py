"""The referents page (one form per site and discipline the viewer may change), prepared
here so that the template only displays it."""

from __future__ import annotations

from dataclasses import dataclass

from caseflow.disciplines import Discipline
from caseflow.services.care import referents
from caseflow.services.staff.sites import sites_by_name


@dataclass
class ReferentSlot:
    site_id: int
    site: str
    discipline: str
    discipline_label: str
    current: str
    form: object


def referent_slots(person, viewer, make_form) -> list[ReferentSlot]:
    """One form per (site where the viewer may change referents, discipline whose referent
    the viewer may choose and that has a team there or a referent)."""
    current = {(r.site_id, r.discipline): r for r in referents.current([person.id])}
    known = referents.changeable_by(viewer, person)
    sites = [s for s in sites_by_name(referents.followed_site_ids(person))
             if referents.may_change(viewer, person, s.id)]
    members = referents.team([s.id for s in sites]) if sites else []
    slots = []
    for site in sites:
        for discipline in Discipline:
            if discipline not in known:
                continue
            team = [u for site_id, u in members
                    if site_id == site.id and u.discipline == discipline]
            row = current.get((site.id, discipline))
            if not team and row is None:
                continue
            form = make_form(site.id, discipline, team, row.user_id if row else None)
            slots.append(ReferentSlot(site.id, site.name, discipline.value,
                                      str(discipline.label),
                                      row.user.display_name if row else "", form))
    return slots
