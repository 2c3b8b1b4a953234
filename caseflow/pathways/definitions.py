"""The programmes of the migration project (docs/FIELD.md, Programmes)."""

from flask_babel import lazy_gettext as _l

from caseflow.disciplines import Discipline
from caseflow.pathways import Programme, register

MINORITY_RECOURSE = register(Programme(
    key="minority_recourse",
    label=_l("Minority recourse"),
    states={
        "intake": _l("Intake"),
        "evaluation_refused": _l("Departmental evaluation refused"),
        "recourse_filed": _l("Recourse filed"),
        "hearing_scheduled": _l("Hearing scheduled"),
        "recognised_minor": _l("Decision: recognised minor"),
        "not_recognised": _l("Decision: not recognised"),
        "appeal": _l("Appeal"),
        "orientation": _l("Orientation"),
    },
    initial="intake",
    transitions={
        "intake": ("evaluation_refused",),
        "evaluation_refused": ("recourse_filed", "orientation"),
        "recourse_filed": ("hearing_scheduled",),
        "hearing_scheduled": ("recognised_minor", "not_recognised", "hearing_scheduled"),
        "not_recognised": ("appeal", "orientation"),
        "appeal": ("hearing_scheduled", "recognised_minor", "orientation"),
    },
    terminal=frozenset({"recognised_minor", "orientation"}),
    movers=frozenset({Discipline.LEGAL, Discipline.SOCIAL}),
    lost_after_days=30,
))

MENTAL_HEALTH = register(Programme(
    key="mental_health",
    label=_l("Mental-health follow-up"),
    states={
        "open": _l("Open"),
        "active": _l("Active"),
        "improved": _l("Discharged: improved"),
        "stable": _l("Discharged: stable"),
        "defaulted": _l("Discharged: defaulted"),
        "referred": _l("Discharged: referred"),
        # Issue 20: the outcomes of a follow-up that ends otherwise. Transferred: care goes
        # on with another team or site of the programme (referred: to an outside service).
        "transferred": _l("Discharged: transferred"),
        "died": _l("Died"),
    },
    initial="open",
    transitions={
        "open": ("active", "defaulted", "referred", "transferred", "died"),
        "active": ("improved", "stable", "defaulted", "referred", "transferred", "died"),
    },
    terminal=frozenset({"improved", "stable", "defaulted", "referred", "transferred",
                        "died"}),
    movers=frozenset({Discipline.MENTAL_HEALTH}),
    lost_after_days=45,
))

SHELTER_STAY = register(Programme(
    key="shelter_stay",
    label=_l("Shelter stay"),
    states={
        "admitted": _l("Admitted"),
        "staying": _l("Staying"),
        "left_oriented": _l("Left: oriented"),
        "left_unannounced": _l("Left without notice"),
        "excluded": _l("Stay ended"),
    },
    initial="admitted",
    transitions={
        "admitted": ("staying", "left_unannounced"),
        "staying": ("left_oriented", "left_unannounced", "excluded"),
    },
    terminal=frozenset({"left_oriented", "left_unannounced", "excluded"}),
    movers=frozenset({Discipline.SOCIAL, Discipline.MEDICAL}),
    lost_after_days=14,
))

TB_TREATMENT = register(Programme(
    key="tb_treatment",
    label=_l("TB treatment"),
    states={
        "on_treatment": _l("On treatment"),
        "cured": _l("Cured"),
        "completed": _l("Treatment completed"),
        "failed": _l("Treatment failed"),
        "died": _l("Died"),
        "lost": _l("Lost to follow-up"),
        "not_evaluated": _l("Not evaluated"),
    },
    initial="on_treatment",
    transitions={
        "on_treatment": ("cured", "completed", "failed", "died", "lost", "not_evaluated"),
    },
    terminal=frozenset({"cured", "completed", "failed", "died", "lost", "not_evaluated"}),
    movers=frozenset({Discipline.MEDICAL}),
    lost_after_days=14,
))

EVACUATION = register(Programme(
    key="evacuation",
    label=_l("Evacuation"),
    states={
        "identified": _l("Identified"),
        "submitted": _l("Case submitted"),
        "accepted": _l("Accepted"),
        "evacuated": _l("Evacuated"),
        "rejected": _l("Rejected"),
        "withdrawn": _l("Withdrawn"),
    },
    initial="identified",
    transitions={
        "identified": ("submitted", "withdrawn"),
        "submitted": ("accepted", "rejected", "withdrawn"),
        "accepted": ("evacuated", "withdrawn"),
    },
    terminal=frozenset({"evacuated", "rejected", "withdrawn"}),
    movers=frozenset({Discipline.MEDICAL, Discipline.PROTECTION, Discipline.LEGAL}),
    lost_after_days=60,
))

# Protection: from a risk identified to a situation secured, moved by the protection
# officer (the referral to a protection actor is recorded as a referral and a coded field).
PROTECTION = register(Programme(
    key="protection",
    label=_l("Protection follow-up"),
    states={
        "identified": _l("Risk identified"),
        "assessed": _l("Risk assessed"),
        "referred": _l("Referred to a protection actor"),
        "followed": _l("Followed with a safety plan"),
        "closed_secured": _l("Closed: situation secured"),
        "closed_left": _l("Closed: the person left"),
    },
    initial="identified",
    transitions={
        "identified": ("assessed", "referred", "closed_left"),
        "assessed": ("referred", "followed", "closed_secured", "closed_left"),
        "referred": ("followed", "closed_secured", "closed_left"),
        "followed": ("referred", "closed_secured", "closed_left"),
    },
    terminal=frozenset({"closed_secured", "closed_left"}),
    movers=frozenset({Discipline.PROTECTION}),
    confidential_to=frozenset({Discipline.PROTECTION}),
    lost_after_days=60,
))

GENERAL = register(Programme(
    key="general",
    label=_l("General follow-up"),
    states={"open": _l("Open"), "closed": _l("Closed")},
    initial="open",
    transitions={"open": ("closed",), "closed": ("open",)},
    terminal=frozenset(),
    lost_after_days=90,
))
