"""Referrals: to another discipline of the team or to an outside partner, with dated statuses.

Sharing outside the team needs the person's consent (L1110-4): a consent to
share with that partner (purpose `partner_sharing`, scope
`consents.partner_scope(name)` as the person page records it, or
`partner:<kind>` without a name for every partner of a kind). It is read again
before each sending and each print, so a withdrawal stops both at once. Who
sees a referral: its author, the referring discipline and the target
discipline; the rest of the care team only while the person agrees to share
the disciplines involved inside the team.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from caseflow.access.person import person_access
from caseflow.audit import Action, record_event
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.consent import Consent
from caseflow.models.referral import (
    OPEN_STATUSES,
    PartnerKind,
    Referral,
    ReferralStatus,
    ReferralStatusChange,
    Urgency,
)
from caseflow.models.user import User
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.care.consents import ConsentInput, add_consent, partner_scope
from caseflow.timeline import TimelineEntry, Window
from caseflow.timezones import site_today
from caseflow.vocabulary import ConsentDecision, ConsentPurpose

MAX_REASON = 4000
MAX_PARTNER_NAME = 200
TRANSITIONS = {
    ReferralStatus.PROPOSED: (ReferralStatus.SENT, ReferralStatus.DECLINED),
    ReferralStatus.SENT: (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED,
                          ReferralStatus.NO_SHOW, ReferralStatus.COMPLETED),
    ReferralStatus.ACCEPTED: (ReferralStatus.COMPLETED, ReferralStatus.NO_SHOW,
                              ReferralStatus.DECLINED),
}
WITH_OUTCOME = (ReferralStatus.COMPLETED, ReferralStatus.DECLINED, ReferralStatus.NO_SHOW)


@dataclass
class ReferralInput:
    reason: str
    urgency: Urgency = Urgency.ROUTINE
    target_discipline: Discipline | None = None
    partner_kind: PartnerKind | None = None
    partner_name: str | None = None
    site_id: int | None = None


def kind_scope(kind: PartnerKind) -> str:
    """A consent about every partner of a kind (no name): `partner:hospital_pass`."""
    return f"partner:{kind.value}"


# --- Consent to share with a partner --------------------------------------------------------


def partner_decisions(person_id) -> list[Consent]:
    """Every decision of the person about sharing with outside partners, newest first: read
    once for a list of referrals, instead of once per referral. (A page that loaded the
    person has them already: PersonAccess.partner_decisions, from the consents it read.)"""
    return list(db.session.scalars(
        select(Consent).where(Consent.person_id == person_id,
                              Consent.purpose == ConsentPurpose.PARTNER_SHARING)
        .order_by(Consent.recorded_at.desc())))


def partner_consent(person_id, kind: PartnerKind, name: str | None,
                    decisions: list[Consent] | None = None) -> Consent | None:
    """The decision in force about sharing with this partner: the latest one recorded for
    this partner (consents.partner_scope of its name, as the person page records it), or
    for every partner of its kind. `decisions`: partner_decisions(person_id), already read."""
    wanted = partner_scope(name or "")
    scopes = [wanted, kind_scope(kind)]
    if decisions is None:
        rows = db.session.scalars(
            select(Consent).where(Consent.person_id == person_id,
                                  Consent.purpose == ConsentPurpose.PARTNER_SHARING,
                                  Consent.scope.in_(scopes))
            .order_by(Consent.recorded_at.desc()))
    else:
        rows = (row for row in decisions if row.scope in scopes)
    for row in rows:
        if row.scope == kind_scope(kind) and not row.partner_name:
            return row
        if row.partner_name and partner_scope(row.partner_name) == wanted:
            return row  # the name itself is compared, not only its short digest
    return None


def consent_given(referral: Referral, decisions: list[Consent] | None = None) -> bool:
    """Internal referrals stay inside the care team; outside ones need a given consent.
    `decisions`: partner_decisions() of the referral's person, when already read."""
    if not referral.external:
        return True
    row = partner_consent(referral.person_id, referral.partner_kind, referral.partner_name,
                          decisions)
    return row is not None and row.decision == ConsentDecision.GIVEN


def _record_partner_consent(actor, person, kind: PartnerKind, name: str, consent: ConsentInput,
                            site_id: int | None) -> Consent:
    consent.purpose = ConsentPurpose.PARTNER_SHARING
    consent.scope = partner_scope(name)
    consent.partner_name = name
    return add_consent(actor, person, consent, site_id=site_id, commit=False)


