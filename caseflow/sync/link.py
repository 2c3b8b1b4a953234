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
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseflow import crypto
from caseflow.crypto import current_keystore
from caseflow.crypto.keystore import CENTRAL_SIGNING_KEY
from caseflow.models.base import utcnow
from caseflow.models.clinic_box import SyncState
from caseflow.models.person import Person
from caseflow.models.sync_operation import INSERT, LOCAL, RECEIVED, SyncOperation
from caseflow.models.user import User
from caseflow.sync import accounts, fill, upkeep
from caseflow.sync.apply import BOX, apply_operations
from caseflow.sync.exchange import mark_pushed, pending_operations
from caseflow.sync.uuid7 import lowest_at

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
    answer = _hello(client)
    store = current_keystore()
    store.write_box_secret(CREDENTIAL, credential.encode())
    store.write_box_secret(CENTRAL_KEY, base64.b64decode(answer["central_public_key"]))
    return answer["sites"]


def _hello(client: Client) -> dict:
    """Introduce this box's keys (transport, to seal data keys to it; signing, to check its
    certificates and audit checkpoints) and learn central's signing key, with which the
    certificates issued centrally verify here."""
    answer = client.post("/hello", {"public_key": _b64(crypto.transport_public_key()),
                                    "signing_key": _b64(crypto.public_key_bytes())})
    central_signing = base64.b64decode(answer.get("central_signing_key") or "")
    store = current_keystore()
    if central_signing and store.read_box_secret(CENTRAL_SIGNING_KEY) != central_signing:
        store.write_box_secret(CENTRAL_SIGNING_KEY, central_signing)
    return answer


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
    """Central's new operations for this box's people, page by page, each page with the
    accounts its records name that the box lacks; then the whole record of anyone who
    arrived at the box's sites since its fill (``fill_people``)."""
    cursor = _cursor(session)
    while True:
        answer = client.post("/pull", {"cursor": cursor, "known_users": _known_users(session)})
        session.rollback()
        report.applied += _apply_page(session, answer, report)
        report.pulled += len(answer["operations"])
        cursor = answer["cursor"] if answer["more"] else answer["resume"]
        _save_cursor(session, cursor)
        if not answer["more"]:
            break
    missing = _people_missing(session)
    session.rollback()
    if missing:
        fill_people(session, client, report, missing)


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


def _apply_page(session: Session, answer: dict, report: SyncReport) -> int:
    """Land one page of central's (a fill page, a pull page, a late fill): the accounts it
    carries first, committed, then its operations in one transaction with the data keys of
    the people landing. The rows applied."""
    accounts.reference(session, answer)
    session.commit()
    device = current_app.config["SYNC_DEVICE"]
    keys = {uuid.UUID(k): base64.b64decode(v) for k, v in answer["keys"].items()}

    def person_keys(session: Session, landed: list[uuid.UUID]) -> None:
        sent = {pid: keys[pid] for pid in landed if pid in keys}
        if sent:
            report.keys_received += crypto.import_person_keys(
                session, sent, sender=CENTRAL, recipient=device)

    if not answer["operations"]:
        return 0
    return apply_operations(session, answer["operations"], side=BOX,
                            person_keys=person_keys).applied


def _known_users(session: Session) -> list[int]:
    """The accounts that sign in on this box: central sends with a page the accounts its
    records name that are not among them (a card again, which costs little; a colleague's
    full account once she joins the box's site, even if the box knew her as a card)."""
    return list(session.scalars(select(User.id).where(User.active.is_(True))
                                .order_by(User.id)))


def fill_box(session: Session, client: Client, report: SyncReport) -> None:
    """Apply central's fill pages from where the last run stopped (caseflow/sync/fill.py).

    Each page's accounts and sites commit first, then its operations in one transaction
    (apply), then the cursor: a cut anywhere fetches the page again, whose operations are
    recognised by their ids and whose accounts are written again the same."""
    cursor = _state(session, FILL_CURSOR)
    session.rollback()
    while True:
        answer = client.post("/fill", {"cursor": cursor})
        if cursor is None and _cursor(session) is None:
            # The pull starts where central's log stood when the fill began.
            _set_state(session, PULL_CURSOR, fill.Cursor.decode(answer["cursor"]).log)
        report.fill_rows += _apply_page(session, answer, report)
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


LATE_FILL_PEOPLE = 50


LATE_FILL_DAYS = 30


def _people_missing(session: Session) -> set[uuid.UUID]:
    """People central sent operations about that this box kept unapplied, holding nothing
    of them, in the last ``LATE_FILL_DAYS``. Read from the log, not from this run's pages:
    a late fill cut by the network is asked again at the next sync, though the pull cursor
    has moved past the operations that named them."""
    since = lowest_at(time.time_ns() // 1_000_000 - LATE_FILL_DAYS * 86_400_000)
    return set(session.scalars(
        select(SyncOperation.person_id).where(
            SyncOperation.state == RECEIVED, SyncOperation.applied_at.is_(None),
            SyncOperation.person_id.is_not(None), SyncOperation.arrival >= since,
            ~select(Person.id).where(Person.id == SyncOperation.person_id).exists())
        .distinct()))


def fill_people(session: Session, client: Client, report: SyncReport,
                people: set[uuid.UUID]) -> None:
    """The whole record of people who came to this box's sites after its fill (a transfer
    from another site, a second enrolment): the pull brings what changes from now on, and
    this brings what they had before, as a fill does. Central sends only those the box may
    hold (caseflow/sync/fill.py ``people_page``)."""
    wanted = sorted(people)
    for start in range(0, len(wanted), LATE_FILL_PEOPLE):
        answer = client.post("/fill", {
            "people": [str(p) for p in wanted[start:start + LATE_FILL_PEOPLE]],
            "known_users": _known_users(session)})
        session.rollback()
        report.fill_rows += _apply_page(session, answer, report)
        report.fill_people += answer["people"]
        session.commit()


def sync(session: Session, *, refill: bool = False) -> SyncReport:
    """Fill the box if it never was (or ``refill``: a person moved to its sites, say),
    push everything waiting, then pull everything new. Raises LinkError when central does
    not answer or refuses; what was done before stays done."""
    client = _client()
    _hello(client)
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
