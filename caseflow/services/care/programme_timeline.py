"""The Libya programme records' part of the timeline: TB episodes and hospital stays.

A TB episode gives up to three entries (TB presumed, treatment started, outcome), a
hospital stay two (admitted, discharged with its outcome). Who sees them follows the
services that own the records: a TB episode its readers (services/tb/episodes.may_read:
the medical discipline of a site that follows the person, coordinators), a hospital stay
the hospital roles (services/hospital.may_follow_hospital: doctors, nurses, the
coordinator); both only at the sites the viewer reads (PersonAccess.site_clause). Anyone
else gets no entry and no query.

One query for both kinds, whatever the number of records: a UNION of the two tables'
coded columns (dates, outcome, regimen, morbidity code, hospital, site and author names).
The person page had no statement to spare for two (tests/test_query_counts.py), and the
entries need nothing encrypted: the ward, the reason in words, the register number and
the notes stay on the episode's and the stay's own pages, where reading them is audited.
A person has few episodes and stays, so every one in the period is read and the entries
are cut to the window here; each becomes at most three small entries.
"""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Date, String, and_, cast, literal_column, null, or_, select, union_all

from caseflow import morbidity
from caseflow.access.person import person_access
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.hospital import HospitalAdmission, Outcome, PartnerHospital
from caseflow.models.site import Site
from caseflow.models.tb import Regimen, TbEpisode, TbOutcome
from caseflow.models.user import User
from caseflow.services.evacuation import history as evacuation_history
from caseflow.services.hospital import may_follow_hospital
from caseflow.services.outreach import history as outreach_history
from caseflow.services.tb.episodes import may_read as may_read_tb
from caseflow.timeline import TimelineEntry, Window

TB, HOSPITAL = "tb_episode", "hospital_stay"


def _in_window(columns, window: Window):
    """Any of the record's days inside the window (by day, as pathway changes are)."""
    if not (window.since or window.until):
        return None
    conditions = []
    for column in columns:
        bounds = [column.is_not(None)]
        if window.since:
            bounds.append(column >= window.since.date())
        if window.until:
            bounds.append(column < window.until.date())
        conditions.append(and_(*bounds))
    return or_(*conditions)


def _tb_rows(viewer, person, window: Window):
    days = (TbEpisode.presumptive_on, TbEpisode.treatment_started_on, TbEpisode.outcome_on)
    stmt = (select(literal_column(f"'{TB}'").label("kind"), TbEpisode.id.label("id"),
                   Site.name.label("site"), User.display_name.label("author"),
                   days[0].label("first_on"), days[1].label("second_on"),
                   days[2].label("third_on"), cast(TbEpisode.regimen, String).label("code"),
                   cast(TbEpisode.outcome, String).label("outcome"),
                   cast(null(), String).label("hospital"))
            .join(Site, Site.id == TbEpisode.site_id)
            .join(User, User.id == TbEpisode.author_id)
            .where(TbEpisode.person_id == person.id,
                   person_access(viewer, person).site_clause(TbEpisode.site_id)))
    within = _in_window(days, window)
    return stmt if within is None else stmt.where(within)


def _hospital_rows(viewer, person, window: Window):
    days = (HospitalAdmission.admitted_on, HospitalAdmission.discharged_on)
    stmt = (select(literal_column(f"'{HOSPITAL}'").label("kind"),
                   HospitalAdmission.id.label("id"), Site.name.label("site"),
                   User.display_name.label("author"), days[0].label("first_on"),
                   days[1].label("second_on"), cast(null(), Date).label("third_on"),
                   HospitalAdmission.reason_code.label("code"),
                   cast(HospitalAdmission.outcome, String).label("outcome"),
                   PartnerHospital.name.label("hospital"))
            .join(Site, Site.id == HospitalAdmission.site_id)
            .join(User, User.id == HospitalAdmission.author_id)
            .join(PartnerHospital, PartnerHospital.id == HospitalAdmission.hospital_id)
            .where(HospitalAdmission.person_id == person.id,
                   person_access(viewer, person).site_clause(HospitalAdmission.site_id)))
    within = _in_window(days, window)
    return stmt if within is None else stmt.where(within)


