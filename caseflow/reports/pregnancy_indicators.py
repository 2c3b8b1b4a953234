"""Pregnancy follow-up indicators for one month (issue 20: "pregnancies followed").

- **Followed**: pregnancies with at least one antenatal visit whose day falls in the
  month, counted once each, by trimester at their LAST visit of the month (first up to
  13+6 weeks, second 14+0 to 27+6, third from 28+0; models/pregnancy_dating.py), the
  gestational age read from the EDD in use today;
- **Registered**: pregnancies whose registration day (the site's day) falls in the month;
- **Outcomes**: pregnancies whose outcome day falls in the month, by outcome.

A pregnancy counts at the site that follows it. Who sees what is the indicators' rule
(access/reports.py): the coordinator reads exact figures, the data manager small counts
suppressed, with the complements hidden where the totals would give them away
(reports/protection.py): trimesters add up to the pregnancies followed, outcomes to their
total.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models.pregnancy import AntenatalVisit, Pregnancy, PregnancyOutcome
from caseflow.models.pregnancy_dating import ga_on, trimester
from caseflow.reports.period import Month
from caseflow.reports.protection import ALL, TOTAL, Grid, Kind, protect
from caseflow.reports.suppression import SECONDARY_MARK, suppress, threshold

TRIMESTERS = (1, 2, 3)


@dataclass
class Figures:
    """One month's exact figures (what the coordinator reads)."""

    month: Month
    followed: int = 0
    by_trimester: Counter = field(default_factory=Counter)
    registered: int = 0
    outcomes: Counter = field(default_factory=Counter)

    @property
    def ended(self) -> int:
        return sum(self.outcomes.values())


def _sites(column, site_ids):
    return True if site_ids is None else column.in_(sorted(site_ids))


def compute(month: Month, site_ids: list[int] | None) -> Figures:
    """Three queries; `site_ids` None: every site."""
    figures = Figures(month)
    last_visits = db.session.execute(
        select(Pregnancy.id, Pregnancy.edd, func.max(AntenatalVisit.visited_on))
        .join(AntenatalVisit, AntenatalVisit.pregnancy_id == Pregnancy.id)
        .where(AntenatalVisit.visited_on >= month.start, AntenatalVisit.visited_on < month.end,
               _sites(Pregnancy.site_id, site_ids))
        .group_by(Pregnancy.id, Pregnancy.edd))
    for _pid, edd, last in last_visits:
        figures.followed += 1
        figures.by_trimester[trimester(ga_on(edd, last))] += 1
    figures.registered = db.session.scalar(
        select(func.count(Pregnancy.id)).where(
            Pregnancy.registered_on >= month.start, Pregnancy.registered_on < month.end,
            _sites(Pregnancy.site_id, site_ids))) or 0
    ended = db.session.execute(
        select(Pregnancy.outcome, func.count(Pregnancy.id))
        .where(Pregnancy.outcome_on >= month.start, Pregnancy.outcome_on < month.end,
               _sites(Pregnancy.site_id, site_ids))
        .group_by(Pregnancy.outcome))
    for outcome, count in ended:
        figures.outcomes[PregnancyOutcome(outcome).value] += count
    return figures


@dataclass(frozen=True)
class Shown:
    """The month as the page prints it: every figure a string."""

    followed: str
    by_trimester: dict[int, str]
    registered: str
    ended: str
    outcomes: dict[str, str]


def _masks(total: int, parts: dict, limit: int) -> dict:
    """Hidden cells of a total and its parts: "<5" and their complements ("x")."""
    codes = [str(k) for k in parts]
    values = {(TOTAL, ALL): total}
    values.update({(TOTAL, str(k)): v for k, v in parts.items()})
    hidden = protect(Grid([ALL, *codes], {}, values), limit).hidden
    return {cell[1]: (f"<{limit}" if kind is Kind.PRIMARY else SECONDARY_MARK)
            for cell, kind in hidden.items()}


def shown(figures: Figures, *, suppressed: bool) -> Shown:
    limit = threshold()
    trimesters = {t: figures.by_trimester.get(t, 0) for t in TRIMESTERS}
    outcomes = {o.value: figures.outcomes.get(o.value, 0) for o in PregnancyOutcome}
    t_masks = _masks(figures.followed, trimesters, limit) if suppressed else {}
    o_masks = _masks(figures.ended, outcomes, limit) if suppressed else {}
    return Shown(
        followed=t_masks.get(ALL, str(figures.followed)),
        by_trimester={t: t_masks.get(str(t), str(v)) for t, v in trimesters.items()},
        registered=suppress(figures.registered, limit) if suppressed
        else str(figures.registered),
        ended=o_masks.get(ALL, str(figures.ended)),
        outcomes={k: o_masks.get(k, str(v)) for k, v in outcomes.items()})
