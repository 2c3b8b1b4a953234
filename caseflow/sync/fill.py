"""The first fill of a clinic box: what it must hold to work offline, in resumable pages.

A box receives by pull only the operations recorded after it joined; what existed before
comes with its fill (docs/OFFLINE.md, "What a box holds"): the people of the sites it
serves, with their data, and the accounts of the people who work there. Central builds
the pages (``page``), the box applies them (caseflow/sync/link.py, ``fill``).

- The first page (cursor None) is the reference data: every site (no personal data; a
  box person's note written at another site names it), and the accounts of the box's
  sites' staff (active members of those sites) and of the coordinators and administrators
  (active), with their memberships and argon2 password hashes, so that they sign in on the
  box offline. A two-factor seed, sealed under central's KEK, travels as its plaintext
  sealed to the box's transport key (caseflow.crypto.seal_secret_to, bound to central, the
  box and the account); the box seals it again under its own KEK. Nobody else's password
  hash or seed leaves central. Recovery codes do not travel (one spent on the box would
  stay valid centrally), nor sessions or lock-out counters (each server's own).
- Then the people the box may hold (caseflow.services.boxes.people_of), ``PEOPLE_PER_PAGE``
  a page in id order: every row of every synced table (caseflow/sync/registry.py), parents
  before children, as "insert" operations in the wire form (caseflow/sync/exchange.py:
  stored values, ciphertexts as they are), with their data keys sealed to the box. Search
  tokens are not sent: apply indexes each person who lands (``index_people``). Notes
  nobody on the box may read (another's working note, a discipline nobody there practises)
  stay central, with their earlier versions (``_readable_notes``). The accounts
  that wrote those rows and are not among the staff above come as *cards* (name, role,
  profession: what a page and a certificate print about an author; the row's foreign key
  needs the account to exist): inactive, with an unusable password and no seed.
- The cursor names the page to come, and the position of central's operation log when the
  fill began (``log``): the box's pull starts there, so that everything changed during and
  after the fill is pulled. What the fill already brought and is pulled again lands as
  nothing (an insert of a row here with the same content, an update whose value is here).

Operation ids: UUIDv5 (RFC 9562 section 5.5) of the table, the row's id and a SHA-256 of
its stored content. The same row unchanged gives the same id, so a page fetched again
after a cut, or a second fill, is recognised and changes nothing; a row changed since
(a version, or a consent confirmed: append-only rows have no version) gives a new id and
lands as an insert of a row already here, compared column by column. A UUIDv5 has version
bits 5 where every recorded operation's UUIDv7 has 7: the two never collide.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import and_, or_, select

from caseflow import crypto
from caseflow.crypto.secrets import decrypt_secret
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.clinic_box import ClinicBox
from caseflow.models.site import Site
from caseflow.models.sync_operation import INSERT, UPDATE, SyncOperation
from caseflow.models.user import SiteMembership, User
from caseflow.roles import Role
from caseflow.services.boxes import CENTRAL, people_of, sealed_keys_for
from caseflow.sync.certificates import readable_clause
from caseflow.sync.exchange import SETTLE
from caseflow.sync.registry import BY_NAME, TABLES, model_of, table_order
from caseflow.sync.stored import to_json
from caseflow.sync.uuid7 import lowest_at
from caseflow.vocabulary import Confidentiality

PEOPLE_PER_PAGE = 200
NAMESPACE = uuid.UUID("0b7c8f7e-5d1a-4c57-9a53-7e1f0c2d9b41")  # fixed: ids must not move
TOTP_PURPOSE = "totp"  # caseflow.services.staff.two_factor.PURPOSE
ALL_SITES_ROLES = (Role.COORDINATOR, Role.ADMIN)
# Each server's own: never sent, left alone on the box (a new row takes its defaults).
LOCAL_USER_COLUMNS = frozenset({"session_token", "failed_logins", "locked_until",
                                "last_login_at", "totp_secret"})
CARD_COLUMNS = ("id", "login", "display_name", "role", "discipline", "profession",
                "profession_code", "rpps", "adeli", "licence_number", "form_of_address",
                "language", "created_at")
UNUSABLE_PASSWORD = "!"  # noqa: S105 (not an argon2 hash: every password is refused)


def totp_context(user_id: int) -> str:
    """The associated data of a sealed seed (caseflow.services.staff.two_factor._context)."""
    return f"user_account.totp_secret|{user_id}"


@dataclass(frozen=True)
class Cursor:
    log: str | None  # central's operation log when the fill began: the box's pull cursor
    after: str | None  # the last person id sent (None: people not started)

    def encode(self) -> str:
        return f"v1.{self.log or '-'}.{self.after or '-'}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """ValueError for anything but a cursor this module made."""
        version, log, after = str(text).split(".")
        if version != "v1":
            raise ValueError(text)
        return cls(None if log == "-" else str(uuid.UUID(log)),
                   None if after == "-" else str(uuid.UUID(after)))


@dataclass
class Page:
    cursor: str
    more: bool
    sites: list[dict] = field(default_factory=list)
    users: list[dict] = field(default_factory=list)
    operations: list[dict] = field(default_factory=list)
    keys: dict[uuid.UUID, bytes] = field(default_factory=dict)
    people: int = 0

    def as_json(self) -> dict:
        return {"cursor": self.cursor, "more": self.more, "sites": self.sites,
                "users": self.users, "operations": self.operations, "people": self.people,
                "keys": {str(k): crypto_b64(v) for k, v in self.keys.items()}}


def crypto_b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _log_position() -> str | None:
    """Where central's operation log stands, kept back by ``SETTLE`` (an operation taken
    earlier may still be committing: caseflow/sync/exchange.py): a few minutes are pulled
    twice, which costs nothing, rather than one skipped."""
    last = db.session.scalar(select(SyncOperation.arrival)
                             .order_by(SyncOperation.arrival.desc()).limit(1))
    if last is None:
        return None
    settled = lowest_at(time.time_ns() // 1_000_000 - int(SETTLE.total_seconds() * 1000))
    return str(min(last, settled))


def _row_json(table: Any, row: Any) -> dict[str, Any]:
    return {c.name: to_json(c, row._mapping[c]) for c in table.c}


def staff_of(box: ClinicBox) -> list[User]:
    """The accounts that sign in on the box: its sites' active members, and the active
    coordinators and administrators (they answer for every site)."""
    members = select(SiteMembership.user_id).where(SiteMembership.site_id.in_(box.site_ids))
    return list(db.session.scalars(
        select(User).where(User.active.is_(True),
                           or_(User.id.in_(members), User.role.in_(ALL_SITES_ROLES)))
        .order_by(User.id)))


def _account(box: ClinicBox, user: User) -> dict:
    table = User.__table__
    row = db.session.execute(select(table).where(table.c.id == user.id)).one()
    values = {k: v for k, v in _row_json(table, row).items() if k not in LOCAL_USER_COLUMNS}
    sealed = None
    if user.two_factor_enabled:
        seed = decrypt_secret(user.totp_secret, purpose=TOTP_PURPOSE,
                              context=totp_context(user.id))
        sealed = crypto_b64(crypto.seal_secret_to(
            bytes(box.transport_public_key), seed, purpose=TOTP_PURPOSE, sender=CENTRAL,
            recipient=box.id, subject=str(user.id)))
    else:
        values["totp_enabled_at"] = values["totp_last_step"] = None
    memberships = [{"id": m.id, "site_id": m.site_id, "created_at": m.created_at.isoformat()}
                   for m in user.memberships]
    return {"kind": "staff", "values": values, "totp": sealed, "memberships": memberships}


def _reference(box: ClinicBox) -> tuple[list[dict], list[dict]]:
    sites = [_row_json(Site.__table__, row) for row in db.session.execute(
        select(Site.__table__).order_by(Site.id))]
    return sites, [_account(box, user) for user in staff_of(box)]


def _cards(user_ids: set[int], staff: set[int]) -> list[dict]:
    wanted = sorted(user_ids - staff)
    if not wanted:
        return []
    table = User.__table__
    columns = [table.c[name] for name in CARD_COLUMNS]
    return [{"kind": "card", "values": {c.name: to_json(c, row._mapping[c]) for c in columns}}
            for row in db.session.execute(select(*columns).where(table.c.id.in_(wanted)))]


def _user_columns(table: Any) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys
            if fk.column.table.name == "user_account"]


def authors_of(operations: list[dict]) -> set[int]:
    """The accounts these operations' rows name (an author, who ended a certificate...)."""
    named: set[int] = set()
    for op in operations:
        # What central keeps without applying (a table this version does not sync, a shape
        # it does not know) is passed on as it came: it names no account to send.
        if op.get("table_name") not in BY_NAME or not isinstance(op.get("payload"), dict):
            continue
        table = model_of(op["table_name"]).__table__
        for column in _user_columns(table):
            value = op["payload"].get(column)
            if isinstance(value, list) and len(value) == 2:  # an update: [before, after]
                value = value[1]
            if isinstance(value, int) and not isinstance(value, bool):
                named.add(value)
    return named


