"""What the follow-up pages show, prepared in Python so that templates only display it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.access.followup import may_manage_appointment
from caseflow.access.person import person_access
from caseflow.blueprints.people.presenters import display_name
from caseflow.extensions import db
from caseflow.i18n import join_list
from caseflow.models.appointment import Appointment, AppointmentStatus
from caseflow.models.referral import Referral
from caseflow.models.user import User
from caseflow.services.care import appointments, referrals
from caseflow.services.care.appointments import local_time, when_label


def _names(user_ids) -> dict[int, str]:
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(
        select(User.id, User.display_name).where(User.id.in_(ids))).all())


@dataclass
class AppointmentRow:
    id: str
    time: str
    when: str
    site: str
    person_id: str
    person_code: str
    person_name: str
    discipline: str
    discipline_label: str
    kind: str
    with_name: str
    status: str
    status_label: str
    changed: str
    version: int
    may_manage: bool
    actions: list[tuple[str, str]]
    edit_url: str | None


def _actions(appointment: Appointment, may_manage: bool) -> list[tuple[str, str]]:
    if not may_manage:
        return []
    targets = {AppointmentStatus.SCHEDULED: (AppointmentStatus.ATTENDED,
                                             AppointmentStatus.MISSED,
                                             AppointmentStatus.CANCELLED),
               AppointmentStatus.ATTENDED: (AppointmentStatus.MISSED,),
               AppointmentStatus.MISSED: (AppointmentStatus.ATTENDED,)}
    return [(s.value, str(s.label)) for s in targets.get(appointment.status, ())]


def appointment_row(appointment: Appointment, person, viewer, names: dict[int, str]
                    ) -> AppointmentRow:
    may_manage = may_manage_appointment(viewer, appointment)
    changed = ""
    if appointment.status_changed_at:
        changed = _("%(status)s by %(name)s, %(when)s", status=appointment.status.label,
                    name=names.get(appointment.status_changed_by_id, "?"),
                    when=when_label(appointment.status_changed_at, appointment.site, "short"))
    return AppointmentRow(
        id=str(appointment.id),
        time=local_time(appointment.scheduled_at, appointment.site).strftime("%H:%M"),
        when=when_label(appointment.scheduled_at, appointment.site),
        site=appointment.site.name, person_id=str(person.id), person_code=person.code,
        person_name=display_name(person), discipline=appointment.discipline.value,
        discipline_label=str(appointment.discipline.label), kind=str(appointment.kind.label),
        with_name=appointment.with_user.display_name if appointment.with_user else "",
        status=appointment.status.value, status_label=str(appointment.status.label),
        changed=changed, version=appointment.version, may_manage=may_manage,
        actions=_actions(appointment, may_manage),
        edit_url=url_for("followup.edit_appointment", appointment_id=appointment.id)
        if may_manage and appointment.status == AppointmentStatus.SCHEDULED else None,
    )


def day_rows(day_list, viewer) -> list[AppointmentRow]:
    names = _names(a.status_changed_by_id for a in day_list.appointments)
    return [appointment_row(a, day_list.people[a.person_id], viewer, names)
            for a in day_list.appointments]


@dataclass
class ReferralRow:
    id: str
    url: str
    to: str
    external: bool
    urgency: str
    urgency_label: str
    status: str
    status_label: str
    created: str
    author: str
    consent_missing: bool


def referral_row(referral: Referral, decisions=None) -> ReferralRow:
    """`decisions`: referrals.partner_decisions() of the person, for a list of rows."""
    return ReferralRow(
        id=str(referral.id), url=url_for("followup.referral", referral_id=referral.id),
        to=referrals.target_label(referral), external=referral.external,
        urgency=referral.urgency.value, urgency_label=str(referral.urgency.label),
        status=referral.status.value, status_label=str(referral.status.label),
        created=format_date(referral.created_at, "medium"),
        author=referral.author.display_name,
        consent_missing=referral.external and not referrals.consent_given(referral,
                                                                          decisions),
    )


def followup_panel(person, viewer) -> dict:
    """The person page's follow-up panel (templates/followup/_person_panel.html, variable
    `followup`): upcoming appointments and open referrals the viewer may see, and the links
    to add one when the viewer may write."""
    access = person_access(viewer, person)
    upcoming = appointments.upcoming(person, viewer)
    names = _names(a.status_changed_by_id for a in upcoming)
    may_schedule = access.may_schedule
    may_refer = access.may_refer
    open_referrals = referrals.open_referrals(person, viewer)
    # The person's decisions about outside partners, from the consents the page read once
    # (issue 9: a fixed number of queries per page; issue 15: the consents read once).
    decisions = access.partner_decisions()
    return {
        "person_id": str(person.id),
        "upcoming": [appointment_row(a, person, viewer, names) for a in upcoming],
        "referrals": [referral_row(r, decisions) for r in open_referrals],
        "may_schedule": may_schedule,
        "may_refer": may_refer,
        "new_appointment_url": url_for("followup.new_appointment", person_id=person.id)
        if may_schedule else None,
        "new_referral_url": url_for("followup.new_referral", person_id=person.id)
        if may_refer else None,
        "day_list_url": url_for("followup.appointments_day"),
    }


def referral_page(person, referral: Referral, viewer) -> dict:
    access = person_access(viewer, person)
    decisions = access.partner_decisions()
    names = _names(c.changed_by_id for c in referral.changes)
    consent = (referrals.partner_consent(person.id, referral.partner_kind,
                                         referral.partner_name, decisions)
               if referral.external else None)
    return {
        "person": person,
        "name": display_name(person),
        "referral": referral,
        "row": referral_row(referral, decisions),
        "history": [(format_date(c.changed_at, "medium"), str(c.status.label),
                     names.get(c.changed_by_id, "?")) for c in referral.changes],
        "consent": consent,
        "consent_given": referrals.consent_given(referral, decisions),
        "may_update": access.may_update_referral(referral),
        "may_print": access.may_print_referral(referral),
        "statuses": referrals.allowed_statuses(viewer, person, referral),
    }


@dataclass
class LostView:
    person_id: str
    code: str
    name: str
    programmes: str
    sites: str
    last_contact: str
    by_discipline: list[tuple[str, str, str]]  # (discipline code, label, shown value)
    days_since: int
    threshold: int
    days_overdue: int
    missed_on: str
    reasons: list[str]


def lost_rows(rows) -> list[LostView]:
    never, hidden = _("none"), _("not shared")
    out = []
    for row in rows:
        cells = [(d.value, str(d.label),
                  hidden if is_hidden else (format_date(when, "short") if when else never))
                 for d, when, is_hidden in row.by_discipline]
        reasons = []
        if "threshold" in row.reasons:
            reasons.append(_("no contact for %(days)d days (threshold %(threshold)d)",
                             days=row.days_since, threshold=row.threshold))
        if "missed" in row.reasons:
            reasons.append(_("missed appointment, no contact since"))
        out.append(LostView(
            person_id=str(row.person.id), code=row.person.code, name=display_name(row.person),
            programmes=join_list(row.programme_labels), sites=join_list(row.site_names),
            last_contact=format_date(row.last_contact, "medium") if row.last_contact else never,
            by_discipline=cells, days_since=row.days_since, threshold=row.threshold,
            days_overdue=row.days_overdue,
            missed_on=format_date(row.missed_on, "medium") if row.missed_on else "",
            reasons=reasons,
        ))
    return out
