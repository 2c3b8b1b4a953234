"""What the TB pages show: the person panel, the episode's summary, adherence and warning.

The interruption warning uses the cohort's own rule
(reports.tb_cohort.lost_by_interruption): two consecutive months or more without an
observed dose before the planned end of the regimen, so that what the clinician is
warned about is what the cohort report would count as lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import format_date

from caseflow.models.tb import TbEpisode
from caseflow.reports.tb_cohort import lost_by_interruption
from caseflow.services.tb import episodes
from caseflow.timezones import site_today


@dataclass(frozen=True)
class Summary:
    episode: TbEpisode
    url: str
    stage: str
    adherence: int | None  # percent of days with an observed dose
    doses: int
    last_dose: str | None
    interrupted: bool


def adherence(episode: TbEpisode, today) -> int | None:
    """Observed doses over the days of treatment so far (to the outcome, else today)."""
    start = episode.treatment_started_on
    if start is None:
        return None
    end = episode.outcome_on or today
    days = (end - start).days + 1
    if days <= 0:
        return None
    return min(100, round(100 * len(episode.doses) / days))


def summary(episode: TbEpisode) -> Summary:
    today = site_today(episode.site_id)
    last = episode.doses[-1].taken_on if episode.doses else None
    return Summary(
        episode=episode, url=url_for("tb.show", episode_id=episode.id),
        stage=episodes.stage(episode), adherence=adherence(episode, today),
        doses=len(episode.doses), last_dose=format_date(last) if last else None,
        interrupted=episode.outcome is None and lost_by_interruption(
            episode.treatment_started_on, last,
            episode.regimen and episode.regimen.value, today))


def person_panel(person, viewer) -> dict | None:
    """The person page's TB panel; None when the viewer does not read TB episodes."""
    if not episodes.may_read(viewer, person):
        return None
    rows = [summary(e) for e in episodes.episodes_of(viewer, person)]
    new_url = (url_for("tb.new", person_id=person.id)
               if episodes.may_record(viewer, person) else None)
    if not rows and new_url is None:
        return None
    return {"episodes": rows, "new_url": new_url}
