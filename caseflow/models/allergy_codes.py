"""The coded lists of an allergy (issue 20): substance groups, reactions, severity, source.

Codes as data: each list is an enum whose stored value is stable (English, short), and
whose label is read in the reader's language (French, English, Arabic through the
catalogues). The groups are those a clinician acts on (which drugs to avoid, which food
to keep from the shelter's kitchen); the substance itself, when it is known, is typed as
free text and encrypted beside the group (caseflow/models/allergy.py).

References, for a later exchange of the record (no SNOMED CT content is copied here):
- ICD-10 Z88 "personal history of allergy to drugs, medicaments and biological
  substances": Z88.0 penicillin, Z88.1 other antibiotic agents, Z88.2 sulfonamides,
  Z88.6 analgesic agent (NSAIDs, aspirin), Z88.8/Z88.9 other or unspecified drugs;
- ICD-10 Z91.0 "personal history of allergy, other than to drugs and biological
  substances": Z91.01 food (ICD-10-CM detail: peanuts, milk, eggs, seafood),
  Z91.03 insect, Z91.04 latex (ICD-10-CM);
- reactions: L50 urticaria, T78.3 angioneurotic oedema, T78.2 anaphylactic shock
  unspecified (T88.6 when due to a drug properly administered, T78.0 due to food),
  J45/J98.0 bronchospasm, K52.2 allergic gastroenteritis; L27 skin eruption due to a
  substance taken internally.
Severity follows the usual three grades of allergy records (mild, moderate, severe or
life-threatening: anaphylaxis, angio-oedema of the airway, bronchospasm).
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class _Coded:
    """A coded list whose members read their label (and ICD-10 reference) from the tables."""

    @property
    def label(self):
        return LABELS[(type(self).__name__, self.value)]

    @property
    def icd10(self) -> str | None:
        return ICD10.get((type(self).__name__, self.value))


class AllergyAnswer(_Coded, enum.StrEnum):
    """The person's answer to "any allergy?". "Not asked" is the absence of an answer: it
    is never stored, so that it cannot be confused with an explicit "no known allergy"."""

    NOT_ASKED = "not_asked"  # derived only: no answer recorded
    NO_KNOWN_ALLERGY = "no_known_allergy"
    HAS_ALLERGIES = "has_allergies"


class AllergenGroup(_Coded, enum.StrEnum):
    PENICILLINS = "penicillins"  # penicillins and other beta-lactams (Z88.0, Z88.1)
    SULFONAMIDES = "sulfonamides"  # cotrimoxazole among them (Z88.2)
    NSAIDS = "nsaids"  # NSAIDs and aspirin (Z88.6)
    OTHER_MEDICINE = "other_medicine"  # any other drug, vaccine or contrast (Z88.8)
    PEANUT = "peanut"  # and tree nuts (Z91.010)
    EGG = "egg"  # Z91.012
    MILK = "milk"  # Z91.011
    SHELLFISH = "shellfish"  # and fish, seafood (Z91.013)
    OTHER_FOOD = "other_food"  # wheat, sesame... (Z91.018)
    LATEX = "latex"  # Z91.040
    INSECT_STING = "insect_sting"  # bees, wasps (Z91.030)
    OTHER = "other"  # anything else (Z91.09)

    @property
    def is_medicine(self) -> bool:
        return self in MEDICINES

    @property
    def is_food(self) -> bool:
        return self in FOODS


MEDICINES = frozenset({AllergenGroup.PENICILLINS, AllergenGroup.SULFONAMIDES,
                       AllergenGroup.NSAIDS, AllergenGroup.OTHER_MEDICINE})
FOODS = frozenset({AllergenGroup.PEANUT, AllergenGroup.EGG, AllergenGroup.MILK,
                   AllergenGroup.SHELLFISH, AllergenGroup.OTHER_FOOD})


class Reaction(_Coded, enum.StrEnum):
    RASH = "rash"  # rash or urticaria (L50, L27)
    ANGIOEDEMA = "angioedema"  # T78.3
    ANAPHYLAXIS = "anaphylaxis"  # T78.2
    BRONCHOSPASM = "bronchospasm"  # J98.0
    DIGESTIVE = "digestive"  # vomiting, diarrhoea, abdominal pain (K52.2)
    OTHER = "other"
    UNKNOWN = "unknown"  # the person knows they react, not how


class Severity(_Coded, enum.StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"  # severe or life-threatening

    @property
    def rank(self) -> int:
        return (Severity.MILD, Severity.MODERATE, Severity.SEVERE).index(self)


# A reaction that threatens life is at least severe, whatever was chosen (checked by
# services/safety/allergies.py): anaphylaxis, angio-oedema and bronchospasm.
LIFE_THREATENING = frozenset({Reaction.ANAPHYLAXIS, Reaction.ANGIOEDEMA, Reaction.BRONCHOSPASM})


class AllergySource(_Coded, enum.StrEnum):
    DECLARED = "declared"  # by the person (or who accompanies them)
    DOCUMENT = "document"  # a medical document, a hospital letter, an allergy card
    OBSERVED = "observed"  # a reaction seen by the team


class EntryState(_Coded, enum.StrEnum):
    """An allergy entry is never deleted: it is current, no longer (outgrown, disproved by
    a test) or entered in error (wrong person, wrong substance); both are kept and shown
    apart, with who retired it and when."""

    ACTIVE = "active"
    NO_LONGER = "no_longer"
    ENTERED_IN_ERROR = "entered_in_error"


def _k(cls, value) -> tuple[str, str]:
    return (cls.__name__, value)


LABELS = {
    _k(AllergyAnswer, "not_asked"): _l("Not asked"),
    _k(AllergyAnswer, "no_known_allergy"): _l("No known allergy"),
    _k(AllergyAnswer, "has_allergies"): _l("Has allergies"),
    _k(AllergenGroup, "penicillins"): _l("Penicillins and other beta-lactams"),
    _k(AllergenGroup, "sulfonamides"): _l("Sulfonamides (co-trimoxazole…)"),
    _k(AllergenGroup, "nsaids"): _l("NSAIDs and aspirin"),
    _k(AllergenGroup, "other_medicine"): _l("Other medicine"),
    _k(AllergenGroup, "peanut"): _l("Peanut and tree nuts"),
    _k(AllergenGroup, "egg"): _l("Egg"),
    _k(AllergenGroup, "milk"): _l("Milk"),
    _k(AllergenGroup, "shellfish"): _l("Shellfish and fish"),
    _k(AllergenGroup, "other_food"): _l("Other food"),
    _k(AllergenGroup, "latex"): _l("Latex"),
    _k(AllergenGroup, "insect_sting"): _l("Insect sting"),
    _k(AllergenGroup, "other"): _l("Other substance"),
    _k(Reaction, "rash"): _l("Rash or urticaria"),
    _k(Reaction, "angioedema"): _l("Angio-oedema"),
    _k(Reaction, "anaphylaxis"): _l("Anaphylaxis"),
    _k(Reaction, "bronchospasm"): _l("Bronchospasm"),
    _k(Reaction, "digestive"): _l("Digestive reaction"),
    _k(Reaction, "other"): _l("Other reaction"),
    _k(Reaction, "unknown"): _l("Reaction unknown"),
    _k(Severity, "mild"): _l("Mild"),
    _k(Severity, "moderate"): _l("Moderate"),
    _k(Severity, "severe"): _l("Severe or life-threatening"),
    _k(AllergySource, "declared"): _l("Declared by the person"),
    _k(AllergySource, "document"): _l("Medical document"),
    _k(AllergySource, "observed"): _l("Observed by the team"),
    _k(EntryState, "active"): _l("Current"),
    _k(EntryState, "no_longer"): _l("No longer allergic"),
    _k(EntryState, "entered_in_error"): _l("Entered in error"),
}

# The nearest ICD-10 code, for an exchange of the record (WHO ICD-10 2019; the food, insect
# and latex details are ICD-10-CM's).
ICD10 = {
    _k(AllergenGroup, "penicillins"): "Z88.0",
    _k(AllergenGroup, "sulfonamides"): "Z88.2",
    _k(AllergenGroup, "nsaids"): "Z88.6",
    _k(AllergenGroup, "other_medicine"): "Z88.8",
    _k(AllergenGroup, "peanut"): "Z91.010",
    _k(AllergenGroup, "egg"): "Z91.012",
    _k(AllergenGroup, "milk"): "Z91.011",
    _k(AllergenGroup, "shellfish"): "Z91.013",
    _k(AllergenGroup, "other_food"): "Z91.018",
    _k(AllergenGroup, "latex"): "Z91.040",
    _k(AllergenGroup, "insect_sting"): "Z91.030",
    _k(AllergenGroup, "other"): "Z91.09",
    _k(Reaction, "rash"): "L50.0",
    _k(Reaction, "angioedema"): "T78.3",
    _k(Reaction, "anaphylaxis"): "T78.2",
    _k(Reaction, "bronchospasm"): "J98.0",
    _k(Reaction, "digestive"): "K52.2",
}
