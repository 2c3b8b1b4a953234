"""Appointments and referrals: who sees them, who changes them (docs/SECURITY.md, Access rules).

Appointments: a professional schedules in their own discipline (the medical
coordinator: medical), at a site of theirs that follows the person. An
appointment is seen by its author and the professional it is with, by its
discipline, and by the rest of the care team while the person agrees to share
that discipline inside the team (secret partagé). Its note: author, the
professional it is with and the discipline only.

Referrals: seen by their author, the referring and the target discipline, and
the whole team only while sharing covers every discipline involved; changed by
the referring or target side at a site of theirs; printed (it leaves the team)
by the referring side only.

Lists of many people (the day's appointments, lost to follow-up) ask the same
need-to-know rule with the sharing of every person listed read in one query
(`team_shared_by_person`).

Through a break-glass grant (access/break_glass.py): the user's own discipline
at every site, never what the care team shares; no change, no print.

`FollowUpRules` is part of `PersonAccess` (access/person.py).
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, false, or_, select

from caseflow.access import parse_uuid, person_or_404, reads_people
from caseflow.disciplines import Discipline, spec
from caseflow.roles import Role
from caseflow.vocabulary import Confidentiality

# --- Rules about one user, whatever the person ------------------------------------------------


def allowed_disciplines(user) -> list[Discipline]:
    """The disciplines a user schedules in (the coordinator: medical)."""
    if not reads_people(user):
        return []
    if user.role == Role.COORDINATOR:
        return [Discipline.MEDICAL]
    return [user.discipline] if user.discipline else []


def may_manage_appointment(user, appointment) -> bool:
    """Change an appointment: its author, the professional it is with, or its discipline,
    at the appointment's site if it is one of the user's (supervision is read-only)."""
    if not reads_people(user):
        return False
    own = user.id in (appointment.created_by_id, appointment.with_user_id)
    if not own and appointment.discipline not in allowed_disciplines(user):
        return False
    return appointment.site_id in user.site_ids


def may_read_appointment_note(user, appointment) -> bool:
    return (user.id in (appointment.created_by_id, appointment.with_user_id)
            or appointment.discipline in allowed_disciplines(user))


def referring_discipline(user) -> Discipline | None:
    return user.discipline if reads_people(user) else None


# --- Lists of many people: need to know, with every person's sharing read at once -----------


def team_shared_by_person(person_ids) -> dict[uuid.UUID, set[Discipline]]:
    """For many people at once (one query): the disciplines each one agreed to share with the
    whole care team (secret partagé). A withdrawal counts at once: nothing is cached."""
    from caseflow.consent_state import current, shared_from_state
    from caseflow.extensions import db
    from caseflow.models.consent import Consent
    from caseflow.vocabulary import ConsentPurpose

    ids = list(set(person_ids))
    rows: dict[uuid.UUID, list[Consent]] = defaultdict(list)
    if ids:
        for row in db.session.scalars(
            select(Consent).where(Consent.person_id.in_(ids),
                                  Consent.purpose == ConsentPurpose.TEAM_SHARING)
            .order_by(Consent.recorded_at.desc())  # the order of consent_state.history
        ):
            rows[row.person_id].append(row)
    return {pid: shared_from_state(current(pid, rows.get(pid, []))) for pid in ids}


def appointment_visible_in_list(viewer, appointment, shared: set[Discipline]) -> bool:
    """An appointment in a day list (the site was already chosen among the user's)."""
    return (viewer.id in (appointment.created_by_id, appointment.with_user_id)
            or appointment.discipline in allowed_disciplines(viewer)
            or appointment.discipline in shared)


def known_disciplines(viewer, shared: set[Discipline]) -> set[Discipline]:
    """The disciplines whose follow-up of a person a list may show this viewer: their own,
    and those the person shares with the team (the lost-to-follow-up list hides the
    others' last contacts)."""
    return set(shared) | ({viewer.discipline} if viewer.discipline else set())


def lost_list_columns(viewer) -> list[Discipline]:
    """The disciplines the lost-to-follow-up list gives this viewer a column for. A discipline
    whose notes stay in it by default (protection) is a column for itself only: the date of a
    protection contact says enough; the others' dates are hidden per person when the sharing
    does not cover them (known_disciplines)."""
    return [d for d in Discipline
            if spec(d).default_confidentiality is not Confidentiality.DISCIPLINE
            or d == viewer.discipline]


# --- One person: part of PersonAccess ---------------------------------------------------------


class FollowUpRules:
    """The questions about a person's appointments and referrals."""

    @property
    def may_schedule(self) -> bool:
        return bool(allowed_disciplines(self.user)) and self.may_write

    def may_manage_appointment(self, appointment) -> bool:
        return may_manage_appointment(self.user, appointment)

    def may_read_appointment_note(self, appointment) -> bool:
        return may_read_appointment_note(self.user, appointment)

    def appointment_clause(self):
        """SQL condition: the appointments of the person this user may see."""
        from caseflow.models.appointment import Appointment

        viewer = self.user
        if not reads_people(viewer):
            return false()
        clauses = [Appointment.created_by_id == viewer.id,
                   Appointment.with_user_id == viewer.id]
        disciplines = set(allowed_disciplines(viewer)) | set(self.shared_disciplines)
        if disciplines:
            clauses.append(and_(Appointment.discipline.in_(sorted(disciplines)),
                                self.site_clause(Appointment.site_id)))
        return and_(Appointment.person_id == self.person.id, or_(*clauses))

    @property
    def may_refer(self) -> bool:
        return referring_discipline(self.user) is not None and self.may_write

    def may_update_referral(self, referral) -> bool:
        """Statuses and outcome: the referring or the target side, at a site that follows
        the person."""
        if not self.may_write:
            return False
        user = self.user
        return user.id == referral.author_id or user.discipline in {
            referral.from_discipline, referral.target_discipline}

    def may_print_referral(self, referral) -> bool:
        """The letter leaves the team: the referring side only."""
        user = self.user
        return referral.external and self.may_write and (
            user.id == referral.author_id or user.discipline == referral.from_discipline)

    def referral_clause(self):
        """SQL condition: the referrals of the person this user may see."""
        from caseflow.models.referral import Referral

        viewer = self.user
        if not reads_people(viewer):
            return false()
        site_ok = self.site_clause(Referral.site_id)
        clauses = [Referral.author_id == viewer.id]
        if viewer.discipline is not None:
            clauses.append(and_(site_ok, or_(Referral.from_discipline == viewer.discipline,
                                             Referral.target_discipline == viewer.discipline)))
        shared = self.shared_disciplines
        if shared:
            disciplines = sorted(shared)
            clauses.append(and_(site_ok, Referral.from_discipline.in_(disciplines),
                                or_(Referral.target_discipline.is_(None),
                                    Referral.target_discipline.in_(disciplines))))
        return and_(Referral.person_id == self.person.id, or_(*clauses))


# --- Loaders: 404 for what the user may not see, audit of every opening --------------------


def _load(model, record_id, clause_of, object_type: str, purpose: str | None = None):
    from caseflow.access.person import person_access
    from caseflow.audit import Action, record_event
    from caseflow.extensions import db

    rid = parse_uuid(record_id)
    if rid is None:
        abort(404)
    person_id = db.session.scalar(select(model.person_id).where(model.id == rid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id, purpose=purpose)
    access = person_access(current_user, person)
    record = db.session.scalar(select(model).where(model.id == rid, clause_of(access)))
    if record is None:
        abort(404)
    record_event(Action.VIEW, actor_id=current_user.id, object_type=object_type,
                 object_id=str(rid), person_code=person.code, purpose=access.audit_purpose)
    db.session.commit()
    return person, record


def appointment_or_404(appointment_id):
    from caseflow.models.appointment import Appointment

    return _load(Appointment, appointment_id, lambda a: a.appointment_clause(), "appointment")


def referral_or_404(referral_id, *, purpose: str | None = None):
    from caseflow.models.referral import Referral

    return _load(Referral, referral_id, lambda a: a.referral_clause(), "referral", purpose)
