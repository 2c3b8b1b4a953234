"""What the vaccination panel and page show: the status, the series with their doses, and
the next dose due (services/vaccination/schedule.py)."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_skeleton
from flask import url_for
from flask_babel import format_date, get_locale

from caseflow.models.vaccination import DatePrecision, StatusSource, VaccinationStatus
from caseflow.services.vaccination import records
from caseflow.services.vaccination.schedule import SeriesState, person_series
from caseflow.timezones import site_today


def given_label(dose) -> str:
    """The day, or the month and year, or the year: as much as is known."""
    if dose.given_precision == DatePrecision.YEAR:
        return str(dose.given_on.year)
    if dose.given_precision == DatePrecision.MONTH:
        return format_skeleton("yMMMM", dose.given_on, locale=get_locale())
    return format_date(dose.given_on)


@dataclass(frozen=True)
class Panel:
    status: VaccinationStatus | None
    status_by: str | None
    series: list[SeriesState]
    today: object
    page_url: str
    may_write: bool

    @property
    def source(self) -> StatusSource:
        return self.status.source if self.status is not None else StatusSource.UNKNOWN

    @property
    def unknown(self) -> bool:
        return self.source == StatusSource.UNKNOWN

    @staticmethod
    def given(dose) -> str:
        return given_label(dose)

    @property
    def shown(self) -> list[SeriesState]:
        """The series with a valid dose (a series whose doses are all in error is left
        out of the card; the page's list of entries keeps them, struck through)."""
        return [s for s in self.series if any(not d.in_error for d in s.doses)]

    @property
    def entries(self) -> list:
        """Every dose once (a combined vaccine is in several series), oldest first."""
        seen = {d.id: d for s in self.series for d in s.doses}
        return sorted(seen.values(), key=lambda d: (d.given_on, d.recorded_at))

    @property
    def due(self) -> list[SeriesState]:
        return [s for s in self.series if s.next_due_on is not None]


def build(person, viewer) -> Panel:
    status, author = records.status_with_author(person)
    sites = records.writing_sites(viewer, person)
    return Panel(status=status, status_by=author,
                 series=person_series(records.doses_of(viewer, person)),
                 today=site_today(sites[0] if sites else None),
                 page_url=url_for("vaccination.record", person_id=person.id),
                 may_write=bool(sites))


def person_panel(person, viewer) -> Panel | None:
    """The person page's vaccination card; None when the viewer does not read it."""
    if not records.may_read(viewer, person):
        return None
    return build(person, viewer)