# --- Changes -----------------------------------------------------------------------------------


def _checked(actor, person, data: ReferralInput) -> ReferralInput:
    sites = sorted(person_access(actor, person).writable_sites)
    if data.site_id is None and sites:
        data.site_id = sites[0]
    if data.site_id not in sites:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    if (data.target_discipline is None) == (data.partner_kind is None):
        raise ServiceError(_l("Refer either to a discipline of the team or to an outside "
                              "partner."), field="target")
    if data.target_discipline is not None and data.target_discipline == actor.discipline:
        raise ServiceError(_l("Choose another discipline than yours."), field="target")
    data.partner_name = " ".join((data.partner_name or "").split()) or None
    if data.partner_kind is not None and not data.partner_name:
        raise ServiceError(_l("Name the partner (service, hospital, lawyer...)."),
                           field="partner_name")
    if data.partner_kind is None:
        data.partner_name = None
    if data.partner_name and len(data.partner_name) > MAX_PARTNER_NAME:
        raise ServiceError(_l("The partner's name is too long."), field="partner_name")
    data.reason = (data.reason or "").strip()
    if not data.reason:
        raise ServiceError(_l("Give the reason for the referral."), field="reason")
    if len(data.reason) > MAX_REASON:
        raise ServiceError(_l("The reason is too long (at most %(n)d characters).",
                              n=MAX_REASON), field="reason")
    return data


def _change(actor, referral: Referral, status: ReferralStatus) -> None:
    referral.status = status
    referral.status_changed_at = utcnow()
    referral.changes.append(ReferralStatusChange(status=status, changed_by_id=actor.id,
                                                 changed_at=referral.status_changed_at))


def create(actor, person, data: ReferralInput, consent: ConsentInput | None = None) -> Referral:
    """A new referral, proposed; for an outside partner, the person's decision about sharing
    may be recorded with it."""
    if not person_access(actor, person).may_refer:
        raise ServiceError(_l("You may not refer this person."))
    data = _checked(actor, person, data)
    referral = Referral(person_id=person.id, site_id=data.site_id, author_id=actor.id,
                        from_discipline=actor.discipline, urgency=data.urgency,
                        target_discipline=data.target_discipline,
                        partner_kind=data.partner_kind, status=ReferralStatus.PROPOSED)
    db.session.add(referral)  # in the session first: the person's key is loaded through it
    referral.partner_name = data.partner_name
    referral.reason = data.reason
    _change(actor, referral, ReferralStatus.PROPOSED)
    if consent is not None and data.partner_kind is not None:
        row = _record_partner_consent(actor, person, data.partner_kind, data.partner_name,
                                      consent, data.site_id)
        if row.decision == ConsentDecision.GIVEN:
            referral.consent_id = row.id
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="referral",
                 object_id=str(referral.id), person_code=person.code, site_id=data.site_id,
                 details={"to": (data.target_discipline or data.partner_kind).value,
                          "external": data.partner_kind is not None,
                          "urgency": data.urgency.value})
    db.session.commit()
    return referral


def record_consent(actor, person, referral: Referral, consent: ConsentInput) -> Consent:
    """The person's decision about sharing with this referral's partner, recorded later."""
    if not referral.external or not person_access(actor, person).may_update_referral(referral):
        raise ServiceError(_l("You may not record this consent."))
    row = _record_partner_consent(actor, person, referral.partner_kind, referral.partner_name,
                                  consent, referral.site_id)
    if row.decision == ConsentDecision.GIVEN:
        referral.consent_id = row.id
    db.session.commit()
    return row


def allowed_statuses(user, person, referral: Referral) -> list[ReferralStatus]:
    if not person_access(user, person).may_update_referral(referral):
        return []
    return list(TRANSITIONS.get(referral.status, ()))


