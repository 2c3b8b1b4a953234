"""The coded lists of the mental-health note: stage of care, suicide risk, self-harm,
substance use. Sources and choices: docs/CLINICAL_VOCABULARIES.md, "Mental health".

Each list is labelled in its own `LABELS.update` call: StrEnum members compare by value,
and several lists here share a code ("none"), which one dict literal would collapse.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from caseflow.vocabulary import LABELS, Labelled


class SessionStage(Labelled):
    """Where the session stands in the follow-up: what CGI may be rated then."""

    INTAKE = "intake"
    FOLLOW_UP = "follow_up"
    DISCHARGE = "discharge"


class SuicideRisk(Labelled):
    """The clinician's level after asking (mhGAP, self-harm/suicide module)."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    IMMINENT = "imminent"


# The levels that put the person on the psychologist's and coordinator's worklist.
URGENT_RISKS = (SuicideRisk.HIGH.value, SuicideRisk.IMMINENT.value)


class HarmHistory(Labelled):
    """Self-harm, or a suicide attempt: never, in the past, or recent (in the last month).
    The code of "never" is "none", as in the other lists."""

    NONE = "none"
    PAST = "past"
    RECENT = "recent"


class Substance(Labelled):
    """Substance use as the teams see it among young people living in the street."""

    ALCOHOL = "alcohol"
    CANNABIS = "cannabis"
    PREGABALIN = "pregabalin"
    MEDICINES_MISUSED = "medicines_misused"
    SOLVENTS = "solvents"
    OTHER = "other"
    NONE = "none"


LABELS.update({
    SessionStage.INTAKE: _l("Intake"),
    SessionStage.FOLLOW_UP: _l("Follow-up"),
    SessionStage.DISCHARGE: _l("Discharge"),
})
# In context: "low" or "high" agree with "risk" in French and Arabic, not with a severity.
LABELS.update({
    SuicideRisk.NONE: _l("No suicide risk identified"),
    SuicideRisk.LOW: lazy_pgettext("suicide risk", "Low"),
    SuicideRisk.MODERATE: lazy_pgettext("suicide risk", "Moderate"),
    SuicideRisk.HIGH: lazy_pgettext("suicide risk", "High"),
    SuicideRisk.IMMINENT: lazy_pgettext("suicide risk", "Imminent"),
})
LABELS.update({
    HarmHistory.NONE: _l("Never"),
    HarmHistory.PAST: _l("In the past"),
    HarmHistory.RECENT: _l("Recent (past month)"),
})
LABELS.update({
    Substance.ALCOHOL: _l("Alcohol"),
    Substance.CANNABIS: _l("Cannabis"),
    Substance.PREGABALIN: _l("Pregabalin (Lyrica)"),
    Substance.MEDICINES_MISUSED: _l("Other medicines misused (benzodiazepines, tramadol…)"),
    Substance.SOLVENTS: _l("Solvents, glue"),
    Substance.OTHER: _l("Other substance"),
    Substance.NONE: _l("No substance use"),
})
