"""A clinic box's link to the central server: join once, then sync (push, then pull).

Over HTTPS in the field (``SYNC_CENTRAL_URL``), JSON, the box's bearer credential and
code in headers (caseflow/blueprints/sync_api on central). Python's urllib: nothing to
install on a field laptop.

Resumable at any byte: every exchange is a batch that central applies in one transaction
and answers with the ids it holds; a cut before the answer means the batch is sent again
and recognised by its ids (caseflow/sync/apply.py). Pulled batches are applied in one
transaction on the box, and the pull cursor (in the box's database, table sync_state) is
saved only after that commit; a cut in between re-pulls what was already applied, which
is again recognised by id.

Data keys: the people a box registered travel to central with their key sealed to
central's transport key (pinned when the box joined); the people central sends come with
their key sealed to the box's (caseflow.crypto.transport).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import ssl
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from caseflow import crypto
from caseflow.crypto import current_keystore
from caseflow.models.base import utcnow
from caseflow.models.clinic_box import SyncState
from caseflow.models.sync_operation import INSERT, LOCAL, SyncOperation
from caseflow.sync import fill, upkeep
from caseflow.sync.apply import BOX, apply_operations
from caseflow.sync.exchange import mark_pushed, pending_operations
from caseflow.sync.stored import from_json

CREDENTIAL = "sync-credential"
CENTRAL_KEY = "central-transport.pub"
CENTRAL = "central"
PUSH_BATCH = 200
TIMEOUT_SECONDS = 60


class LinkError(Exception):
    """Central did not answer, or refused: ``reason`` is a short code (unreachable,
    revoked, unknown, other-key, not-joined, refused-<status>)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}{': ' + detail if detail else ''}")
        self.reason = reason


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    applied: int = 0
    conflicts: int = 0
    keys_received: int = 0
    batches: list[str] = field(default_factory=list)
    # The fill (caseflow/sync/fill_box.py): this run's share of it, when it ran.
    filled: bool = False
    fill_people: int = 0
    fill_rows: int = 0
    fill_accounts: int = 0
    # Beside the log (caseflow/sync/upkeep.py): audit events sent, certificate blocks received.
    audit_events: int = 0
    serial_blocks: int = 0


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class Client:
    def __init__(self, url: str, code: str, credential: str,
                 context: ssl.SSLContext | None = None) -> None:
        self.url = url.rstrip("/") + "/sync/v1"
        self.code = code
        self.credential = credential
        self.context = context
        self.sent = self.received = 0  # bytes of the bodies, for the operator and benchmarks

    def post(self, path: str, body: dict) -> dict:
        data = json.dumps(body).encode()
        self.sent += len(data)
        request = urllib.request.Request(  # noqa: S310 (the configured central address)
            self.url + path, data=data, method="POST",
            headers={"Content-Type": "application/json", "X-Caseflow-Box": self.code,
                     "Accept-Encoding": "gzip",
                     "Authorization": f"Bearer {self.credential}"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS,  # noqa: S310
                                        context=self.context) as answer:
                raw = answer.read()
                self.received += len(raw)
                if answer.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
                return json.loads(raw)
        except urllib.error.HTTPError as error:
            reason = f"refused-{error.code}"
            if error.code == 401:
                with contextlib.suppress(ValueError):
                    reason = json.loads(error.read()).get("error", reason)
            raise LinkError(reason) from None
        except (urllib.error.URLError, OSError, EOFError, ValueError) as error:
            raise LinkError("unreachable", type(error).__name__) from None


PULL_CURSOR = "pull_cursor"


def _cursor(session: Session) -> str | None:
    state = session.get(SyncState, PULL_CURSOR)
    return state.value if state else None


def _save_cursor(session: Session, cursor: str | None) -> None:
    state = session.get(SyncState, PULL_CURSOR) or SyncState(key=PULL_CURSOR)
    state.value, state.updated_at = cursor, utcnow()
    session.add(state)
    session.commit()


def _client() -> Client:
    config = current_app.config
    credential = current_keystore().read_box_secret(CREDENTIAL)
    if not config.get("SYNC_CENTRAL_URL") or credential is None:
        raise LinkError("not-joined", "run 'flask --app caseflow join-central' first")
    return Client(config["SYNC_CENTRAL_URL"], config["SYNC_DEVICE"], credential.decode())


def join(url: str, credential: str) -> list[str]:
    """Store the credential (in the sealed keyring under memory custody), introduce this
    box's transport key to central and pin central's; the sites the box serves."""
    client = Client(url, current_app.config["SYNC_DEVICE"], credential)
    answer = client.post("/hello", {"public_key": _b64(crypto.transport_public_key())})
    store = current_keystore()
    store.write_box_secret(CREDENTIAL, credential.encode())
    store.write_box_secret(CENTRAL_KEY, base64.b64decode(answer["central_public_key"]))
    return answer["sites"]


def _registered_here(session: Session, operations: list[dict]) -> list[uuid.UUID]:
    return [uuid.UUID(op["row_id"]) for op in operations
            if op["table_name"] == "person" and op["kind"] == INSERT]


def push(session: Session, client: Client, report: SyncReport) -> None:
    central_key = current_keystore().read_box_secret(CENTRAL_KEY)
    if central_key is None:
        raise LinkError("not-joined")
    device = current_app.config["SYNC_DEVICE"]
    while True:
        operations = pending_operations(
            session, limit=int(current_app.config.get("SYNC_PUSH_BATCH") or PUSH_BATCH))
        if not operations:
            return
        people = _registered_here(session, operations)
        sealed = crypto.export_person_keys(session, people, sender=device,
                                           recipient=CENTRAL, recipient_public=central_key)
        session.rollback()  # nothing was written; end the read before the network wait
        answer = client.post("/push", {"operations": operations,
                                       "keys": {str(k): _b64(v) for k, v in sealed.items()}})
        report.pushed += mark_pushed(session, answer["held"])
        report.conflicts += answer.get("conflicts", 0)


def pull(session: Session, client: Client, report: SyncReport) -> None:
    device = current_app.config["SYNC_DEVICE"]
    cursor = _cursor(session)
    while True:
        answer = client.post("/pull", {"cursor": cursor})
        keys = {uuid.UUID(k): base64.b64decode(v) for k, v in answer["keys"].items()}

        def person_keys(session: Session, landed: list[uuid.UUID], keys=keys) -> None:
            sent = {pid: keys[pid] for pid in landed if pid in keys}
            if sent:
                report.keys_received += crypto.import_person_keys(
                    session, sent, sender=CENTRAL, recipient=device)

        applied = apply_operations(session, answer["operations"], side=BOX,
                                   person_keys=person_keys)
        report.pulled += len(answer["operations"])
        report.applied += applied.applied
        cursor = answer["cursor"] if answer["more"] else answer["resume"]
        _save_cursor(session, cursor)
        if not answer["more"]:
            return


FILL_CURSOR = "fill_cursor"
FILLED = "filled"


def _state(session: Session, key: str) -> str | None:
    state = session.get(SyncState, key)
    return state.value if state else None


def _set_state(session: Session, key: str, value: str | None) -> None:
    state = session.get(SyncState, key) or SyncState(key=key)
    state.value, state.updated_at = value, utcnow()
    session.add(state)


def filled(session: Session) -> bool:
    return _state(session, FILLED) is not None


def _upsert(session: Session, table: Any, values: dict, keep: frozenset = frozenset()) -> None:
    """A row of central's, by its id: inserted, or its columns (but ``keep``) replaced."""
    if session.execute(select(table.c.id).where(table.c.id == values["id"])).first() is None:
        session.execute(insert(table).values(**values))
    else:
        session.execute(update(table).where(table.c.id == values["id"])
                        .values(**{k: v for k, v in values.items() if k not in keep}))


def _account(session: Session, user: dict) -> None:
    """A staff account (signs in here, its seed sealed again under this box's KEK) or an
    author's card (inactive, no password, no seed, no site)."""
    from caseflow.crypto.secrets import encrypt_secret
    from caseflow.models.user import SiteMembership, User, new_session_token

    table, memberships = User.__table__, SiteMembership.__table__
    values = {k: from_json(table.c[k], v) for k, v in user["values"].items() if k in table.c}
    user_id = values["id"]
    if user["kind"] == "staff":
        values["totp_secret"] = None
        if user.get("totp"):
            seed = crypto.open_transported_secret(
                base64.b64decode(user["totp"]), purpose=fill.TOTP_PURPOSE, sender=CENTRAL,
                recipient=current_app.config["SYNC_DEVICE"], subject=str(user_id))
            values["totp_secret"] = encrypt_secret(seed, purpose=fill.TOTP_PURPOSE,
                                                   context=fill.totp_context(user_id))
    else:
        values.update(active=False, password_hash=fill.UNUSABLE_PASSWORD, totp_secret=None,
                      totp_enabled_at=None, totp_last_step=None)
    _upsert(session, table, {**values, "session_token": new_session_token()},
            keep=frozenset({"session_token"}))
    rows = [{"id": m["id"], "user_id": user_id, "site_id": m["site_id"],
             "created_at": from_json(memberships.c.created_at, m["created_at"])}
            for m in user.get("memberships", [])]
    session.execute(delete(memberships).where(or_(
        memberships.c.user_id == user_id, memberships.c.id.in_([r["id"] for r in rows]))))
    if rows:
        session.execute(insert(memberships), rows)


def _reference(session: Session, answer: dict) -> None:
    from caseflow.models.site import Site

    table = Site.__table__
    for site in answer["sites"]:
        _upsert(session, table, {k: from_json(table.c[k], v) for k, v in site.items()
                                 if k in table.c})
    for user in answer["users"]:
        _account(session, user)


def fill_box(session: Session, client: Client, report: SyncReport) -> None:
    """Apply central's fill pages from where the last run stopped (caseflow/sync/fill.py).

    Each page's accounts and sites commit first, then its operations in one transaction
    (apply), then the cursor: a cut anywhere fetches the page again, whose operations are
    recognised by their ids and whose accounts are written again the same."""
    device = current_app.config["SYNC_DEVICE"]
    cursor = _state(session, FILL_CURSOR)
    session.rollback()
    while True:
        answer = client.post("/fill", {"cursor": cursor})
        _reference(session, answer)
        if cursor is None and _cursor(session) is None:
            # The pull starts where central's log stood when the fill began.
            _set_state(session, PULL_CURSOR, fill.Cursor.decode(answer["cursor"]).log)
        session.commit()
        keys = {uuid.UUID(k): base64.b64decode(v) for k, v in answer["keys"].items()}

        def person_keys(session: Session, landed: list[uuid.UUID], keys=keys) -> None:
            sent = {pid: keys[pid] for pid in landed if pid in keys}
            if sent:
                report.keys_received += crypto.import_person_keys(
                    session, sent, sender=CENTRAL, recipient=device)

        if answer["operations"]:
            applied = apply_operations(session, answer["operations"], side=BOX,
                                       person_keys=person_keys)
            report.fill_rows += applied.applied
        report.filled = True
        report.fill_people += answer["people"]
        report.fill_accounts += sum(u["kind"] == "staff" for u in answer["users"])
        cursor = answer["cursor"]
        _set_state(session, FILL_CURSOR, cursor)
        if not answer["more"]:
            _set_state(session, FILLED, utcnow().isoformat())
        session.commit()
        if not answer["more"]:
            return


def sync(session: Session, *, refill: bool = False) -> SyncReport:
    """Fill the box if it never was (or ``refill``: a person moved to its sites, say),
    push everything waiting, then pull everything new. Raises LinkError when central does
    not answer or refuses; what was done before stays done."""
    client = _client()
    client.post("/hello", {"public_key": _b64(crypto.transport_public_key())})
    report = SyncReport()
    if refill:
        _set_state(session, FILLED, None)
        _set_state(session, FILL_CURSOR, None)
        session.commit()
    if not filled(session):
        fill_box(session, client, report)
    push(session, client, report)
    pull(session, client, report)
    report.audit_events += upkeep.push_audit(session, client)
    report.serial_blocks += upkeep.refresh_serials(session, client)
    # When this box last synced whole, for its status page (caseflow/sync/queues.py).
    done = session.get(SyncState, "last_sync") or SyncState(key="last_sync")
    done.value, done.updated_at = "ok", utcnow()
    session.add(done)
    session.commit()
    return report


def waiting(session: Session) -> int:
    """Operations recorded here and not yet acknowledged by central (for the status page)."""
    return session.scalar(select(func.count()).select_from(SyncOperation)
                          .where(SyncOperation.state == LOCAL))
