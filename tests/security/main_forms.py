"""The main forms of caseflow, as the XSS and fuzz tests submit them.

Each entry says who fills the form, where, and the few values that make the
browser's default submission valid (a date, a target, a consent): everything
else comes from the page itself (tests/security/forms.py), so a field added
to a form is attacked without editing this file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from tests.clock import FIXED_NOW
from tests.security.conftest import Records


@dataclass(frozen=True)
class MainForm:
    name: str
    login: str
    path: Callable[[Records], str]
    containing: str  # a field that identifies the form on its page
    valid: dict[str, str] = field(default_factory=dict)
    # Text fields kept in the record but shown on no page today (consent details are
    # encrypted and only read back by the services).
    not_shown: frozenset[str] = frozenset()


def _soon() -> str:
    """In three days: the tests that submit these forms run at FIXED_NOW (tests/clock.py)."""
    return (FIXED_NOW.date() + timedelta(days=3)).isoformat()


MAIN_FORMS = [
    MainForm("registration", "amina", lambda r: "/people/new", "family_name",
             {"family_name": "Diallo", "given_names": "Mariama", "confirm_new": "yes",
              "consent_care": "given", "consent_data": "given"},
             frozenset({"accompanying_adult"})),
    MainForm("identity correction", "amina", lambda r: f"/people/{r.person_id}/edit",
             "family_name"),
    MainForm("consent", "amina", lambda r: f"/people/{r.person_id}/consents/new", "purpose",
             {"purpose": "care", "decision": "given"},
             frozenset({"accompanying_adult", "partner_name", "note"})),
    MainForm("medical note", "amina", lambda r: f"/people/{r.person_id}/notes/new", "treatment",
             {"text": "Consultation", "reason": "Toux"}),
    MainForm("social note", "sara", lambda r: f"/people/{r.person_id}/notes/new", "needs",
             {"text": "Entretien"}),
    MainForm("legal note", "lea", lambda r: f"/people/{r.person_id}/notes/new", "lawyer",
             {"text": "Rendez-vous"}),
    MainForm("referral", "amina", lambda r: f"/people/{r.person_id}/referrals/new", "reason",
             {"target": "partner:hospital_pass", "partner_name": "PASS Avicenne",
              "reason": "Bilan dentaire", "consent_decision": "given"},
             frozenset({"accompanying_adult"})),
    MainForm("appointment", "amina", lambda r: f"/people/{r.person_id}/appointments/new",
             "with_user_id", {"day": _soon(), "at": "10:30", "note": "Venir à jeun"}),
    MainForm("certificate draft", "amina",
             lambda r: f"/people/{r.person_id}/certificates/new?template=violence_findings",
             "statements",
             {"statements": "Il dit avoir été frappé.", "statements_voice": "reported",
              "facts-start": "2026-01-05", "duty_decision": "crip", "duty_date": "2026-01-06",
              "examination": "Ecchymose.",
              "psychological_state": "Anxiété.", "itt_days": "3",
              "consent_decision": "given"},
             frozenset({"accompanying_adult"})),
]

# The evacuation forms: Libya's (a Tripoli person and case, not `pantin`), several on the
# case page posting to their own action, a refusal answering 400 (the page again):
# fuzzed by tests/evacuation/test_form_fuzz.py. `r`: person_id and evacuation_case_id.
EVACUATION_FORMS = [
    MainForm("evacuation case", "charlie", lambda r: f"/evacuations/people/{r.person_id}/new",
             "partner_case_number", {"mechanism": "resettlement", "destination": "CA",
                                     "partner_kind": "unhcr", "identified_on": "2026-01-06"}),
    MainForm("evacuation correction", "charlie",
             lambda r: f"/evacuations/cases/{r.evacuation_case_id}/edit", "partner_case_number"),
    MainForm("evacuation step", "charlie", lambda r: f"/evacuations/cases/{r.evacuation_case_id}",
             "status", {"status": "assessed", "step_on": "2026-01-06"}),
    MainForm("evacuation step date", "charlie",
             lambda r: f"/evacuations/cases/{r.evacuation_case_id}", "step_id",
             {"step_on": "2026-01-04"}),
    MainForm("fitness to travel", "charlie",
             lambda r: f"/evacuations/cases/{r.evacuation_case_id}", "assessed_on",
             {"assessed_on": "2026-01-06", "category": "fit", "valid_until": "2026-02-06"}),
    MainForm("evacuation report", "charlie",
             lambda r: f"/evacuations/cases/{r.evacuation_case_id}", "certificate_id",
             {"consent_decision": "given", "decided_on": "2026-01-06"}),
    MainForm("evacuation group", "charlie",
             lambda r: f"/evacuations/cases/{r.evacuation_case_id}", "other"),
]
