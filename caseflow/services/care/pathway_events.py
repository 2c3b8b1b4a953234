"""Moving an enrolment along its programme: validated against the definition, audited.

Who may move: a professional of one of the programme's `movers` disciplines
(the legal worker files a recourse, the psychologist discharges), at a site
that follows the person. A terminal state ends the enrolment with its outcome.
"""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow import pathways
from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.enrolment import Enrolment
from caseflow.models.state_change import StateChange
from caseflow.services import ServiceError
from caseflow.timeline import TimelineEntry, Window


def allowed_targets(user, person, enrolment: Enrolment) -> list[tuple[str, str]]:
    """The states this user may move the enrolment to now (empty: no form to show)."""
    from caseflow.access.person import person_access

    programme = pathways.get(enrolment.programme)
    if (programme is None or not enrolment.active or user.discipline not in programme.movers
            or enrolment.site_id not in person_access(user, person).writable_sites):
        return []
    return [(s, str(programme.state_label(s)))
            for s in programme.transitions.get(enrolment.state, ())]


def change_state(actor, person, enrolment: Enrolment, target: str, on: date | None = None,
                 note: str | None = None) -> StateChange:
    programme = pathways.get(enrolment.programme)
    if enrolment.person_id != person.id or programme is None:
        raise ServiceError(_l("Unknown enrolment."))
    if target not in dict(allowed_targets(actor, person, enrolment)):
        if programme.may_move(enrolment.state, target):
            raise ServiceError(_l("Your discipline cannot make this change, or the person is "
                                  "followed at another site."), field="target")
        raise ServiceError(
            _l("“%(target)s” cannot follow “%(current)s” in this programme.",
               target=programme.state_label(target), current=programme.state_label(
                   enrolment.state)), field="target")
    from caseflow.timezones import site_today

    today = site_today(enrolment.site_id)
    on = on or today
    if on > today:
        raise ServiceError(_l("A change cannot be dated in the future."), field="changed_on")
    if on < enrolment.started_on:
        raise ServiceError(_l("A change cannot come before the enrolment."), field="changed_on")
    change = StateChange(enrolment_id=enrolment.id, person_id=person.id,
                         programme=programme.key, from_state=enrolment.state, to_state=target,
                         changed_on=on, site_id=enrolment.site_id, author_id=actor.id,
                         author_discipline=actor.discipline)
    db.session.add(change)
    change.note = (note or "").strip() or None
    enrolment.state = target
    if target in programme.terminal:
        enrolment.ended_on = on
        enrolment.outcome = target
    record_event(Action.UPDATE, actor_id=actor.id, object_type="enrolment",
                 object_id=str(enrolment.id), person_code=person.code, site_id=enrolment.site_id,
                 details={"programme": programme.key, "from": change.from_state, "to": target})
    db.session.commit()
    return change


def timeline_entries(person, viewer, window: Window) -> list[TimelineEntry]:
    """State changes are visible to the whole care team, except those of a confidential
    programme (protection), shown to its disciplines only; the free note only to the
    author's discipline (it may say more than the state)."""
    from caseflow.access import reads_people

    if not reads_people(viewer):
        return []
    stmt = select(StateChange).where(StateChange.person_id == person.id)
    if hidden := pathways.hidden_from(viewer):
        stmt = stmt.where(StateChange.programme.not_in(hidden))
    if window.since:
        stmt = stmt.where(StateChange.changed_on >= window.since.date())
    if window.until:
        stmt = stmt.where(StateChange.changed_on < window.until.date())
    if window.discipline:
        stmt = stmt.where(StateChange.author_discipline == window.discipline)
    rows = db.session.scalars(stmt.order_by(StateChange.changed_on.desc(),
                                            StateChange.created_at.desc()).limit(window.limit))
    entries = []
    for change in rows:
        programme = pathways.get(change.programme)
        label = programme.label if programme else change.programme
        entry = TimelineEntry(
            when=datetime.combine(change.changed_on, time(12)), kind="state_change",
            title=_("%(programme)s: %(state)s", programme=label,
                    state=programme.state_label(change.to_state) if programme
                    else change.to_state),
            discipline=change.author_discipline, author=change.author.display_name,
            attrs={"data-entry-kind": "state_change"},
        )
        if change.author_discipline == viewer.discipline or change.author_id == viewer.id:
            entry.loader = _note_loader(change)
        entries.append(entry)
    return entries


def _note_loader(change):
    def load(entry):
        entry.body = change.note

    return load
