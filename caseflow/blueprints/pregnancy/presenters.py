"""What the pregnancy pages show: the person panel and a pregnancy's summary (gestational age
today, EDD, risks, the WHO 2016 contact due next) and its visits with their flags."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from caseflow.models.pregnancy import (
    AntenatalVisit,
    BloodGroup,
    DangerSign,
    Pregnancy,
    TdDose,
    TestResult,
    UrineProtein,
)
from caseflow.models.pregnancy_dating import Contact, ga_on, next_contact, trimester, weeks_days
from caseflow.services.pregnancy import may_read, may_record
from caseflow.services.pregnancy.pregnancies import pregnancies_of
from caseflow.services.pregnancy.visits import FLAG_LABELS, TESTS, flags
from caseflow.timezones import site_today

PAST_TERM_DAYS = 42 * 7


def ga_label(days: int | None) -> str:
    if days is None:
        return "—"
    weeks, rest = weeks_days(days)
    # As clinicians write it ("20+1 weeks"): no plural to agree with the days.
    return _("%(weeks)d+%(days)d weeks", weeks=weeks, days=rest)


@dataclass(frozen=True)
class VisitRow:
    visit: AntenatalVisit
    ga: str
    measures: dict
    flags: list[tuple[str, str]]  # (code, label)
    tests: list[str]
    danger: list[str]
    supplements: list[str]
    protein: str
    movements: str


@dataclass(frozen=True)
class Summary:
    pregnancy: Pregnancy
    url: str
    ga_today: str | None  # None once the outcome is recorded
    trimester: int | None
    ga_outcome: str | None
    contact: Contact | None
    visits: list[VisitRow]
    past_term: bool  # ongoing beyond 42 weeks: the outcome is what is missing


def _visit_row(pregnancy: Pregnancy, visit: AntenatalVisit) -> VisitRow:
    measures = visit.measures or {}
    tests = []
    for name, label in zip(TESTS, (_("HIV"), _("Syphilis"), _("Hepatitis B")), strict=True):
        value = measures.get(name, TestResult.NOT_DONE.value)
        if value != TestResult.NOT_DONE.value:
            tests.append(f"{label}: {TestResult(value).label}")
    group = measures.get("blood_group", BloodGroup.NOT_DONE.value)
    if group != BloodGroup.NOT_DONE.value:
        tests.append(_("Blood group: %(group)s", group=group))
    supplements = []
    if measures.get("iron_folic_acid"):
        supplements.append(_("Iron and folic acid"))
    if measures.get("td_dose", TdDose.NONE.value) != TdDose.NONE.value:
        supplements.append(TdDose(measures["td_dose"]).label)
    movements = {True: _("Yes"), False: _("No")}.get(measures.get("fetal_movements"), "—")
    protein = measures.get("urine_protein", UrineProtein.NOT_DONE.value)
    return VisitRow(
        visit=visit, ga=ga_label(ga_on(pregnancy.edd, visit.visited_on)), measures=measures,
        flags=[(code, str(FLAG_LABELS[code])) for code in flags(measures)], tests=tests,
        danger=[str(DangerSign(code).label) for code in measures.get("danger_signs", ())],
        supplements=[str(s) for s in supplements], protein=str(UrineProtein(protein).label),
        movements=movements)


def summary(pregnancy: Pregnancy) -> Summary:
    today = site_today(pregnancy.site_id)
    ongoing = pregnancy.outcome is None
    ga_today = ga_on(pregnancy.edd, today) if ongoing else None
    last = pregnancy.visits[-1].visited_on if pregnancy.visits else None
    contact = next_contact(pregnancy.edd, today, ga_on(pregnancy.edd, last)
                           if last else None) if ongoing else None
    return Summary(
        pregnancy=pregnancy,
        url=url_for("pregnancy.show", person_id=pregnancy.person_id, episode=pregnancy.id),
        ga_today=ga_label(ga_today) if ongoing else None,
        trimester=trimester(ga_today) if ongoing else None,
        ga_outcome=None if ongoing else ga_label(ga_on(pregnancy.edd, pregnancy.outcome_on)),
        contact=contact, visits=[_visit_row(pregnancy, v) for v in pregnancy.visits],
        past_term=ongoing and ga_today > PAST_TERM_DAYS)


def person_panel(person, viewer) -> dict | None:
    """The person page's pregnancy panel; None when the viewer does not read pregnancies,
    or when there is nothing to show and nothing to record."""
    if not may_read(viewer, person):
        return None
    rows = pregnancies_of(viewer, person)
    new_url = (url_for("pregnancy.new", person_id=person.id)
               if may_record(viewer, person) else None)
    if not rows and new_url is None:
        return None
    return {"pregnancies": [_panel_row(p) for p in rows], "new_url": new_url,
            "url": url_for("pregnancy.show", person_id=person.id)}


def _panel_row(pregnancy: Pregnancy) -> dict:
    ongoing = pregnancy.outcome is None
    ga_today = ga_on(pregnancy.edd, site_today(pregnancy.site_id))
    return {"pregnancy": pregnancy,
            "url": url_for("pregnancy.show", person_id=pregnancy.person_id,
                           episode=pregnancy.id),
            "ga_today": ga_label(ga_today) if ongoing else None,
            "past_term": ongoing and ga_today > PAST_TERM_DAYS,
            "visits": len(pregnancy.visits),
            "flagged": any(flags(v.measures or {}) for v in pregnancy.visits[-1:])}
