"""A person's allergies: the answer "no known allergy", the entries, their retirement.

Each change is checked, made and audited together (services/safety/__init__.py says who).
The current answer is derived, never typed twice:
- a current entry exists: "has allergies" (whatever an older answer said);
- else the latest explicit answer is "no known allergy": that, with who and when;
- else "not asked" (no answer, or every entry retired since): the box asks for it.
Recording "no known allergy" while an entry is current is refused: retire it first
(as entered in error or no longer), so that the record never says both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, literal, select, true
from sqlalchemy.orm import aliased

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.allergy import Allergy, AllergyStatusAnswer
from caseflow.models.allergy_codes import (
    LIFE_THREATENING,
    AllergenGroup,
    AllergyAnswer,
    AllergySource,
    EntryState,
    Reaction,
    Severity,
)
from caseflow.models.base import utcnow
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.safety import (
    may_read_allergies,
    may_read_details,
    may_write,
    writing_site,
)
from caseflow.timezones import site_today

MAX_SUBSTANCE = 200
MAX_DETAILS = 2000
EARLIEST = date(1900, 1, 1)
RETIRED_STATES = (EntryState.NO_LONGER, EntryState.ENTERED_IN_ERROR)


@dataclass
class AllergyInput:
    group: AllergenGroup | None
    reaction: Reaction | None
    severity: Severity | None
    source: AllergySource | None
    noted_on: date | None
    substance: str | None = None
    reaction_details: str | None = None
    site_id: int | None = None


@dataclass(frozen=True)
class Status:
    """The person's current answer, with who gave the explicit "no known allergy" and when."""

    answer: AllergyAnswer
    recorded_by_id: int | None = None
    recorded_at: datetime | None = None
    latest_id: str = ""  # the latest explicit answer's id: the form's concurrency token


# --- Reading ----------------------------------------------------------------------------------


def latest_answer(person) -> AllergyStatusAnswer | None:
    return db.session.scalar(
        select(AllergyStatusAnswer).where(AllergyStatusAnswer.person_id == person.id)
        .order_by(AllergyStatusAnswer.recorded_at.desc(), AllergyStatusAnswer.id.desc())
        .limit(1))


def derive(latest: AllergyStatusAnswer | None, current: list[Allergy]) -> Status:
    token = str(latest.id) if latest is not None else ""
    if current:
        return Status(AllergyAnswer.HAS_ALLERGIES, latest_id=token)
    if latest is not None and latest.answer == AllergyAnswer.NO_KNOWN_ALLERGY:
        return Status(AllergyAnswer.NO_KNOWN_ALLERGY, latest.recorded_by_id, latest.recorded_at,
                      token)
    return Status(AllergyAnswer.NOT_ASKED, latest_id=token)


def entries(person, *, current_only: bool) -> list[Allergy]:
    """The person's entries, the severe first then the latest noted (no access check:
    callers ask may_read_allergies first)."""
    stmt = select(Allergy).where(Allergy.person_id == person.id)
    if current_only:
        stmt = stmt.where(Allergy.state == EntryState.ACTIVE)
    rows = list(db.session.scalars(stmt.order_by(Allergy.noted_on.desc(), Allergy.created_at)))
    return sorted(rows, key=lambda a: (not a.active, -a.severity.rank))


def latest_and_current(person) -> tuple[AllergyStatusAnswer | None, list[Allergy]]:
    """The latest answer and the current entries in one statement (the person page counts
    its statements): one row per current entry, each beside the latest answer, or a single
    row of Nones from the one-row anchor when there is neither."""
    anchor = select(literal(1).label("one")).subquery()
    latest = (select(AllergyStatusAnswer).where(AllergyStatusAnswer.person_id == person.id)
              .order_by(AllergyStatusAnswer.recorded_at.desc(), AllergyStatusAnswer.id.desc())
              .limit(1).subquery())
    answer = aliased(AllergyStatusAnswer, latest)
    rows = db.session.execute(
        select(answer, Allergy).select_from(anchor)
        .outerjoin(answer, true())
        .outerjoin(Allergy, and_(Allergy.person_id == person.id,
                                 Allergy.state == EntryState.ACTIVE))).all()
    current = [a for _, a in rows if a is not None]
    ordered = sorted(current, key=lambda a: (-a.severity.rank, -a.noted_on.toordinal()))
    return (rows[0][0] if rows else None), ordered


