"""Appointments and referrals: who sees them, who changes them (DESIGN.md, Access rules 1-6).

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

Through a break-glass grant (access/break_glass.py): the user's own discipline
at every site, never what the care team shares; no change, no print.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, false, or_, select

from caseflow.access import (
    emergency_grant,
    may_write_person,
    parse_uuid,
    person_or_404,
    reads_people,
)
from caseflow.access.notes import record_site_clause
from caseflow.roles import Discipline, Role

# --- Appointments ------------------------------------------------------------------------------


def allowed_disciplines(user) -> list[Discipline]:
    """The disciplines a user schedules in (the coordinator: medical)."""
    if not reads_people(user):
        return []
    if user.role == Role.COORDINATOR:
        return [Discipline.MEDICAL]
    return [user.discipline] if user.discipline else []


def may_schedule(user, person) -> bool:
    return bool(allowed_disciplines(user)) and may_write_person(user, person)


def may_manage_appointment(user, person, appointment) -> bool:
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


def appointment_visibility_clause(viewer, person, shared: set[Discipline]):
    """SQL condition: the appointments of `person` this viewer may see."""
    from caseflow.models.appointment import Appointment

    if not reads_people(viewer):
        return false()
    if emergency_grant(viewer, person) is not None:
        shared = set()  # not in the care team the person shares with
    clauses = [Appointment.created_by_id == viewer.id, Appointment.with_user_id == viewer.id]
    disciplines = set(allowed_disciplines(viewer)) | set(shared)
    if disciplines:
        clauses.append(and_(Appointment.discipline.in_(sorted(disciplines)),
                            record_site_clause(viewer, person, Appointment.site_id)))
    return and_(Appointment.person_id == person.id, or_(*clauses))


def appointment_visible_in_list(viewer, appointment, shared: set[Discipline]) -> bool:
    """The same rule for a row of a day list (the site was already chosen among the user's)."""
    return (viewer.id in (appointment.created_by_id, appointment.with_user_id)
            or appointment.discipline in allowed_disciplines(viewer)
            or appointment.discipline in shared)


# --- Referrals ---------------------------------------------------------------------------------


def referring_discipline(user) -> Discipline | None:
    return user.discipline if reads_people(user) else None


def may_refer(user, person) -> bool:
    return referring_discipline(user) is not None and may_write_person(user, person)


def may_update_referral(user, person, referral) -> bool:
    """Statuses and outcome: the referring or the target side, at a site that follows
    the person."""
    if not may_write_person(user, person):
        return False
    return user.id == referral.author_id or user.discipline in {
        referral.from_discipline, referral.target_discipline}


def may_print_referral(user, person, referral) -> bool:
    """The letter leaves the team: the referring side only."""
    return referral.external and may_write_person(user, person) and (
        user.id == referral.author_id or user.discipline == referral.from_discipline)


def referral_visibility_clause(viewer, person, shared: set[Discipline]):
    """SQL condition: the referrals of `person` this viewer may see."""
    from caseflow.models.referral import Referral

    if not reads_people(viewer):
        return false()
    if emergency_grant(viewer, person) is not None:
        shared = set()  # not in the care team the person shares with
    site_ok = record_site_clause(viewer, person, Referral.site_id)
    clauses = [Referral.author_id == viewer.id]
    if viewer.discipline is not None:
        clauses.append(and_(site_ok, or_(Referral.from_discipline == viewer.discipline,
                                         Referral.target_discipline == viewer.discipline)))
    if shared:
        disciplines = sorted(shared)
        clauses.append(and_(site_ok, Referral.from_discipline.in_(disciplines),
                            or_(Referral.target_discipline.is_(None),
                                Referral.target_discipline.in_(disciplines))))
    return and_(Referral.person_id == person.id, or_(*clauses))


# --- Loaders: 404 for what the user may not see, audit of every opening --------------------


def _load(model, record_id, clause_for, object_type: str, purpose: str | None = None):
    from caseflow.access.break_glass import audit_purpose
    from caseflow.audit import Action, record_event
    from caseflow.extensions import db
    from caseflow.services.consents import team_shared_disciplines

    rid = parse_uuid(record_id)
    if rid is None:
        abort(404)
    person_id = db.session.scalar(select(model.person_id).where(model.id == rid))
    if person_id is None:
        abort(404)
    person = person_or_404(person_id, purpose=purpose)
    clause = clause_for(current_user, person, team_shared_disciplines(person.id))
    record = db.session.scalar(select(model).where(model.id == rid, clause))
    if record is None:
        abort(404)
    record_event(Action.VIEW, actor_id=current_user.id, object_type=object_type,
                 object_id=str(rid), person_code=person.code,
                 purpose=audit_purpose(current_user, person))
    db.session.commit()
    return person, record


def appointment_or_404(appointment_id, *, write: bool = False):
    from caseflow.models.appointment import Appointment

    return _load(Appointment, appointment_id, appointment_visibility_clause, "appointment")


def referral_or_404(referral_id, *, write: bool = False, purpose: str | None = None):
    from caseflow.models.referral import Referral

    return _load(Referral, referral_id, referral_visibility_clause, "referral", purpose)
