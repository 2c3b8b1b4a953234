"""The sources of a person's timeline, in the order ties are shown (see caseflow/timeline.py)."""

from __future__ import annotations

from caseflow.services.care import (
    appointments,
    consents,
    notes,
    pathway_events,
    programme_timeline,
    referrals,
)
from caseflow.services.safety import timeline as safety_timeline
from caseflow.services.scales import timeline as scales_timeline
from caseflow.services.vaccination import timeline as vaccination_timeline

SOURCES = (
    notes.timeline_entries,
    pathway_events.timeline_entries,
    consents.timeline_entries,
    appointments.timeline_entries,
    referrals.timeline_entries,
    # TB episodes and hospital stays (Libya), in one query for both.
    # The linked outreach contacts and the evacuation steps are parts of that same query.
    programme_timeline.timeline_entries,
    safety_timeline.timeline_entries,  # allergies and treatments (issue 20), one query
    vaccination_timeline.timeline_entries,  # catch-up doses given here (issue 20)
    scales_timeline.timeline_entries,  # scales administered (issue 20; the panel's query)
)