def status_of(viewer, person) -> Status | None:
    """The current answer, or None when the viewer does not read allergies."""
    if not may_read_allergies(viewer, person):
        return None
    return derive(*latest_and_current(person))


def history(viewer, person) -> tuple[list[AllergyStatusAnswer], list[Allergy]]:
    """Every answer and every entry (retired ones too), audited as a read of the history."""
    if not may_read_allergies(viewer, person):
        return [], []
    from caseflow.access.person import person_access

    answers = list(db.session.scalars(
        select(AllergyStatusAnswer).where(AllergyStatusAnswer.person_id == person.id)
        .order_by(AllergyStatusAnswer.recorded_at.desc())))
    rows = entries(person, current_only=False)
    record_event(Action.VIEW, actor_id=viewer.id, object_type="allergy_history",
                 object_id=str(person.id), person_code=person.code,
                 purpose=person_access(viewer, person).audit_purpose,
                 details={"details": may_read_details(viewer, person)})
    db.session.commit()
    return answers, rows


def opened(viewer, person, allergy: Allergy) -> None:
    """An entry's form was opened to change it: a read of that entry in the audit trail."""
    record_event(Action.VIEW, actor_id=viewer.id, object_type="allergy",
                 object_id=str(allergy.id), person_code=person.code)
    db.session.commit()


def entry_of(person, allergy_id) -> Allergy | None:
    allergy = db.session.get(Allergy, allergy_id) if allergy_id is not None else None
    return allergy if allergy is not None and allergy.person_id == person.id else None


# --- Checks -----------------------------------------------------------------------------------


def _text(value: str | None, limit: int, field: str, message) -> str | None:
    value = (value or "").strip() or None
    if value is not None and len(value) > limit:
        raise ServiceError(message, field=field)
    return value


def _checked(data: AllergyInput, site_id: int) -> AllergyInput:
    for name, message in (
            ("group", _l("Choose the kind of substance.")),
            ("reaction", _l("Choose the reaction (or “reaction unknown”).")),
            ("severity", _l("Choose the severity.")),
            ("source", _l("Say where the information comes from.")),
            ("noted_on", _l("Give the date the allergy was noted."))):
        if getattr(data, name) is None:
            raise ServiceError(message, field=name)
    if data.noted_on > site_today(site_id):
        raise ServiceError(_l("This date is in the future."), field="noted_on")
    if data.noted_on < EARLIEST:
        raise ServiceError(_l("This date is too far in the past."), field="noted_on")
    data.substance = " ".join((data.substance or "").split()) or None
    if data.substance and len(data.substance) > MAX_SUBSTANCE:
        raise ServiceError(_l("The substance's name is too long (at most %(n)d characters).",
                              n=MAX_SUBSTANCE), field="substance")
    if data.group in (AllergenGroup.OTHER_MEDICINE, AllergenGroup.OTHER_FOOD,
                      AllergenGroup.OTHER) and not data.substance:
        raise ServiceError(_l("Name the substance: “other” alone does not tell the next "
                              "clinician what to avoid."), field="substance")
    data.reaction_details = _text(data.reaction_details, MAX_DETAILS, "reaction_details",
                                  _l("The details are too long (at most %(n)d characters).",
                                     n=MAX_DETAILS))
    if data.reaction in LIFE_THREATENING and data.severity != Severity.SEVERE:
        # Patient safety: an anaphylaxis recorded as "mild" would mislead the next reader.
        raise ServiceError(_l("Anaphylaxis, angio-oedema and bronchospasm are severe, "
                              "life-threatening reactions: choose “severe”."), field="severity")
    return data


def _apply(allergy: Allergy, data: AllergyInput) -> None:
    allergy.group_code = data.group.value
    allergy.substance = data.substance
    allergy.reaction_code = data.reaction.value
    allergy.reaction_details = data.reaction_details
    allergy.severity_code = data.severity.value
    allergy.source_code = data.source.value
    allergy.noted_on = data.noted_on


def _details(allergy: Allergy) -> dict:
    """What the audit trail keeps: the entry's state only. The group and the severity are
    encrypted with the person's key on the entry; the trail, which erasure cannot empty,
    must not keep them in clear."""
    return {"state": allergy.state.value}


def _site(actor, person, site_id: int | None) -> int:
    if not may_write(actor, person):
        raise ServiceError(_l("You may not record allergies for this person."))
    site = writing_site(actor, person, site_id)
    if site is None:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    return site