def timeline_entries(person, viewer, window: Window) -> list[TimelineEntry]:
    """The TB and hospital entries of the person the viewer may see, newest first."""
    if window.discipline not in (None, Discipline.MEDICAL):
        return []  # both are medical records
    parts = []
    if may_read_tb(viewer, person):
        parts.append(_tb_rows(viewer, person, window))
    if may_follow_hospital(viewer):
        parts.append(_hospital_rows(viewer, person, window))
    if outreach_history.may_read(viewer, person):  # outreach contacts linked to the person
        parts.append(outreach_history.timeline_rows(viewer, person, window))
    if evacuation_history.may_read(viewer, person):  # evacuation steps, fitness assessments
        parts += evacuation_history.timeline_rows(viewer, person, window)
    if not parts:
        return []
    stmt = parts[0] if len(parts) == 1 else union_all(*parts)
    entries = []
    for row in db.session.execute(stmt):
        if row.kind == outreach_history.OUTREACH:
            entries += [e for e in outreach_history.timeline_entries(row)
                        if _shown(e.when.date(), window)]
            continue
        if row.kind in evacuation_history.KINDS:
            entries += [e for e in evacuation_history.timeline_entries(row)
                        if _shown(e.when.date(), window)]
            continue
        made = _tb_entries(row) if row.kind == TB else _hospital_entries(row)
        entries += [e for e in made if _shown(e.when.date(), window)]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:window.limit]


def _shown(day: date, window: Window) -> bool:
    return ((window.since is None or day >= window.since.date())
            and (window.until is None or day < window.until.date()))


def _entry(row, kind: str, step: str, day: date, title: str, url: str,
           details: list[tuple[str, str]] | None = None, loader=None) -> TimelineEntry:
    return TimelineEntry(
        when=datetime.combine(day, time(12)), kind=kind, title=title,
        discipline=Discipline.MEDICAL, site=row.site, author=row.author, url=url,
        attrs={"data-entry-kind": kind, "data-entry-step": step,
               "data-entry-discipline": Discipline.MEDICAL.value},
        details=details or [], loader=loader)


def _tb_entries(row) -> list[TimelineEntry]:
    from flask import url_for

    url = url_for("tb.show", episode_id=row.id)
    out = [_entry(row, TB, "presumed", row.first_on, _("Presumptive TB"), url)]
    if row.second_on is not None:
        details = [(_("Regimen"), str(Regimen(row.code).label))] if row.code else []
        out.append(_entry(row, TB, "treatment_started", row.second_on,
                          _("TB treatment started"), url, details))
    if row.third_on is not None and row.outcome:
        out.append(_entry(row, TB, "outcome", row.third_on,
                          _("TB treatment outcome: %(outcome)s",
                            outcome=TbOutcome(row.outcome).label), url))
    return out


def _hospital_entries(row) -> list[TimelineEntry]:
    from flask import url_for

    url = url_for("hospital.admission", hospital_admission_id=row.id)

    def reason(entry: TimelineEntry) -> None:
        # The morbidity list is read once per request, for the entries shown only.
        entry.details.append((_("Reason (morbidity list)"), morbidity.label(row.code)))

    out = [_entry(row, HOSPITAL, "admitted", row.first_on, _("Admitted to hospital"), url,
                  [(_("Partner hospital"), row.hospital)], reason)]
    if row.second_on is not None:
        days = (row.second_on - row.first_on).days
        details = [(_("Partner hospital"), row.hospital),
                   (_("Length of stay"), ngettext("%(num)d day", "%(num)d days", days))]
        # "End of the stay", not "discharged": the outcome may be a death or a transfer.
        title = (_("End of the hospital stay: %(outcome)s", outcome=Outcome(row.outcome).label)
                 if row.outcome else _("End of the hospital stay"))
        out.append(_entry(row, HOSPITAL, "discharged", row.second_on, title, url, details))
    return out