def accounts_for(box: ClinicBox, user_ids: set[int]) -> list[dict]:
    """The accounts a box lacks that its records name: a member of its staff in full (she
    signs in there: a colleague who joined the site after the fill), anyone else as a card
    (a name on a note). Nothing is read when nothing is missing."""
    if not user_ids:
        return []
    staff = {u.id: u for u in staff_of(box)}
    return ([_account(box, staff[i]) for i in sorted(user_ids) if i in staff]
            + _cards(user_ids, set(staff)))


def operation_id(table_name: str, row_id: str, payload: dict) -> uuid.UUID:
    """Deterministic: the same row with the same content gives the same id (module doc)."""
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":"),
                                       default=str).encode()).hexdigest()
    return uuid.uuid5(NAMESPACE, f"fill|{table_name}|{row_id}|{digest}")


def _readable_notes(staff: list[User]) -> Any:
    """SQL condition: the notes someone of the box's staff may read (the rule of
    caseflow/access/notes.py, sites aside: the box's people are followed at its sites).
    A working note (private) of someone else, or a note of a discipline nobody on the box
    practises, does not leave central; data managers and administrators read no note."""
    note = model_of("note").__table__
    readers = [u for u in staff if u.role not in (Role.DATA_MANAGER, Role.ADMIN)]
    disciplines = sorted({u.discipline for u in readers if u.discipline is not None})
    return or_(note.c.author_id.in_([u.id for u in readers]),
               note.c.confidentiality == Confidentiality.TEAM,
               and_(note.c.confidentiality == Confidentiality.DISCIPLINE,
                    note.c.discipline.in_(disciplines)))


