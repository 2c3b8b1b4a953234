"""Scoring: answers in, a total, a band, sub-scores and flags out — or a refusal.

Missing items: no instrument is scored with an item missing, and no prorated score is
computed. The published guidance allows prorating in research (PHQ-9 and GAD-7 with one
item missing, PCL-5 with up to two, one per cluster), but a prorated total looks like a
measured one on a chart, and the scale is administered in the room: the clinician can ask
the missing item. So the refusal lists the missing items by number (`ScoringError`).
Out-of-range answers (a 4 on a PHQ-9 item, a 2 on CRIES-8, whose answers are 0, 1, 3, 5)
are refused the same way: they come only from a tampered or mistyped request.

The PHQ-9's (and PHQ-A's) item 9 above 0 raises the `suicidal_thoughts` flag whatever
the total: the page then says to ask about suicide risk now (Kroenke 2001 and the PHQ
instructions: any positive answer to item 9 warrants a risk assessment).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caseflow.scales.definitions import (
    RHS15_ITEMS_CUTOFF,
    RHS15_THERMOMETER_CUTOFF,
    RHS_THERMOMETER,
    SUICIDE_ITEM,
    Band,
    Scale,
    ScaleCode,
)

SUICIDAL_THOUGHTS = "suicidal_thoughts"


class ScoringError(ValueError):
    """The answers cannot be scored: `missing` and `out_of_range` list item numbers."""

    def __init__(self, missing: list[int], out_of_range: list[int]):
        super().__init__(f"missing items {missing}, out of range {out_of_range}")
        self.missing = missing
        self.out_of_range = out_of_range


@dataclass(frozen=True)
class Score:
    total: int
    band: Band
    subscores: dict[str, int] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    thermometer: int | None = None  # RHS-15 only


def _whole(value) -> int | None:
    """An answer as a whole number: an int, or the digits a form sends; nothing else (a
    1.5 is not rounded into a 1, a True is not a 1)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if 0 < len(text) <= 3 and text.lstrip("-").isdigit() and text.isascii():
            return int(text)
    return None


def _checked(scale: Scale, answers: dict) -> dict[int, int]:
    missing, wrong, clean = [], [], {}
    for item in scale.items:
        value = answers.get(item.number)
        if value is None or value == "":
            missing.append(item.number)
            continue
        number = _whole(value)
        if number is None or number not in item.values:
            wrong.append(item.number)
        else:
            clean[item.number] = number
    extra = sorted(set(answers) - set(scale.item_numbers), key=str)
    if missing or wrong or extra:
        raise ScoringError(missing, wrong + [n for n in extra if isinstance(n, int)])
    return clean


def band_for(scale: Scale, total: int) -> Band:
    return next(b for b in scale.bands if b.low <= total <= b.high)


def score(scale: Scale, answers: dict) -> Score:
    """Score `answers` ({item number: value}); raises ScoringError."""
    clean = _checked(scale, answers)
    total = sum(clean[n] for n in scale.total_items)
    subscores = {s.code: sum(clean[n] for n in s.items) for s in scale.subscales}
    if scale.code == ScaleCode.RHS15:
        thermometer = clean[RHS_THERMOMETER]
        positive = total >= RHS15_ITEMS_CUTOFF or thermometer >= RHS15_THERMOMETER_CUTOFF
        return Score(total, scale.band("positive" if positive else "negative"), subscores,
                     thermometer=thermometer)
    flags = ()
    if scale.code in (ScaleCode.PHQ9, ScaleCode.PHQA) and clean[SUICIDE_ITEM] > 0:
        flags = (SUICIDAL_THOUGHTS,)
    return Score(total, band_for(scale, total), subscores, flags)
