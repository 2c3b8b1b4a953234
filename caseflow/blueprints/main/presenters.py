"""The worklist home page, prepared in Python so that the template only displays it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _

from caseflow.blueprints.certificates.presenters import day, template_title
from caseflow.blueprints.followup.presenters import day_rows
from caseflow.blueprints.main.at_risk import at_risk_lines
from caseflow.blueprints.people.care_team import task_row
from caseflow.blueprints.people.presenters import display_name


@dataclass
class Link:
    label: str
    url: str
    warn: bool = False


@dataclass
class PersonLine:
    name: str
    code: str
    url: str
    detail: str = ""
    due: list[Link] = field(default_factory=list)


def _person_url(person_id, anchor: str = "") -> str:
    return url_for("people.show", person_id=person_id) + (f"#{anchor}" if anchor else "")


def due_link(due, person_id, today=None) -> Link:
    """Each reason links to where it is resolved; what is already late is in the warning
    colour."""
    late = today is not None and due.on is not None and due.on <= today
    if due.kind == "missed":
        return Link(_("Missed appointment (%(date)s)", date=day(due.on)) if due.on
                    else _("Missed appointment"), _person_url(person_id, "followup"), True)
    if due.kind == "overdue":
        return Link(_("No contact past the programme's threshold"),
                    _person_url(person_id, "followup"), True)
    if due.kind == "referral":
        return Link(_("Referral sent on %(date)s, no answer", date=day(due.on)),
                    url_for("followup.referral", referral_id=due.object_id))
    if due.kind == "consent":
        label = (_("Consent to review by %(date)s", date=day(due.on)) if due.on
                 else _("Consent awaiting confirmation"))
        return Link(label, _person_url(person_id, "consents"), late)
    return Link(_("Task due %(date)s", date=day(due.on)), _person_url(person_id, "tasks"),
                late)


@dataclass
class SiteLine:
    """One site of the coordinator's home: each figure links to the page it counts."""

    name: str
    appointments: Link
    followed: Link
    lost: Link
    unassigned: Link


def site_lines(viewer, summaries: dict, appointments_by_site: dict) -> list[SiteLine]:
    lines = []
    for site in sorted(viewer.sites, key=lambda s: s.name):
        summary = summaries.get(site.id)
        if summary is None:
            continue
        caseload = url_for("team.caseload", site=site.id)
        lines.append(SiteLine(
            site.name,
            Link(str(len(appointments_by_site.get(site.name, []))),
                 url_for("followup.appointments_day", site=site.id)),
            Link(str(summary.followed), caseload),
            Link(str(summary.lost), url_for("followup.lost", site=site.id), summary.lost > 0),
            Link(str(summary.unassigned), caseload + f"#site-{site.id}",
                 summary.unassigned > 0)))
    return lines


def worklist_page(worklist, viewer, queues, coordinator: bool, summaries=None) -> dict:
    rows = day_rows(worklist.day, viewer)
    by_site: dict[str, list] = {}
    for row in rows:
        by_site.setdefault(row.site, []).append(row)
    if coordinator:
        groups = sorted(by_site.items())
    else:  # mine first, each group in time order
        mine = {str(a.id) for a in worklist.day.appointments if a.with_user_id == viewer.id}
        groups = [(title, part) for title, part in (
            (_("With me"), [r for r in rows if r.id in mine]),
            (_("Others at my sites"), [r for r in rows if r.id not in mine])) if part]
    followed = [PersonLine(display_name(f.person), f.person.code, _person_url(f.person.id),
                           " · ".join([f.site.name, *(str(d.label) for d in f.disciplines)]),
                           [due_link(d, f.person.id, worklist.today) for d in f.due])
                for f in worklist.followed]
    people = worklist.people
    task_rows = []
    for task in worklist.tasks:
        row = task_row(task, viewer, worklist.today)
        person = people.get(task.person_id)
        task_rows.append((row, PersonLine(display_name(person), person.code,
                                          _person_url(person.id, "tasks"))
                          if person else None))
    drafts = [PersonLine(display_name(people[c.person_id]), people[c.person_id].code,
                         url_for("certificates.show", certificate_id=c.id),
                         template_title(c.template))
              for c in worklist.drafts if c.person_id in people]
    recent = [PersonLine(display_name(p), p.code, _person_url(p.id)) for p in worklist.recent]
    labels = {"duplicates": _("Possible duplicates to review"),
              "break_glass": _("Emergency accesses to review"),
              "role_grants": _("Role grants to decide"),
              "outreach_links": _("Outreach contacts to link"),
              "retention": _("Records past their retention period")}
    return {
        "today": worklist.today,
        "appointments": rows,
        "appointment_groups": groups,
        "sites": site_lines(viewer, summaries or {}, by_site) if coordinator else [],
        "followed": followed,
        "followed_total": worklist.followed_total,
        "due_total": worklist.due_total,
        "tasks": task_rows,
        "drafts": drafts,
        "recent": recent,
        "at_risk": at_risk_lines(worklist),
        "queues": [(labels[q.key], url_for(q.endpoint), q.count) for q in queues],
        "coordinator": coordinator,
    }
