"""A person's evacuation cases in their record: their timeline and their copy of the record
(subject access). Erasure needs nothing here: the cases and the assessments are keyed by the
person (`__encrypted_person_attr__`), so services/safeguards/erasure.py empties their
encrypted columns with the person's other rows (tests/evacuation/test_erasure.py).

The timeline (a part of services/care/programme_timeline.py's one query, no statement of
its own) shows each step of the pathway on its day (a corrected date once, at the right
day: the row it replaced is left out) and each fitness-to-travel assessment, in codes and
dates only: the mechanism, the destination, the step, the category and its validity. The
partner's case number, the notes, the travel conditions and the doctor's words stay on the
case's page, where reading them is audited. Who sees the entries: the evacuation team
(services.evacuation.EVACUATION_ROLES), at the sites they read for this person
(PersonAccess.site_clause on the case's site). A step belongs to no one discipline (the
social, legal and protection workers record them as much as the medical team), so, like a
consent, it is left out when the timeline is filtered by discipline; an assessment is a
doctor's act, shown under "medical" too.

The copy holds every case in full (the person's key opened as for their other rows): the
partner's name and case number, the notes, every step as recorded (a corrected one said
so), the assessments with the conditions and the doctor's words and name, the medical
reports put in the file (by serial: the person received each one), and how many other
people travel in the same group, never who they are (other people's data).
"""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Date,
    String,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    null,
    select,
)
from sqlalchemy.orm import aliased

from caseflow.access.person import person_access
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.i18n import country_name, join_list
from caseflow.models.certificate import Certificate
from caseflow.models.evacuation import (
    EvacuationCase,
    EvacuationDocument,
    EvacuationStatus,
    EvacuationStep,
    Fitness,
    FitnessAssessment,
    Mechanism,
    TravelCondition,
)
from caseflow.models.referral import PartnerKind
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.evacuation import may_follow_evacuations
from caseflow.timeline import TimelineEntry, Window

STEP, FITNESS = "evacuation_step", "fitness_assessment"
KINDS = (STEP, FITNESS)
CORRECTED = "corrected"
# Said in the copy (its `left_out`) only to a person who travels in a group.
GROUP_LEFT_OUT = _l("The people travelling with you in an evacuation are counted, not "
                    "named: they are other people's data.")


# --- The timeline (a part of services/care/programme_timeline.py's one query) -----------------


def may_read(viewer, person) -> bool:
    """The evacuation team, for someone followed where evacuations are done (no query: the
    person page of someone followed only in France asks nothing, as its panel does)."""
    from caseflow.services.evacuation.cases import evacuation_sites

    return (may_follow_evacuations(viewer) and bool(evacuation_sites(person))
            and person_access(viewer, person).grant is not None)


def _within(stmt, column, window: Window):
    if window.since:
        stmt = stmt.where(column >= window.since.date())
    if window.until:
        stmt = stmt.where(column < window.until.date())
    return stmt


def timeline_rows(viewer, person, window: Window) -> list:
    """The person's steps and assessments as rows of programme_timeline's UNION: its columns
    are kind, id, site, author, first_on, second_on, third_on, code, outcome, hospital. Here
    id = the case (the entries link to its page), code = the step or the category,
    outcome = "mechanism destination", hospital = "corrected" for a corrected date; for an
    assessment second_on = its validity."""
    seen = person_access(viewer, person).site_clause(EvacuationCase.site_id)
    trip = (cast(EvacuationCase.mechanism, String) + literal(" ")
            + EvacuationCase.destination).label("outcome")
    parts = []
    if window.discipline is None:  # a step is no one discipline's
        later = aliased(EvacuationStep)
        replaced = exists().where(later.corrects_id == EvacuationStep.id)
        steps = (select(literal_column(f"'{STEP}'").label("kind"),
                        EvacuationCase.id.label("id"), Site.name.label("site"),
                        User.display_name.label("author"),
                        EvacuationStep.step_on.label("first_on"),
                        cast(null(), Date).label("second_on"),
                        cast(null(), Date).label("third_on"),
                        cast(EvacuationStep.status, String).label("code"), trip,
                        case((EvacuationStep.corrects_id.is_not(None), literal(CORRECTED)),
                             else_=cast(null(), String)).label("hospital"))
                 .join(EvacuationCase, EvacuationCase.id == EvacuationStep.case_id)
                 .join(Site, Site.id == EvacuationCase.site_id)
                 .join(User, User.id == EvacuationStep.recorded_by_id)
                 .where(EvacuationCase.person_id == person.id, seen, ~replaced))
        parts.append(_within(steps, EvacuationStep.step_on, window))
    if window.discipline in (None, Discipline.MEDICAL):
        assessed = (select(literal_column(f"'{FITNESS}'").label("kind"),
                           EvacuationCase.id.label("id"), Site.name.label("site"),
                           User.display_name.label("author"),
                           FitnessAssessment.assessed_on.label("first_on"),
                           FitnessAssessment.valid_until.label("second_on"),
                           cast(null(), Date).label("third_on"),
                           cast(FitnessAssessment.category, String).label("code"), trip,
                           cast(null(), String).label("hospital"))
                    .join(EvacuationCase, EvacuationCase.id == FitnessAssessment.case_id)
                    .join(Site, Site.id == EvacuationCase.site_id)
                    .join(User, User.id == FitnessAssessment.author_id)
                    .where(FitnessAssessment.person_id == person.id,
                           EvacuationCase.person_id == person.id, seen))
        parts.append(_within(assessed, FitnessAssessment.assessed_on, window))
    return parts


