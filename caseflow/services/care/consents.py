"""Recording consent: decisions are appended, never overwritten (docs/SECURITY.md, Consent).

What is in force is derived from the history by caseflow.consent_state, below
access: a withdrawal recorded here takes effect at once because every access
check reads that derived state. A sharing consent that would widen what its own
recorder reads waits for a second professional's confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.access.person import forget, person_access
from caseflow.audit import Action, record_event
from caseflow.consent_state import history
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.consent import Consent
from caseflow.services import ServiceError
from caseflow.vocabulary import (
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
)

# Audit action of a confirmation (a stable key; its label is on the audit review pages).
CONSENT_CONFIRMED = "consent_confirmed"

INTERPRETED = (InterpreterKind.PROFESSIONAL_ON_SITE, InterpreterKind.PROFESSIONAL_PHONE,
               InterpreterKind.PEER)


@dataclass
class ConsentInput:
    purpose: ConsentPurpose
    decision: ConsentDecision
    decided_by: DecidedBy = DecidedBy.PERSON
    method: ConsentMethod = ConsentMethod.ORAL
    interpreter_kind: InterpreterKind = InterpreterKind.NONE_NEEDED
    interpreter_language: str | None = None
    scope: str = ""
    decided_on: date | None = None
    review_on: date | None = None
    accompanying_adult: str | None = None
    partner_name: str | None = None
    note: str | None = None

    def checked(self, site_id: int | None = None) -> ConsentInput:
        if self.purpose == ConsentPurpose.TEAM_SHARING:
            if self.scope not in {d.value for d in Discipline} | {"all"}:
                raise ServiceError(_l("Say which discipline the sharing concerns."),
                                   field="scope")
        elif self.purpose == ConsentPurpose.PARTNER_SHARING:
            if not self.scope and not (self.partner_name or "").strip():
                raise ServiceError(_l("Name the partner the information may be shared with."),
                                   field="partner_name")
        else:
            self.scope = ""
        if self.decided_by == DecidedBy.MINOR_WITH_ADULT and not (
            self.accompanying_adult or ""
        ).strip():
            raise ServiceError(
                _l("Name the adult the minor chose to accompany them (art. L1111-5)."),
                field="accompanying_adult",
            )
        if self.interpreter_kind in INTERPRETED and not self.interpreter_language:
            raise ServiceError(_l("Give the language interpreted."),
                               field="interpreter_language")
        from caseflow.timezones import site_today

        today = site_today(site_id)
        decided = self.decided_on or today
        if decided > today:
            raise ServiceError(_l("A decision cannot be dated in the future."),
                               field="decided_on")
        if self.review_on and self.review_on < decided:
            raise ServiceError(_l("The review date comes after the decision."),
                               field="review_on")
        self.decided_on = decided
        return self


def add_consent(actor, person, consent: ConsentInput, *, site_id: int | None = None,
                commit: bool = True) -> Consent:
    """Record one decision. A sharing consent that would let its own recorder read more
    waits for a second professional's confirmation (caseflow.access.consents)."""
    consent = consent.checked(site_id)
    from caseflow.services.intake.plausibility import ensure_not_before_birth

    ensure_not_before_birth(person, consent.decided_on, field="decided_on")
    awaits = _needs_confirmation(actor, person, consent)
    row = Consent(
        person_id=person.id, purpose=consent.purpose, scope=consent.scope,
        decision=consent.decision, decided_by=consent.decided_by, method=consent.method,
        interpreter_kind=consent.interpreter_kind,
        interpreter_language=consent.interpreter_language, decided_on=consent.decided_on,
        review_on=consent.review_on, recorded_by_id=actor.id if actor else None,
        site_id=site_id, needs_confirmation=awaits,
    )
    db.session.add(row)  # in the session first: its person's key is loaded through it
    row.accompanying_adult = (consent.accompanying_adult or "").strip() or None
    row.partner_name = (consent.partner_name or "").strip() or None
    row.note = (consent.note or "").strip() or None
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id if actor else None, object_type="consent",
                 object_id=str(row.id), person_code=person.code, site_id=site_id,
                 details={"purpose": consent.purpose.value, "decision": consent.decision.value,
                          **({"awaiting_confirmation": True} if awaits else {})})
    forget(person.id)  # what this request reads next counts this decision
    if commit:
        db.session.commit()
    return row