def readable_by_box(box: ClinicBox, operations: list[dict]) -> list[dict]:
    """``operations`` without those about notes (and their earlier versions) and
    certificates nobody on the box may read: the pull (caseflow/sync/serve.py) keeps to what
    the fill sent."""
    note, revision = model_of("note").__table__, model_of("note_revision").__table__
    of_note = {op["row_id"] for op in operations if op["table_name"] == "note"}
    revisions = {op["row_id"] for op in operations if op["table_name"] == "note_revision"}
    of_certificate = {op["row_id"] for op in operations if op["table_name"] == "certificate"}
    if not of_note and not revisions and not of_certificate:
        return operations
    staff = staff_of(box)
    certificate = model_of("certificate").__table__
    certificates = set(db.session.scalars(select(certificate.c.id).where(
        certificate.c.id.in_([uuid.UUID(c) for c in of_certificate]),
        readable_clause(staff)))) if of_certificate else set()
    via = {rid: nid for rid, nid in db.session.execute(
        select(revision.c.id, revision.c.note_id)
        .where(revision.c.id.in_([uuid.UUID(r) for r in revisions])))}
    wanted = {uuid.UUID(n) for n in of_note} | set(via.values())
    readable = set(db.session.scalars(select(note.c.id).where(
        note.c.id.in_(wanted), _readable_notes(staff)))) if wanted else set()

    def kept(op: dict) -> bool:
        if op["table_name"] == "certificate":
            return uuid.UUID(op["row_id"]) in certificates
        if op["table_name"] == "note":
            return uuid.UUID(op["row_id"]) in readable
        if op["table_name"] == "note_revision":
            return via.get(uuid.UUID(op["row_id"])) in readable
        return True

    return [op for op in operations if kept(op)]


def whole_certificates(operations: list[dict]) -> list[dict]:
    """After the last change of each certificate in a pull page, the certificate as it
    stands now, as the fill sends a row. Why: a box is sent a certificate only once someone
    on it may read it (``_readable_certificates``): a draft of a central colleague is
    withheld, and when it is issued the box receives a change of a row it never had, which
    it could not apply. The whole row lands it; a box that already holds it finds the same
    row (nothing to do) or takes central's values, as a pull always does."""
    last = {op["row_id"]: n for n, op in enumerate(operations)
            if op["table_name"] == "certificate" and op["kind"] == UPDATE}
    if not last:
        return operations
    table = model_of("certificate").__table__
    rows = {str(row.id): row for row in db.session.execute(
        select(table).where(table.c.id.in_([uuid.UUID(i) for i in last])))}
    created = utcnow().isoformat()
    out: list[dict] = []
    for n, op in enumerate(operations):
        out.append(op)
        row = rows.get(op["row_id"]) if last.get(op["row_id"]) == n else None
        if row is not None:
            payload = _row_json(table, row)
            out.append({"id": str(operation_id("certificate", payload["id"], payload)),
                        "device": CENTRAL, "user_id": None, "table_name": "certificate",
                        "row_id": payload["id"], "person_id": op["person_id"],
                        "kind": INSERT, "base_version": payload.get("version"),
                        "payload": payload, "created_at": created})
    return out