def _trip(row) -> list[tuple[str, str]]:
    mechanism, _sep, destination = (row.outcome or " ").partition(" ")
    return [(_("Mechanism"), str(Mechanism(mechanism).label)),
            (_("Destination country"), country_name(destination))]


def timeline_entries(row) -> list[TimelineEntry]:
    from flask import url_for

    url = url_for("evacuation.case", evacuation_case_id=row.id)
    when = datetime.combine(row.first_on, time(12))
    if row.kind == FITNESS:
        category = Fitness(row.code)
        details = [(_("Valid until"), format_date(row.second_on))] if row.second_on else []
        return [TimelineEntry(
            when=when, kind=FITNESS, discipline=Discipline.MEDICAL, site=row.site,
            author=row.author, url=url,
            title=_("Fitness to travel: %(category)s", category=category.label),
            attrs={"data-entry-kind": FITNESS, "data-entry-step": category.value,
                   "data-entry-discipline": Discipline.MEDICAL.value},
            details=details + _trip(row))]
    status = EvacuationStatus(row.code)
    attrs = {"data-entry-kind": STEP, "data-entry-step": status.value}
    if row.hospital == CORRECTED:
        attrs["data-entry-corrected"] = "1"
        title = _("Evacuation: %(step)s (date corrected)", step=status.label)
    else:
        title = _("Evacuation: %(step)s", step=status.label)
    return [TimelineEntry(when=when, kind=STEP, title=title, site=row.site, author=row.author,
                          url=url, attrs=attrs, details=_trip(row))]


