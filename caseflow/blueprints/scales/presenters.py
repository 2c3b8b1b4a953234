"""What the scale pages show: the person panel (per scale: latest score, band, chart and
table), a result's answers and sub-scores, and the age-based suggestion of a version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from caseflow.blueprints.scales.chart import Chart, draw
from caseflow.i18n import current_direction
from caseflow.models.scale_result import ScaleResult
from caseflow.scales import SCALES, Scale
from caseflow.scales import scale as scale_of
from caseflow.scales.definitions import RHS15_ITEMS_CUTOFF, ScaleCode
from caseflow.scales.scoring import SUICIDAL_THOUGHTS
from caseflow.services.scales import who
from caseflow.services.scales.results import answers_of, current_results
from caseflow.vocabulary import BirthDatePrecision


@dataclass(frozen=True)
class Row:
    """One result as the pages list it (decrypted for the page only)."""

    result: ScaleResult
    scale: Scale
    total: int
    band_label: str
    level: int
    day: str
    url: str
    suicidal_thoughts: bool
    thermometer: int | None


def row(result: ScaleResult) -> Row:
    scale = scale_of(result.scale)
    band = scale.band(result.band)
    outcome = result.outcome or {}
    return Row(result=result, scale=scale, total=result.total,
               band_label=str(band.label) if band else result.band,
               level=band.level if band else 0, day=format_date(result.administered_on),
               url=url_for("scales.show", result_id=result.id),
               suicidal_thoughts=SUICIDAL_THOUGHTS in (outcome.get("flags") or ()),
               thermometer=outcome.get("thermometer"))


def guides(scale: Scale) -> list[int]:
    """The band limits drawn as light lines: where a score changes band."""
    if scale.code == ScaleCode.RHS15:
        return [RHS15_ITEMS_CUTOFF]
    return [b.low for b in scale.bands if b.low > 0]


@dataclass(frozen=True)
class ScalePanel:
    scale: Scale
    rows: list[Row]  # oldest first
    latest: Row
    chart: Chart
    description: str


def _scale_panel(scale: Scale, rows: list[Row]) -> ScalePanel:
    values = [(r.result.administered_on, r.total,
               _("%(date)s: %(score)d (%(band)s)", date=r.day, score=r.total, band=r.band_label),
               r.level) for r in rows]
    chart = draw(values, scale.total_max, guides(scale),
                 format_date(rows[0].result.administered_on, "d MMM y"),
                 format_date(rows[-1].result.administered_on, "d MMM y"),
                 rtl=current_direction() == "rtl")
    latest = rows[-1]
    description = _("%(count)d results from %(first)s to %(last)s; the latest %(score)d out "
                    "of %(max)d (%(band)s).", count=len(rows), first=rows[0].day,
                    last=latest.day, score=latest.total, max=scale.total_max,
                    band=latest.band_label)
    return ScalePanel(scale, rows, latest, chart, description)


def person_panel(person, viewer) -> dict | None:
    """The person page's scales panel; None when the viewer does not read scales."""
    if not who.may_read(viewer, person):
        return None
    new_url = (url_for("scales.choose", person_id=person.id)
               if who.may_write(viewer, person) else None)
    by_scale: dict[ScaleCode, list[Row]] = {}
    for listed in current_results(viewer, person):
        by_scale.setdefault(listed.result.scale, []).append(row(listed.result))
    if not by_scale and new_url is None:
        return None
    panels = [_scale_panel(SCALES[code], rows) for code, rows in by_scale.items()]
    panels.sort(key=lambda p: list(SCALES).index(p.scale.code))
    return {"scales": panels, "new_url": new_url}


# --- Age ----------------------------------------------------------------------------------


def declared_years(person, today: date) -> int | None:
    """Age in whole years from the declared birth date; None when unknown. A year alone
    gives the age reached this year: good enough to suggest a version, never more."""
    born = person.birth_date
    if born is None or person.birth_date_precision == BirthDatePrecision.UNKNOWN:
        return None
    if person.birth_date_precision == BirthDatePrecision.YEAR:
        return today.year - born.year
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class Choice:
    scale: Scale
    url: str
    suggested: bool
    outside_age: bool  # the declared age is outside the instrument's intended ages


def choices(person, years: int | None) -> list[Choice]:
    """Every scale, those meant for the declared age first; the clinician chooses."""
    out = []
    for scale in SCALES.values():
        url = url_for("scales.new", person_id=person.id, scale_code=scale.code.value)
        fits = scale.fits_age(years)
        restricted = scale.ages != (None, None)
        out.append(Choice(scale, url, suggested=years is not None and restricted and fits,
                          outside_age=years is not None and restricted and not fits))
    return sorted(out, key=lambda c: (not c.suggested, c.outside_age))


# --- One result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    number: int
    label: str
    value: int
    answer: str


def answers(result: ScaleResult) -> list[Answer]:
    scale = scale_of(result.scale)
    given = answers_of(result)
    out = []
    for item in scale.items:
        value = given.get(item.number)
        option = next((o for o in item.options if o.value == value), None)
        out.append(Answer(item.number, str(item.label), value,
                          str(option.label) if option else "—"))
    return out


def subscores(result: ScaleResult) -> list[tuple[str, int, int]]:
    """(label, score, maximum) per sub-scale (PCL-5 clusters, CRIES-8 intrusion/avoidance)."""
    scale = scale_of(result.scale)
    values = (result.outcome or {}).get("subscores") or {}
    top = max(o.value for o in scale.items[0].options)
    return [(str(s.label), values.get(s.code, 0), top * len(s.items)) for s in scale.subscales]