def set_status(actor, person, referral: Referral, status: ReferralStatus, *,
               outcome: str | None = None, outcome_on: date | None = None,
               expected_version: int | None = None) -> Referral:
    if not person_access(actor, person).may_update_referral(referral):
        raise ServiceError(_l("You may not change this referral."))
    if expected_version is not None and expected_version != referral.version:
        raise ConcurrentEditError(_l("Someone else changed this referral in the meantime. "
                                     "Check it and try again."))
    if status not in TRANSITIONS.get(referral.status, ()):
        raise ServiceError(_l("This referral cannot go from “%(now)s” to “%(then)s”.",
                              now=referral.status.label, then=status.label), field="status")
    if status == ReferralStatus.SENT and not consent_given(referral):
        raise ServiceError(_l("The person has not agreed to share with this partner: the "
                              "referral cannot be sent. Record their consent first."),
                           field="status")
    outcome = (outcome or "").strip() or None
    if outcome and len(outcome) > MAX_REASON:
        raise ServiceError(_l("The outcome is too long."), field="outcome")
    today = site_today(referral.site_id)  # the referring site's day
    if outcome_on and outcome_on > today:
        raise ServiceError(_l("The outcome cannot be dated in the future."), field="outcome_on")
    _change(actor, referral, status)
    if status in WITH_OUTCOME:
        referral.outcome_on = outcome_on or today
        if outcome:
            referral.outcome = outcome
    referral.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="referral",
                 object_id=str(referral.id), person_code=person.code, site_id=referral.site_id,
                 details={"status": status.value})
    commit_or_conflict()
    return referral


def print_letter(actor, person, referral: Referral, render: Callable[[], bytes],
                 language: str) -> bytes:
    """The letter for the partner, only with the person's consent; audited as a print."""
    if not person_access(actor, person).may_print_referral(referral):
        raise ServiceError(_l("Only the referring team prints the letter of an outside "
                              "referral."))
    if not consent_given(referral):
        raise ServiceError(_l("The person has not agreed to share with this partner: the "
                              "letter cannot be printed."))
    pdf = render()
    record_event(Action.PRINT, actor_id=actor.id, object_type="referral_letter",
                 object_id=str(referral.id), person_code=person.code, site_id=referral.site_id,
                 details={"language": language})
    db.session.commit()
    return pdf


# --- Reading -----------------------------------------------------------------------------------


def find_visible(viewer, person, referral_id: uuid.UUID) -> Referral | None:
    clause = person_access(viewer, person).referral_clause()
    return db.session.scalar(select(Referral).where(Referral.id == referral_id, clause))


def open_referrals(person, viewer, limit: int = 10) -> list[Referral]:
    clause = person_access(viewer, person).referral_clause()
    return list(db.session.scalars(
        select(Referral).where(clause, Referral.status.in_(OPEN_STATUSES))
        .order_by(Referral.created_at.desc()).limit(limit)))


def target_label(referral: Referral) -> str:
    if referral.external:
        return f"{referral.partner_kind.label} — {referral.partner_name}"
    return str(referral.target_discipline.label)


def timeline_entries(person, viewer, window: Window) -> list[TimelineEntry]:
    """Referrals of a person the viewer may see, newest first (one query)."""
    from caseflow.access import reads_people

    if not reads_people(viewer):
        return []
    clause = person_access(viewer, person).referral_clause()
    # The author's name only: not their site memberships (one query per page, not two).
    stmt = select(Referral).where(clause).options(
        joinedload(Referral.author).lazyload(User.memberships))
    if window.since:
        stmt = stmt.where(Referral.created_at >= window.since)
    if window.until:
        stmt = stmt.where(Referral.created_at < window.until)
    if window.discipline:
        stmt = stmt.where(or_(Referral.from_discipline == window.discipline,
                              Referral.target_discipline == window.discipline))
    rows = db.session.scalars(stmt.order_by(Referral.created_at.desc()).limit(window.limit))
    return [_entry(r) for r in rows]


def _entry(referral: Referral) -> TimelineEntry:
    from flask import url_for

    return TimelineEntry(
        when=referral.created_at, kind="referral",
        title=_("Referral (%(status)s)", status=referral.status.label),
        discipline=referral.from_discipline, site=referral.site.name,
        author=referral.author.display_name,
        url=url_for("followup.referral", referral_id=referral.id),
        attrs={"data-entry-kind": "referral",
               "data-entry-discipline": referral.from_discipline.value,
               "data-referral-target": (referral.target_discipline.value
                                        if referral.target_discipline else "partner"),
               "data-referral-status": referral.status.value},
        loader=_loader(referral),
    )


def _loader(referral: Referral):
    def load(entry: TimelineEntry) -> None:
        # Decrypted for the entries on the page only.
        entry.body = referral.reason
        entry.details = [(_("Referred to"), target_label(referral)),
                         (_("Urgency"), str(referral.urgency.label))]
        if referral.outcome:
            entry.details.append((_("Outcome"), referral.outcome))

    return load
