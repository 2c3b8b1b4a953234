"""What a demo story is made of: notes, appointments, pathway steps, enrolments, referrals,
certificates and a transfer, as data (demo/stories.py holds the stories, demo/history.py
plays them through the services).

Days count in the site's working days from the demo's run date (-3: three working days
ago, 0: today, 2: in two working days); times are the site's clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caseflow.disciplines import Discipline
from caseflow.models.appointment import AppointmentKind
from caseflow.models.referral import PartnerKind, Urgency
from caseflow.vocabulary import Confidentiality, NoteKind

MED, NURSE = NoteKind.MEDICAL_CONSULTATION, NoteKind.NURSING_CARE
MH, SOC = NoteKind.MENTAL_HEALTH_SESSION, NoteKind.SOCIAL_INTERVIEW
LEGAL, PROT = NoteKind.LEGAL_APPOINTMENT, NoteKind.PROTECTION_INTERVIEW
LAWYER = "Me Dubreuil (barreau de Seine-Saint-Denis)"
BOBIGNY = "Audience devant le juge des enfants, tribunal pour enfants de Bobigny."


@dataclass(frozen=True)
class Note:
    day: int
    at: str
    author: str
    kind: NoteKind
    text: str
    codes: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    level: Confidentiality | None = None


@dataclass(frozen=True)
class Visit:
    """An appointment with `author`; a past one was attended or missed."""

    day: int
    at: str
    author: str
    note: str | None = None
    kind: AppointmentKind = AppointmentKind.FOLLOW_UP
    status: str = "scheduled"


@dataclass(frozen=True)
class Step:
    day: int
    author: str
    state: str
    note: str | None = None


@dataclass(frozen=True)
class Enrol:
    day: int
    author: str
    programme: str


@dataclass(frozen=True)
class Refer:
    """A referral, written now; `path`: the statuses it went through; `answered`: the day
    of its outcome."""

    author: str
    reason: str
    urgency: Urgency = Urgency.ROUTINE
    partner: PartnerKind | None = None
    partner_name: str | None = None
    target: Discipline | None = None
    path: tuple[str, ...] = ()
    outcome: str | None = None
    answered: int = 0


@dataclass(frozen=True)
class Certify:
    """The story's certificates (demo/certificates.py; their exam days: CERTIFIED)."""


@dataclass(frozen=True)
class Move:
    """Yonas's transfer from Calais to Pantin (demo/people.py)."""


def vitals(weight=None, temp=None, pulse=None, height=None, bp=None, reason="",
           treatment="", conditions=()) -> tuple[dict, dict]:
    """A medical note's codes and details, as the form fills them."""
    details = {"reason": reason, "weight_kg": weight, "height_cm": height,
               "temperature_c": temp, "pulse": pulse, "treatment": treatment}
    if bp:
        details["bp_systolic"], details["bp_diastolic"] = bp
    return {"conditions": list(conditions)}, details


def med(day, at, author, text, kind=MED, **measures) -> Note:
    codes, details = vitals(**measures)
    return Note(day, at, author, kind, text, codes, details)


def mh(day, at, text, category, level=None, **scores) -> Note:
    return Note(day, at, "yasmine", MH, text,
                {"session_kind": "individual", "category": category, **scores},
                {"suicidal_ideation": "no"}, level)


def legal(day, at, text, step, **details) -> Note:
    return Note(day, at, "lea", LEGAL, text, {"procedure": "minority_recourse", "step": step},
                {"lawyer": LAWYER, **details})


def social(day, at, text, housing, actions, needs="") -> Note:
    return Note(day, at, "sara", SOC, text, {"housing": housing, "actions": list(actions)},
                {"needs": needs})


def protection(day, at, text, codes, details) -> Note:
    return Note(day, at, "nadia", PROT, text, codes, details, Confidentiality.DISCIPLINE)