def _needs_confirmation(actor, person, consent: ConsentInput) -> bool:
    """Would this consent open to its recorder a discipline she cannot read yet, on a record
    that already holds notes? (A new record has nothing to read: intake consents count.)"""
    from sqlalchemy import exists

    from caseflow.access.consents import opened_to_recorder
    from caseflow.models.note import Note

    if actor is None:
        return False
    opened = opened_to_recorder(actor, consent.purpose, consent.decision, consent.scope,
                                person_access(actor, person).shared_with_team)
    if not opened:
        return False
    return bool(db.session.scalar(select(exists().where(Note.person_id == person.id))))


def confirm(actor, person, consent_id) -> Consent:
    """A second professional confirms a consent awaiting confirmation: it is in force now."""
    from sqlalchemy import update

    from caseflow.access.consents import may_confirm_consent
    from caseflow.models.base import utcnow
    from caseflow.models.user import User

    row = db.session.scalar(select(Consent).where(Consent.id == consent_id,
                                                  Consent.person_id == person.id))
    if row is None or not row.awaiting_confirmation:
        raise ServiceError(_l("This consent does not await confirmation."))
    recorder = db.session.get(User, row.recorded_by_id) if row.recorded_by_id else None
    if not may_confirm_consent(actor, person, row, recorder):
        raise ServiceError(_l("Only another professional who already reads this discipline "
                              "at the person's site, or a medical coordinator, may confirm "
                              "this consent."))
    latest = history(person.id)
    if next(r for r in latest if r.key == row.key).id != row.id:
        raise ServiceError(_l("A later decision about the same sharing replaced this one: "
                              "there is nothing to confirm."))
    done = db.session.execute(update(Consent).where(
        Consent.id == row.id, Consent.confirmed_at.is_(None),
    ).values(confirmed_by_id=actor.id, confirmed_at=utcnow()))
    if done.rowcount != 1:
        db.session.rollback()
        raise ServiceError(_l("This consent does not await confirmation."))
    record_event(CONSENT_CONFIRMED, actor_id=actor.id, object_type="consent",
                 object_id=str(row.id), person_code=person.code, site_id=row.site_id,
                 details={"purpose": row.purpose.value, "decision": row.decision.value})
    db.session.commit()
    forget(person.id)
    return row


def partner_scope(name: str) -> str:
    """One scope per outside partner, so that consents about two partners never mix.

    The name itself is stored encrypted (Consent.partner_name); the scope keeps a
    digest of its normalised form, enough to find the consent again."""
    import hashlib
    import unicodedata

    folded = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return "partner:" + hashlib.sha256(plain.encode()).hexdigest()[:16]


def timeline_entries(person, viewer, window):
    """Consent decisions, for everyone who reads the person (they decide what is shared)."""
    from datetime import datetime, time

    from flask_babel import gettext

    from caseflow.access import reads_people
    from caseflow.timeline import TimelineEntry

    if not reads_people(viewer) or window.discipline is not None:
        return []
    # The history PersonAccess read for the whole page (latest recorded first), put in the
    # order things happened: the timeline's order (`current` is in the order recorded).
    rows = [row for row in person_access(viewer, person).consents
            if (not window.since or row.decided_on >= window.since.date())
            and (not window.until or row.decided_on < window.until.date())]
    rows.sort(key=lambda row: (row.decided_on, row.recorded_at), reverse=True)
    rows = rows[:window.limit]
    return [
        TimelineEntry(
            when=datetime.combine(row.decided_on, time(12)), kind="consent",
            title=(gettext("Consent: %(purpose)s — %(decision)s (awaiting confirmation)",
                           purpose=row.purpose.label, decision=row.decision.label)
                   if row.awaiting_confirmation else
                   gettext("Consent: %(purpose)s — %(decision)s", purpose=row.purpose.label,
                           decision=row.decision.label)),
            attrs={"data-entry-kind": "consent", "data-consent-purpose": row.purpose.value},
        )
        for row in rows
    ]
