"""Follow-up: notes, appointments, referrals, pathways, consents, the timeline's sources."""
