"""Catching a second record of someone already known, and merging records that are one person.

Likely matches: a shared phone number; or the same family name, or the same whole
name in any order (each part under any spelling of the blind index's phonetic
keys), with a compatible birth year and nationality. A given name alone is not
enough: "Mohamed", born in 2008, from Guinea, is hundreds of different people
(before issue 14, importing 150 people who shared only a given name reported
117 of them as "may already be" someone else; 149 of 150 in our own measure).
A user sees the matches in their own scope by name; matches at other sites are
only counted, and a coordinator reviews them in the duplicates queue. The measure
on real spelling variants is tests/people/test_intake_duplicates.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from itertools import pairwise

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from caseflow.audit import Action, record_event
from caseflow.crypto import blind_index, skeleton
from caseflow.crypto.search import search_persons
from caseflow.database import commit_keeping_loaded
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.duplicate import DISTINCT, OPEN, PersonMerge, PossibleDuplicate
from caseflow.models.person import Person
from caseflow.services import ServiceError
from caseflow.services.care import referents

# Tables that belong to the person's key and index, not to their record: never moved.
# Not moved to the survivor: keys, search tokens, the pair itself, and break-glass grants
# (an emergency access to A must not become an access to all of B's record).
NOT_MOVED = {"person_key", "person_search_token", "possible_duplicate", "person",
             "break_glass_access",
             # The operation log says what happened to each record as it happened; an open
             # sync conflict's values are sealed for its person (merge refuses while one is
             # open, below).
             "sync_operation", "sync_conflict"}
# How close two spellings are (skeleton.similarity, 0..1), chosen on the tuned part of
# name-variants-dev.tsv (tests/people/test_intake_duplicates.py measures the other part).
# A name part one weak consonant away from a stored one (Hartley / Hartiey) is the same
# name only if this close. Names this close are a likely match with a birth year within
# one; names that share their consonants but are spelled further apart (Boran / Brean)
# need the same birth year; below SOUND_ALIKE they are not the same name.
NEAR_SIMILARITY = 0.65
CLOSE_NAMES = 0.8
SOUND_ALIKE = 0.55


@dataclass
class Candidate:
    person_id: uuid.UUID
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


def find_candidates(identity, exclude: uuid.UUID | None = None, limit: int = 10
                    ) -> list[Candidate]:
    """People who may be this identity, best first (all sites: the caller filters by scope)."""
    found: dict[uuid.UUID, Candidate] = {}
    names = " ".join(p for p in (identity.family_name, identity.given_names) if p)
    queries = [names, *identity.aliases[:5]] if names else list(identity.aliases[:5])
    for text in queries:
        for match in search_persons(db.session, text, limit=limit * 2):
            candidate = found.setdefault(match.person_id, Candidate(match.person_id))
            if "name" not in candidate.reasons:
                candidate.reasons.append("name")
            candidate.score = max(candidate.score, match.score)
    if identity.phone:
        for match in search_persons(db.session, identity.phone, limit=limit):
            candidate = found.setdefault(match.person_id, Candidate(match.person_id))
            candidate.reasons.append("phone")
            candidate.score += 1.0
    found.pop(exclude, None)
    if not found:
        return []
    people = {p.id: p for p in db.session.scalars(select(Person).where(
        Person.id.in_(list(found))))}
    kept = []
    for candidate in found.values():
        person = people.get(candidate.person_id)
        if person is None:
            continue
        if "phone" not in candidate.reasons and not _likely(identity, person):
            continue
        if identity.birth_date and person.birth_year == identity.birth_date.year:
            candidate.reasons.append("birth_year")
        if identity.nationality and person.nationality == identity.nationality:
            candidate.reasons.append("nationality")
        kept.append(candidate)
    kept.sort(key=lambda c: (-c.score, -len(c.reasons), str(c.person_id)))
    return kept[:limit]


@dataclass(frozen=True)
class Piece:
    """A stored name part, or two adjacent ones joined, with its phonetic keys and the
    positions (name, part) it spells: one stored part answers one query part only."""

    text: str
    keys: frozenset[str]
    spots: frozenset[tuple[int, int]]

    @property
    def joined(self) -> bool:
        return len(self.spots) > 1


def _pieces(texts) -> list[Piece]:
    """Name parts of `texts`, and each two adjacent parts joined ("Abdul Rahman" meets
    "Abderrahmane"), with their phonetic keys."""
    out: list[Piece] = []
    for n, text in enumerate(texts):
        parts = blind_index.clean_parts(text) if text else []
        out += [Piece(p, blind_index.piece_keys(p), frozenset({(n, i)}))
                for i, p in enumerate(parts)]
        out += [Piece(a + b, blind_index.piece_keys(a + b), frozenset({(n, i), (n, i + 1)}))
                for i, (a, b) in enumerate(pairwise(parts))]
    return out


def _closeness(part: str, piece: Piece, joined: bool = False) -> float:
    """How close the part is to a stored piece that shares a phonetic key with it (the
    blind index's keys; or a key one weak consonant away, for a close spelling only); 0.0:
    it does not sound like it. Two joined parts are compared with single stored parts only
    (joined to joined, "Boran Mohamed" is as close to "Brean Mohamed" as its shared
    "Mohamed" makes it), and only with a part of about their length (keys drop vowels and
    doubles: "Meya Mohamed" joined has the keys of "Mohamed")."""
    if joined and piece.joined:
        return 0.0
    if (joined or piece.joined) and (
            min(len(part), len(piece.text)) < 0.8 * max(len(part), len(piece.text))):
        return 0.0
    keys = blind_index.piece_keys(part)
    if keys & piece.keys:
        return skeleton.similarity(part, piece.text)
    if frozenset().union(*(skeleton.near_keys(k) for k in keys)) & piece.keys:
        similarity = skeleton.similarity(part, piece.text)
        return similarity if similarity >= NEAR_SIMILARITY else 0.0
    return 0.0


def _coverage(parts: list[str], stored: list[Piece]) -> float:
    """Each query part matched to a different stored part (alone, or joined with a
    neighbour: "Abdul Rahman" against "Abderrahmane"), closest first: the closeness of the
    least close one; 0.0 if a part is left without a stored part ("Mamadou Mohamed" is not
    "Mohamed": both would need the one stored "Mohamed")."""
    if not parts:
        return 0.0
    options = []  # (closeness, query parts covered, stored piece)
    for piece in stored:
        for i, part in enumerate(parts):
            options.append((_closeness(part, piece), frozenset({i}), piece))
        for i, (a, b) in enumerate(pairwise(parts)):
            options.append((_closeness(a + b, piece, joined=True), frozenset({i, i + 1}),
                            piece))
    covered: set[int] = set()
    used: set[tuple[int, int]] = set()
    worst = 1.0
    for closeness, query_parts, piece in sorted(options, key=lambda o: -o[0]):
        if closeness <= 0.0 or len(covered) == len(parts):
            break
        if query_parts & covered or piece.spots & used:
            continue
        covered |= query_parts
        used |= piece.spots
        worst = min(worst, closeness)
    return worst if len(covered) == len(parts) else 0.0


def name_agreement(identity, person: Person) -> float:
    """How surely the names say "maybe the same person", 0..1 (0: they do not).

    The family name found in the stored family name, or a whole name (at least two parts:
    the declared names, or one of the other names) found among every name stored, in any
    order, or one and the same single name. One shared given name is not enough."""
    best = 0.0
    family = blind_index.clean_parts(identity.family_name or "")
    if family:
        best = _coverage(family, _pieces([person.family_name]))
    stored = _pieces([person.family_name, person.given_names, *(person.aliases or [])])
    stored_name = blind_index.clean_parts(
        " ".join(n for n in (person.family_name, person.given_names) if n))
    for text in [" ".join(n for n in (identity.family_name, identity.given_names) if n),
                 *identity.aliases]:
        parts = blind_index.clean_parts(text)
        if len(parts) < 2 and not (
                parts and stored_name and _coverage(stored_name, _pieces([text]))):
            continue
        best = max(best, _coverage(parts, stored))
    return best


def _same_birth_year(identity, person: Person) -> bool:
    return bool(identity.birth_date and person.birth_year
                and identity.birth_date.year == person.birth_year)


def _likely(identity, person: Person) -> bool:
    """Names that agree closely, with a birth year within one and the same nationality; names
    that only sound alike (the same consonants: Boran / Brean) need the same birth year too."""
    agreement = name_agreement(identity, person)
    if agreement < SOUND_ALIKE or not _compatible(identity, person):
        return False
    return agreement >= CLOSE_NAMES or _same_birth_year(identity, person)


def _compatible(identity, person: Person) -> bool:
    """Declared years may differ by one (year-only declarations); nationalities must agree."""
    if (identity.birth_date and person.birth_year
            and abs(identity.birth_date.year - person.birth_year) > 1):
        return False
    return not (identity.nationality and person.nationality
                and identity.nationality != person.nationality)


def check_before_register(actor, identity) -> tuple[list[Candidate], list[Person]]:
    """Before saving: every likely match, and the people among them the user may see.

    Only the visible ones are shown; the count of the others is not, so that the
    form cannot be used to learn who is known at other sites. One audit event keeps
    the codes shown."""
    from caseflow.access import in_scope_clause

    found = find_candidates(identity)
    visible = []
    if found:
        visible = list(db.session.scalars(
            select(Person).where(Person.id.in_([c.person_id for c in found]),
                                 in_scope_clause(actor, Person.id)).order_by(Person.code)))
        record_event(Action.VIEW, actor_id=actor.id, object_type="duplicate_check",
                     details={"codes": [p.code for p in visible]})
        db.session.commit()
    return found, visible


def note_possible_duplicates(actor, person: Person, candidates: list[Candidate],
                             confirmed_distinct_from) -> int:
    """Queue the likely matches of a new record for a coordinator (the caller commits).

    The candidates are searched before the new record exists: searched after, the
    new record itself would be the best match and could hide the others."""
    confirmed = set(confirmed_distinct_from or ())
    for candidate in candidates:
        db.session.add(PossibleDuplicate(
            person_id=person.id, other_person_id=candidate.person_id,
            reasons=candidate.reasons,
            confirmed_distinct_by_creator=candidate.person_id in confirmed,
            found_by_id=actor.id if actor else None,
        ))
    return len(candidates)


OPEN_PAIRS_SHOWN = 200  # the queue shows the latest pairs; a longer one is worked down


def open_pairs(limit: int = OPEN_PAIRS_SHOWN) -> list[PossibleDuplicate]:
    return list(db.session.scalars(
        select(PossibleDuplicate).where(PossibleDuplicate.status == OPEN)
        .order_by(PossibleDuplicate.found_at.desc()).limit(limit)
    ))


def mark_distinct(actor, pair: PossibleDuplicate) -> None:
    pair.status = DISTINCT
    pair.decided_by_id = actor.id
    pair.decided_at = utcnow()
    record_event(Action.UPDATE, actor_id=actor.id, object_type="possible_duplicate",
                 object_id=str(pair.id), details={"status": DISTINCT})
    db.session.commit()


def _person_tables():
    """Every mapped class with a person_id column, except the key and index tables."""
    from caseflow.models import person_row_classes

    return [cls for cls in person_row_classes() if cls.__tablename__ not in NOT_MOVED]


def merge_identity(survivor: Person, duplicate: Person) -> None:
    """Keep everything the duplicate declared, without overwriting the survivor.

    Its names become other names; an empty field of the survivor is filled; a
    differing phone or contact note is kept in the contact notes; a birth date is
    taken when the survivor's is less precise.
    """
    from caseflow.vocabulary import BirthDatePrecision

    full_name = " ".join(n for n in (duplicate.family_name, duplicate.given_names) if n)
    aliases = list(survivor.aliases or [])
    for name in [full_name, *(duplicate.aliases or [])]:
        if name and name.casefold() not in {a.casefold() for a in aliases}:
            aliases.append(name)
    survivor.aliases = aliases
    notes = [survivor.contact_notes] if survivor.contact_notes else []
    if duplicate.phone and not survivor.phone:
        survivor.phone = duplicate.phone
    elif duplicate.phone and duplicate.phone != survivor.phone:
        notes.append(gettext("Other phone: %(phone)s", phone=duplicate.phone))
    if duplicate.contact_notes and duplicate.contact_notes not in notes:
        notes.append(duplicate.contact_notes)
    survivor.contact_notes = "\n".join(str(n) for n in notes) or None
    if survivor.nationality is None:
        survivor.nationality = duplicate.nationality
    if survivor.sex == "unknown":
        survivor.sex = duplicate.sex
    survivor.interpreter_needed = survivor.interpreter_needed or duplicate.interpreter_needed
    survivor.languages = sorted(set(survivor.languages or []) | set(duplicate.languages or []))
    rank = [p.value for p in (BirthDatePrecision.UNKNOWN, BirthDatePrecision.YEAR,
                              BirthDatePrecision.MONTH, BirthDatePrecision.FULL)]
    if rank.index(duplicate.birth_date_precision) > rank.index(survivor.birth_date_precision):
        survivor.set_birth_date(duplicate.birth_date, duplicate.birth_date_precision,
                                duplicate.birth_date_source)


def merge_conflicts(survivor: Person, duplicate: Person) -> list[str]:
    """Names of the identity fields on which the two records disagree (shown before merging)."""
    fields = ("family_name", "given_names", "birth_date", "sex", "nationality", "phone")
    return [name for name in fields
            if getattr(survivor, name) not in (None, "", "unknown")
            and getattr(duplicate, name) not in (None, "", "unknown")
            and getattr(survivor, name) != getattr(duplicate, name)]


def merge_preview(survivor: Person, duplicate: Person) -> dict[str, int]:
    """What would move from the duplicate to the survivor, counted per kind of record."""
    preview = {}
    for cls in _person_tables():
        count = db.session.scalar(
            select(db.func.count()).select_from(cls).where(cls.person_id == duplicate.id)
        )
        if count:
            preview[cls.__tablename__] = count
    names = [n for n in (duplicate.family_name, duplicate.given_names) if n]
    preview["aliases"] = len(duplicate.aliases or []) + (1 if names else 0)
    return preview


def merge(actor, survivor: Person, duplicate: Person, reason: str) -> PersonMerge:
    """Move everything of the duplicate to the survivor, keep its names as aliases, audit.

    Encrypted fields are bound to their person: each moved row is decrypted with
    the duplicate's key and encrypted again with the survivor's.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Say why these two records are the same person."), field="reason")
    if survivor.id == duplicate.id:
        raise ServiceError(_l("Choose two different records."))
    from caseflow.models.sync_conflict import OPEN as CONFLICT_OPEN
    from caseflow.models.sync_conflict import SyncConflict

    if db.session.scalar(select(SyncConflict.id).where(
            SyncConflict.person_id.in_([survivor.id, duplicate.id]),
            SyncConflict.status == CONFLICT_OPEN).limit(1)) is not None:
        raise ServiceError(_l("One of these records has a change from a clinic box waiting "
                              "for a choice: settle it first, then merge."))
    moved = merge_preview(survivor, duplicate)
    referents.end_clashes(survivor.id, duplicate.id, actor.id)
    for cls in _person_tables():
        fields = getattr(cls, "__encrypted_fields__", {})
        for row in db.session.scalars(select(cls).where(cls.person_id == duplicate.id)):
            plain = {name: getattr(row, name) for name in fields}
            row.person_id = survivor.id
            for name, value in plain.items():
                setattr(row, name, value)
    merge_identity(survivor, duplicate)
    record = PersonMerge(person_id=survivor.id, merged_person_id=duplicate.id,
                         merged_code=duplicate.code, moved=moved, merged_by_id=actor.id)
    db.session.add(record)
    record.reason = reason
    db.session.flush()
    db.session.execute(
        PossibleDuplicate.__table__.delete().where(or_(
            PossibleDuplicate.person_id == duplicate.id,
            PossibleDuplicate.other_person_id == duplicate.id))
    )
    duplicate_code = duplicate.code
    db.session.flush()
    db.session.expire(duplicate)  # forget collections that still list the moved rows
    db.session.delete(duplicate)  # its key and search tokens go with it (crypto hooks)
    record_event(Action.UPDATE, actor_id=actor.id, object_type="person_merge",
                 object_id=str(record.id), person_code=survivor.code,
                 details={"merged_code": duplicate_code, "moved": moved})
    db.session.commit()
    return record


def resolve_code(code: str) -> uuid.UUID | None:
    """The person a code designates, following merges (an old card still works)."""
    person_id = db.session.scalar(select(Person.id).where(Person.code == code))
    if person_id is not None:
        return person_id
    return db.session.scalar(select(PersonMerge.person_id).where(PersonMerge.merged_code == code))



def audit_queue_view(actor, codes: list[str]) -> None:
    """The queue shows names: which records were on screen is kept (codes only)."""
    record_event(Action.VIEW, actor_id=actor.id, object_type="duplicates_queue",
                 details={"codes": sorted(codes)})
    commit_keeping_loaded()  # the queue shows each pair: without reloading each one