# --- The person's copy (services/safeguards/subject_access.py) --------------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def copy_section(person, names) -> list[dict]:
    """Every evacuation case of the person, in full (their key opened), oldest first."""
    cases = list(db.session.scalars(select(EvacuationCase)
                                    .where(EvacuationCase.person_id == person.id)
                                    .order_by(EvacuationCase.identified_on,
                                              EvacuationCase.created_at)))
    if not cases:
        return []
    ids = [c.id for c in cases]
    steps: dict = {}
    rows = list(db.session.scalars(select(EvacuationStep).where(EvacuationStep.case_id.in_(ids))
                                   .order_by(EvacuationStep.recorded_at)))
    replaced = {r.corrects_id for r in rows if r.corrects_id}
    earlier = {r.id: r for r in rows}
    for r in rows:
        corrected = earlier.get(r.corrects_id)
        steps.setdefault(r.case_id, []).append({
            "status": r.status.value, "step_on": _day(r.step_on),
            "recorded_at": _time(r.recorded_at), "recorded_by": names.user(r.recorded_by_id),
            "replaced_by_correction": r.id in replaced,
            "corrects_step_on": _day(corrected.step_on) if corrected else None})
    assessments: dict = {}
    for a in db.session.scalars(select(FitnessAssessment)
                                .where(FitnessAssessment.case_id.in_(ids))
                                .order_by(FitnessAssessment.assessed_on,
                                          FitnessAssessment.created_at)):
        assessments.setdefault(a.case_id, []).append({
            "assessed_on": _day(a.assessed_on), "category": a.category.value,
            "valid_until": _day(a.valid_until),
            "conditions": [c.value for c in a.condition_codes], "details": a.details,
            "doctor": names.user(a.author_id), "recorded_at": _time(a.created_at)})
    documents: dict = {}
    for d, serial, issued_on in db.session.execute(
            select(EvacuationDocument, Certificate.serial, Certificate.issued_on)
            .join(Certificate, Certificate.id == EvacuationDocument.certificate_id)
            .where(EvacuationDocument.case_id.in_(ids))
            .order_by(EvacuationDocument.attached_at)):
        documents.setdefault(d.case_id, []).append({
            "serial": serial, "issued_on": _day(issued_on),
            "attached_at": _time(d.attached_at), "attached_by": names.user(d.attached_by_id)})
    groups = {c.group_id for c in cases if c.group_id}
    others = dict(db.session.execute(
        select(EvacuationCase.group_id, func.count(func.distinct(EvacuationCase.person_id)))
        .where(EvacuationCase.group_id.in_(groups), EvacuationCase.person_id != person.id)
        .group_by(EvacuationCase.group_id)).all()) if groups else {}
    return [{
        "site": names.site(c.site_id), "author": names.user(c.author_id),
        "recorded_at": _time(c.created_at), "mechanism": c.mechanism.value,
        "destination": c.destination, "partner_kind": c.partner_kind.value,
        "partner_name": c.partner_name, "partner_case_number": c.partner_case_number,
        "status": c.status.value, "status_on": _day(c.status_on),
        "identified_on": _day(c.identified_on), "departed_on": _day(c.departed_on),
        "notes": c.notes,
        # How many, never who: the other people of the group are third parties.
        "travelling_with_others": others.get(c.group_id, 0) if c.group_id else 0,
        "steps": steps.get(c.id, []), "fitness_assessments": assessments.get(c.id, []),
        "medical_reports": documents.get(c.id, []),
    } for c in cases]


def _step_line(doc, s: dict) -> str:
    from caseflow.pdf import isolate

    line = f"{doc.day(s['step_on'])}: {doc.label(EvacuationStatus, s['status'])}"
    if s["replaced_by_correction"]:
        line += " " + _("(date corrected later)")
    elif s["corrects_step_on"]:
        line += " " + _("(correction of %(date)s)", date=isolate(doc.day(s["corrects_step_on"])))
    return f"{line} — {doc.person(s['recorded_by'])}"


def pdf_section(doc) -> None:
    """The section of the PDF copy (subject_access_pdf.py lays out the rest)."""
    from caseflow.pdf import isolate

    cases = doc.data.get("evacuation_cases")
    if not cases:
        return
    doc.heading(_("Evacuation out of Libya"))
    for c in cases:
        partner = doc.label(PartnerKind, c["partner_kind"]) + (
            f" — {c['partner_name']}" if c["partner_name"] else "")
        others = c["travelling_with_others"]
        reports = join_list(f"{r['serial']} ({doc.day(r['issued_on'])})"
                            for r in c["medical_reports"])
        mechanism = doc.label(Mechanism, c["mechanism"])
        doc.block(f"{doc.day(c['identified_on'])} — {isolate(mechanism)}", [
            (_("Mechanism"), mechanism),
            (_("Destination country"), country_name(c["destination"])),
            (_("Partner agency"), partner),
            (_("Partner's case number"), c["partner_case_number"]),
            (_("Status"), f"{doc.label(EvacuationStatus, c['status'])} "
                          f"({doc.day(c['status_on'])})"),
            (_("Travelling with"),
             ngettext("%(num)d other person (names left out)",
                      "%(num)d other people (names left out)", others)
             if others else _("Travels alone.")),
            (_("Medical report in the file"), reports or None),
            (_("Site"), doc.site(c["site"])),
            (_("Recorded by"), doc.person(c["author"])),
        ], c["notes"], [_("Steps:")] + [_step_line(doc, s) for s in c["steps"]])
        for a in c["fitness_assessments"]:
            doc.block(f"{doc.day(a['assessed_on'])} — {doc.label(Fitness, a['category'])}", [
                (_("Valid until"), doc.day(a["valid_until"]) if a["valid_until"] else None),
                (_("Conditions of the journey"),
                 join_list(doc.label(TravelCondition, x) for x in a["conditions"]) or None),
                (_("Doctor"), doc.person(a["doctor"])),
            ], a["details"])
