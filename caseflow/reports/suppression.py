"""Small-cell suppression for figures that leave a site (DOMAIN.md, Indicators).

A count from 1 to threshold - 1 could point at one person in a small site
("2 people with sexual violence at Zwara this month"): exports show it as
"<5". Zero and counts at or above the threshold are shown as they are. The
threshold is a setting (INDICATOR_SUPPRESSION_THRESHOLD, default 5) because
partners' rules differ.
"""

from __future__ import annotations

from flask import current_app

from caseflow.reports.definitions import Label

DEFAULT_THRESHOLD = 5


def threshold() -> int:
    return int(current_app.config.get("INDICATOR_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def suppress(count: int, limit: int | None = None) -> str:
    """A count as it may be shown outside the site: "<5" for 1..4, else the number."""
    limit = threshold() if limit is None else limit
    if 0 < count < limit:
        return f"<{limit}"
    return str(count)


def statement(language: str, limit: int | None = None) -> str:
    """The sentence every export carries, saying what was hidden and why."""
    limit = threshold() if limit is None else limit
    return Label(
        f"Les effectifs de 1 à {limit - 1} sont masqués (« <{limit} ») pour éviter "
        "l'identification de personnes ; les totaux sont calculés sur les données complètes.",
        f"Counts from 1 to {limit - 1} are suppressed (shown as \"<{limit}\") to prevent the "
        "identification of individuals; totals are computed on the full data.",
    ).get(language)
