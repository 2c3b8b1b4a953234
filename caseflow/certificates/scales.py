"""The Istanbul Protocol's scales of consistency, each degree defined in the Protocol's terms.

Why printed definitions: « compatible » is the weakest support, with many other possible
causes, and a reader who takes it for a strong one misreads the report. Why two scales:
the Protocol grades physical lesions from "not consistent" to "diagnostic", but no
psychological finding is diagnostic of torture; psychological evidence is assessed
against the alleged events on its own terms, and its absence proves nothing. The overall
evaluation of all the evidence is a degree of the five-level scale, chosen by the
clinician (`CONCLUSIONS`), with their interpretation in text beside it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from caseflow.certificates.wording import Wording

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)


class Consistency(enum.StrEnum):
    """Istanbul Protocol grading of a finding against the allegation."""

    NOT_CONSISTENT = "not_consistent"
    CONSISTENT = "consistent"
    HIGHLY_CONSISTENT = "highly_consistent"
    TYPICAL = "typical"
    DIAGNOSTIC = "diagnostic"

    @property
    def label(self) -> Wording:
        return CONSISTENCY_LABELS[self]


# As printed in the findings table, under "Degree of consistency with the allegations".
CONSISTENCY_LABELS = {
    Consistency.NOT_CONSISTENT: _l("Not consistent"),
    Consistency.CONSISTENT: _l("Consistent"),
    Consistency.HIGHLY_CONSISTENT: _l("Highly consistent"),
    Consistency.TYPICAL: _l("Typical"),
    Consistency.DIAGNOSTIC: _l("Diagnostic"),
}


@dataclass(frozen=True)
class Scale:
    """A scale of consistency: the degrees it allows, each defined, printed under the
    findings it grades with its heading and lead."""

    key: str
    heading: Wording
    lead: Wording
    definitions: dict[Consistency, Wording]

    @property
    def levels(self) -> tuple[Consistency, ...]:
        return tuple(self.definitions)


PHYSICAL = Scale(
    "physical",
    _l("Degrees of consistency (Istanbul Protocol)"),
    _l("Each finding above is graded against the allegations on the Istanbul "
       "Protocol's scale, from the weakest support to the strongest:"),
    {
        Consistency.NOT_CONSISTENT: _l("the lesion could not have been caused by the trauma "
                                       "described."),
        Consistency.CONSISTENT: _l("the lesion could have been caused by the trauma described, "
                                   "but it is non-specific and there are many other possible "
                                   "causes."),
        Consistency.HIGHLY_CONSISTENT: _l("the lesion could have been caused by the trauma "
                                          "described, and there are few other possible "
                                          "causes."),
        Consistency.TYPICAL: _l("this is an appearance that is usually found with this type of "
                                "trauma, but there are other possible causes."),
        Consistency.DIAGNOSTIC: _l("this appearance could not have been caused in any way "
                                   "other than that described."),
    },
)

# No "diagnostic": a psychological finding never proves torture, and its absence does not
# disprove it (Istanbul Protocol, 2022 edition, chapter VI).
PSYCHOLOGICAL = Scale(
    "psychological",
    _l("Assessment of the psychological evidence (Istanbul Protocol)"),
    _l("The psychological findings above are assessed against the alleged events, not on the "
       "scale of physical lesions: no psychological finding is diagnostic of torture, and the "
       "absence of psychological findings does not mean that torture did not occur."),
    {
        Consistency.NOT_CONSISTENT: _l("the psychological findings are not consistent with the "
                                       "alleged events."),
        Consistency.CONSISTENT: _l("the psychological findings are consistent with the alleged "
                                   "events, but are not specific to them and have many other "
                                   "possible explanations."),
        Consistency.HIGHLY_CONSISTENT: _l("the psychological findings are consistent with the "
                                          "alleged events, and there are few other likely "
                                          "explanations."),
        Consistency.TYPICAL: _l("the psychological findings are those expected and typical of "
                                "reactions to extreme trauma of the kind alleged, within the "
                                "person's cultural and social context."),
    },
)

SCALES = {scale.key: scale for scale in (PHYSICAL, PSYCHOLOGICAL)}

# The overall evaluation of all the evidence, a degree of the five-level scale printed as a
# sentence, followed by the clinician's interpretation.
CONCLUSIONS = {
    Consistency.NOT_CONSISTENT: _l("Overall, the evidence is not consistent with the "
                                   "allegations of torture or ill-treatment."),
    Consistency.CONSISTENT: _l("Overall, the evidence is consistent with the allegations of "
                               "torture or ill-treatment."),
    Consistency.HIGHLY_CONSISTENT: _l("Overall, the evidence is highly consistent with the "
                                      "allegations of torture or ill-treatment."),
    Consistency.TYPICAL: _l("Overall, the evidence is typical of the allegations of torture or "
                            "ill-treatment."),
    Consistency.DIAGNOSTIC: _l("Overall, the evidence is diagnostic of the torture or "
                               "ill-treatment alleged."),
}
