"""The coded lists of the medical note beyond the morbidity list: the malnutrition computed
from the measures, how a wound was caused, where violence happened and by whom. Sources:
docs/CLINICAL_VOCABULARIES.md, "Violence" and "Acute malnutrition".

Why coded: the programme testifies with figures ("a third of the people seen in Calais
report violence by police or border guards"); free text cannot be counted, and a code
carries no identity. Each list is labelled in its own `LABELS.update` call: several
share codes ("other", "unknown"), which one dict literal would collapse.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.vocabulary import LABELS, Labelled


class WoundMechanism(Labelled):
    """How a wound or trauma happened (ICD-10 chapter XX external causes in brackets)."""

    FALL = "fall"  # W00–W19
    FENCE_WIRE = "fence_wire"  # W45 (cut by barbed wire or razor wire, fence climbing)
    DOG_BITE = "dog_bite"  # W54
    VIOLENCE = "violence"  # X85–Y09 assault
    TRAFFIC = "traffic"  # V01–V89 (lorries, trains)
    BURN = "burn"  # X00–X19
    OTHER = "other"


class ViolenceContext(Labelled):
    """Where the violence the person reports happened, on their route."""

    ORIGIN = "origin"
    TRANSIT = "transit"
    LIBYA = "libya"
    FRANCE = "france"
    BORDER = "border"
    UNKNOWN = "unknown"


class Perpetrator(Labelled):
    """Who committed it, as a category: never a name."""

    POLICE_BORDER = "police_border"
    SMUGGLERS = "smugglers"
    DETENTION_GUARDS = "detention_guards"
    ARMED_GROUPS = "armed_groups"
    PARTNER_FAMILY = "partner_family"
    OTHER_MIGRANTS = "other_migrants"
    OTHER = "other"
    UNKNOWN = "unknown"


class AcuteMalnutrition(Labelled):
    """The classification computed from the measures (caseflow/nutrition/classify.py)."""

    NONE = "none"
    MODERATE = "moderate"
    SEVERE = "severe"


LABELS.update({
    AcuteMalnutrition.NONE: _l("No acute malnutrition"),
    AcuteMalnutrition.MODERATE: _l("Moderate acute malnutrition"),
    AcuteMalnutrition.SEVERE: _l("Severe acute malnutrition"),
})
LABELS.update({
    WoundMechanism.FALL: _l("Fall"),
    WoundMechanism.FENCE_WIRE: _l("Fence or wire"),
    WoundMechanism.DOG_BITE: _l("Dog bite"),
    WoundMechanism.VIOLENCE: _l("Violence"),
    WoundMechanism.TRAFFIC: _l("Traffic (lorry, train, car)"),
    WoundMechanism.BURN: _l("Burn"),
    WoundMechanism.OTHER: _l("Other"),
})
LABELS.update({
    ViolenceContext.ORIGIN: _l("In the country of origin"),
    ViolenceContext.TRANSIT: _l("In transit"),
    ViolenceContext.LIBYA: _l("In Libya"),
    ViolenceContext.FRANCE: _l("In France"),
    ViolenceContext.BORDER: _l("At a border"),
    ViolenceContext.UNKNOWN: _l("Unknown"),
})
LABELS.update({
    Perpetrator.POLICE_BORDER: _l("Police or border guards"),
    Perpetrator.SMUGGLERS: _l("Smugglers or traffickers"),
    Perpetrator.DETENTION_GUARDS: _l("Detention guards"),
    Perpetrator.ARMED_GROUPS: _l("Armed groups"),
    Perpetrator.PARTNER_FAMILY: _l("Partner or family"),
    Perpetrator.OTHER_MIGRANTS: _l("Other migrants"),
    Perpetrator.OTHER: _l("Other"),
    Perpetrator.UNKNOWN: _l("Unknown"),
})
