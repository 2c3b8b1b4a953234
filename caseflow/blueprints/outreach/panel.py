"""The outreach part of the person page (templates/outreach/_person_panel.html): built by
the page's view with the other panels, so that the template runs no query of its own."""

from __future__ import annotations

from flask import url_for

from caseflow import countries
from caseflow.services.outreach import links


def person_panel(person, user) -> dict | None:
    """None (nothing shown, no query) unless the viewer may propose links; then the person's
    links waiting for a coordinator and the search."""
    if not links.may_propose(user):
        return None
    # Someone seen on a quay or in a cell is linked once followed at a site of the same
    # country (the shelter, the day centre): a person followed only in France has no panel,
    # and the page asks nothing.
    if not any(countries.country(e.site.country).outreach for e in person.enrolments):
        return None
    return {"pending": links.pending_for_person(person),
            "search_url": url_for("outreach.person_contacts", person_id=person.id)}
