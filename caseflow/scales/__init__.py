"""Validated mental-health scales as data, and caseflow's scoring of them (issue 20).

`definitions` says what each instrument is (items, answer options, bands, cut-offs, the
age it is meant for, its published source); `scoring` turns a set of answers into a
total, a band and the flags a clinician must see (PHQ-9 item 9), or refuses them with
the list of what is missing or out of range. Neither module touches the database or the
request: the services (caseflow/services/scales) store and check, the pages show.

Why caseflow scores and the clinician does not type a total: a total typed by hand is
the commonest error of paper scales (a wrong sum, a band read on the wrong line), and a
stored item-by-item answer lets a later reader check the score.

Item wording: the pages show each item's number and a brief neutral paraphrase, not the
copyrighted or validated wording; the clinician administers the validated translation
(on paper, or reads it aloud) and records the answers here. docs/CLINICAL_VOCABULARIES.md
("Scales") lists the sources and the decisions (cut-offs, missing items).
"""

from caseflow.scales.definitions import SCALES, Scale, ScaleCode, scale
from caseflow.scales.scoring import Score, ScoringError, score

__all__ = ["SCALES", "Scale", "ScaleCode", "Score", "ScoringError", "scale", "score"]