def _operations(people: list[uuid.UUID], staff: list[User]) -> tuple[list[dict], set[int]]:
    """Every synced row of these people, parents first, and the accounts they name."""
    readable = _readable_notes(staff)
    note = model_of("note").__table__
    order = table_order()
    operations: list[dict] = []
    authors: set[int] = set()
    created = utcnow().isoformat()
    for spec in sorted(TABLES, key=lambda t: order[t.name]):
        table = model_of(spec.name).__table__
        user_columns = _user_columns(table)
        if spec.person_column:
            person = table.c[spec.person_column]
            query = select(table, person.label("_person")).where(person.in_(people))
        else:  # a row that names its person through its parent (a referral's status change)
            parent = model_of(spec.person_via).__table__
            link = next(fk for fk in table.foreign_keys if fk.column.table is parent)
            query = (select(table, parent.c.person_id.label("_person"))
                     .join(parent, link.parent == parent.c.id)
                     .where(parent.c.person_id.in_(people)))
        if spec.name == "note":
            query = query.where(readable)
        elif spec.name == "certificate":
            query = query.where(readable_clause(staff))
        elif "note_id" in table.c:  # a note's earlier versions go with it, or not at all
            query = query.where(table.c.note_id.in_(select(note.c.id).where(readable)))
        for row in db.session.execute(query.order_by(table.c.id)):
            payload = _row_json(table, row)
            authors.update(payload[c] for c in user_columns if payload[c] is not None)
            operations.append({
                "id": str(operation_id(spec.name, payload["id"], payload)),
                "device": CENTRAL, "user_id": None, "table_name": spec.name,
                "row_id": payload["id"], "person_id": str(row._mapping["_person"]),
                "kind": INSERT, "base_version": payload.get("version"),
                "payload": payload, "created_at": created})
    return operations, authors


def page(box: ClinicBox, cursor: str | None) -> Page:
    """The page of the fill after ``cursor`` (None: the first, the reference data).
    ``SYNC_FILL_PEOPLE_PER_PAGE`` people a page (``PEOPLE_PER_PAGE``)."""
    per_page = int(current_app.config.get("SYNC_FILL_PEOPLE_PER_PAGE") or PEOPLE_PER_PAGE)
    if cursor is None:
        sites, users = _reference(box)
        start = Cursor(_log_position(), None)
        db.session.commit()
        return Page(start.encode(), True, sites=sites, users=users)
    at = Cursor.decode(cursor)
    held = set(people_of(box))
    everyone = sorted(held)
    if at.after is not None:
        everyone = [p for p in everyone if p > uuid.UUID(at.after)]
    people = everyone[:per_page]
    if not people:
        db.session.commit()
        return Page(at.encode(), False)
    staff = staff_of(box)
    operations, authors = _operations(people, staff)
    result = Page(Cursor(at.log, str(people[-1])).encode(), len(everyone) > per_page,
                  users=_cards(authors, {u.id for u in staff}), operations=operations,
                  people=len(people))
    result.keys = sealed_keys_for(box, people, held)  # audited, and commits
    return result


def people_page(box: ClinicBox, person_ids: list[uuid.UUID], known_users: set[int]) -> Page:
    """The whole record of people who came to a box's sites after its fill, as its fill
    would have brought them: only those the box may hold now (an open enrolment at one of
    its sites), with the accounts they name that the box lacks and their data keys."""
    held = set(people_of(box))
    people = sorted(set(person_ids) & held)
    if not people:
        db.session.commit()
        return Page("", False)
    operations, authors = _operations(people, staff_of(box))
    result = Page("", False, users=accounts_for(box, authors - known_users),
                  operations=operations, people=len(people))
    result.keys = sealed_keys_for(box, people, held)  # audited, and commits
    return result
