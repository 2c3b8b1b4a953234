"""A scale administered, on the person's timeline: "PHQ-9 administered", with the score
and its band filled in only for the entries shown (the loader decrypts them).

The rows come from results.current_results, the query the person panel makes too: the
person page pays one statement for both. The entry carries the discipline the result was
recorded in, so that the timeline's discipline filter works as it does for notes.
"""

from __future__ import annotations

from datetime import datetime, time

from flask import url_for
from flask_babel import gettext as _

from caseflow.scales import scale as scale_of
from caseflow.services.scales.results import current_results
from caseflow.timeline import TimelineEntry, Window

KIND = "scale_result"


def _shown(day, window: Window) -> bool:
    return ((window.since is None or day >= window.since.date())
            and (window.until is None or day < window.until.date()))


def timeline_entries(person, viewer, window: Window) -> list[TimelineEntry]:
    entries = []
    for row in current_results(viewer, person):
        result = row.result
        if window.discipline not in (None, result.discipline):
            continue
        if not _shown(result.administered_on, window):
            continue
        scale = scale_of(result.scale)

        def load(entry: TimelineEntry, result=result, scale=scale) -> None:
            band = scale.band(result.band)
            entry.details.append((_("Score"), f"{result.total} / {scale.total_max}"))
            if band is not None:
                entry.details.append((_("Band"), str(band.label)))

        entries.append(TimelineEntry(
            when=datetime.combine(result.administered_on, time(12)), kind=KIND,
            title=_("%(scale)s administered", scale=scale.name),
            discipline=result.discipline, site=row.site, author=row.author,
            url=url_for("scales.show", result_id=result.id),
            attrs={"data-entry-kind": KIND, "data-entry-scale": result.scale.value,
                   "data-entry-discipline": result.discipline.value},
            loader=load))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:window.limit]
