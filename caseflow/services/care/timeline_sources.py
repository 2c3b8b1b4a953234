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

SOURCES = (
    notes.timeline_entries,
    pathway_events.timeline_entries,
    consents.timeline_entries,
    appointments.timeline_entries,
    referrals.timeline_entries,
    # TB episodes and hospital stays (Libya), in one query for both.
    # The linked outreach contacts and the evacuation steps are parts of that same query.
    programme_timeline.timeline_entries,
)