# --- Changes ----------------------------------------------------------------------------------


def record_no_known_allergy(actor, person, seen: str | None,
                            site_id: int | None = None) -> AllergyStatusAnswer:
    """The explicit answer "no known allergy". `seen`: the latest answer's id the form was
    opened on ("" when there was none): another answer since is a conflict."""
    site = _site(actor, person, site_id)
    latest = latest_answer(person)
    if seen is None or seen != (str(latest.id) if latest is not None else ""):
        raise ConcurrentEditError(_l("Someone else recorded the allergies in the meantime. "
                                     "Check them and try again."))
    if entries(person, current_only=True):
        raise ServiceError(_l("An allergy is recorded: retire it (no longer, or entered in "
                              "error) before recording “no known allergy”."))
    row = AllergyStatusAnswer(person_id=person.id, answer=AllergyAnswer.NO_KNOWN_ALLERGY,
                              site_id=site, recorded_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="allergy_status",
                 object_id=str(row.id), person_code=person.code, site_id=site,
                 details={"answer": row.answer.value})
    db.session.commit()
    return row


def add(actor, person, data: AllergyInput) -> Allergy:
    site = _site(actor, person, data.site_id)
    data = _checked(data, site)
    allergy = Allergy(person_id=person.id, site_id=site, recorded_by_id=actor.id,
                      state=EntryState.ACTIVE)
    db.session.add(allergy)  # in the session first: the person's key is loaded through it
    _apply(allergy, data)
    latest = latest_answer(person)
    if latest is None or latest.answer != AllergyAnswer.HAS_ALLERGIES:
        # The explicit answer follows the entry: a "no known allergy" recorded before is
        # superseded, and the answer's history says by whom.
        db.session.add(AllergyStatusAnswer(person_id=person.id, site_id=site,
                                           answer=AllergyAnswer.HAS_ALLERGIES,
                                           recorded_by_id=actor.id, recorded_at=utcnow()))
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type="allergy",
                 object_id=str(allergy.id), person_code=person.code, site_id=site,
                 details=_details(allergy))
    db.session.commit()
    return allergy


def _check_version(allergy: Allergy, expected_version: int | None) -> None:
    if expected_version is None or expected_version != allergy.version:
        # None: the form's version was missing or tampered with: a conflict too.
        raise ConcurrentEditError(_l("Someone else changed this allergy in the meantime. "
                                     "Check it and try again."))


def update(actor, person, allergy: Allergy, data: AllergyInput,
           expected_version: int | None) -> Allergy:
    _site(actor, person, None)
    if not allergy.active:
        raise ServiceError(_l("This allergy was retired: record a new one if it applies "
                              "again."))
    _check_version(allergy, expected_version)
    data = _checked(data, allergy.site_id)
    before = allergy.severity
    _apply(allergy, data)
    allergy.updated_by_id = actor.id
    allergy.updated_at = utcnow()
    allergy.version += 1
    details = _details(allergy) | {"severity_changed": before != allergy.severity}
    record_event(Action.UPDATE, actor_id=actor.id, object_type="allergy",
                 object_id=str(allergy.id), person_code=person.code,
                 site_id=allergy.site_id, details=details)
    commit_or_conflict()
    return allergy


def retire(actor, person, allergy: Allergy, state: EntryState | None, reason: str | None,
           expected_version: int | None) -> Allergy:
    """No longer allergic, or entered in error: kept, shown apart, never deleted."""
    _site(actor, person, None)
    if state not in RETIRED_STATES:
        raise ServiceError(_l("Choose “no longer allergic” or “entered in error”."),
                           field="state")
    if not allergy.active:
        raise ServiceError(_l("This allergy was already retired."))
    _check_version(allergy, expected_version)
    reason = _text(reason, MAX_DETAILS, "reason",
                   _l("The reason is too long (at most %(n)d characters).", n=MAX_DETAILS))
    if reason is None:
        raise ServiceError(_l("Say why (for example: tolerated amoxicillin since, or "
                              "recorded for another person)."), field="reason")
    allergy.state = state
    allergy.retired_reason = reason
    allergy.retired_by_id = actor.id
    allergy.retired_at = utcnow()
    allergy.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type="allergy",
                 object_id=str(allergy.id), person_code=person.code,
                 site_id=allergy.site_id, details=_details(allergy))
    commit_or_conflict()
    return allergy
