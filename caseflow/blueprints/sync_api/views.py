"""Thin JSON views over caseflow.services.boxes. Binary values travel as base64 text.

Requests carry ``Authorization: Bearer <credential>`` and ``X-Caseflow-Box: <code>``.
A refusal is 401 with ``{"error": "unknown" | "revoked" | "other-key" | ...}``: the box
tells its users "this box was revoked: seal it and hand it to the coordinator" rather
than retrying for ever. Person ids are UUIDs in the body, never in the address.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import uuid

from flask import abort, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from caseflow.blueprints.sync_api import bp
from caseflow.extensions import limiter
from caseflow.services import boxes
from caseflow.sync import fill, serve

MAX_PEOPLE_PER_REQUEST = 2000
MAX_OPERATIONS_PER_REQUEST = 500
MAX_AUDIT_EVENTS_PER_REQUEST = 1000
MAX_LATE_FILL_PEOPLE = 200
MAX_KNOWN_USERS = 100_000  # the box's active accounts, ids only (a few hundred bytes each 100)


def sync_rate() -> str:
    return current_app.config["SYNC_RATE_LIMIT"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@bp.before_request
def _authenticate():
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    try:
        g.box = boxes.authenticate(request.headers.get("X-Caseflow-Box", ""), token)
    except boxes.BoxRefused as refused:
        return jsonify({"error": refused.reason}), 401
    return None


@bp.errorhandler(boxes.BoxRefused)
def _refused(refused: boxes.BoxRefused):
    return jsonify({"error": refused.reason}), 401


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    """A box reads JSON: a malformed request (400), a body too large (413), too many
    requests (429) are answered in JSON too, never with a page meant for a person."""
    return jsonify({"error": f"refused-{error.code}"}), error.code


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400)
    return body


@bp.route("/hello", methods=["POST"])
@limiter.limit(sync_rate)
def hello():
    body = _body()
    try:
        public_key = base64.b64decode(str(body.get("public_key", "")), validate=True)
        signing_key = (base64.b64decode(str(body["signing_key"]), validate=True)
                       if body.get("signing_key") else None)
    except (binascii.Error, ValueError):
        abort(400)
    answer = boxes.hello(g.box, public_key, signing_key)
    return jsonify({**answer, "central_public_key": _b64(answer["central_public_key"]),
                    "central_signing_key": _b64(answer["central_signing_key"])})


@bp.route("/keys", methods=["POST"])
@limiter.limit(sync_rate)
def keys():
    raw = _body().get("people")
    if not isinstance(raw, list) or len(raw) > MAX_PEOPLE_PER_REQUEST:
        abort(400)
    try:
        wanted = [uuid.UUID(str(item)) for item in raw]
    except ValueError:
        abort(400)
    sealed = boxes.sealed_keys_for(g.box, wanted)
    return jsonify({"keys": {str(pid): _b64(blob) for pid, blob in sealed.items()}})


@bp.route("/people", methods=["POST"])
@limiter.limit(sync_rate)
def people():
    """The ids of the people this box may hold (its sites' open enrolments)."""
    return jsonify({"people": [str(pid) for pid in boxes.people_of(g.box)]})


def _keys_in(body: dict) -> dict[uuid.UUID, bytes]:
    raw = body.get("keys") or {}
    if not isinstance(raw, dict):
        abort(400)
    try:
        return {uuid.UUID(str(k)): base64.b64decode(str(v), validate=True) for k, v in raw.items()}
    except (binascii.Error, ValueError):
        abort(400)


@bp.route("/push", methods=["POST"])
@limiter.limit(sync_rate)
def push():
    body = _body()
    operations = body.get("operations")
    if not isinstance(operations, list) or len(operations) > MAX_OPERATIONS_PER_REQUEST \
            or not all(isinstance(op, dict) for op in operations):
        abort(400)
    try:
        answer = serve.receive_push(g.box, operations, _keys_in(body))
    except (KeyError, TypeError, ValueError):
        abort(400)  # a malformed operation: the whole batch is refused, nothing applied
    return jsonify(answer)


def _known_users() -> set[int] | None:
    """The accounts the box says it holds (None from an older box: it is sent none)."""
    raw = _body().get("known_users")
    if raw is None:
        return None
    if (not isinstance(raw, list) or len(raw) > MAX_KNOWN_USERS
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in raw)):
        abort(400)
    return set(raw)


def _people(raw) -> list[uuid.UUID]:
    if not isinstance(raw, list) or len(raw) > MAX_LATE_FILL_PEOPLE:
        abort(400)
    try:
        return [uuid.UUID(str(p)) for p in raw]
    except ValueError:
        abort(400)


@bp.route("/pull", methods=["POST"])
@limiter.limit(sync_rate)
def pull():
    cursor = _body().get("cursor")
    if cursor is not None:
        try:
            cursor = str(uuid.UUID(str(cursor)))
        except ValueError:
            abort(400)
    answer = serve.pull_for(g.box, cursor, _known_users())
    answer["keys"] = {str(pid): _b64(blob) for pid, blob in answer["keys"].items()}
    return jsonify(answer)


@bp.route("/audit", methods=["POST"])
@limiter.limit(sync_rate)
def audit():
    """A box's new audit events and the checkpoint it signed over them (none from an
    older box: still accepted) (caseflow/sync/audit_trail.py)."""
    body = _body()
    events, checkpoint = body.get("events"), body.get("checkpoint")
    if not isinstance(events, list) or len(events) > MAX_AUDIT_EVENTS_PER_REQUEST \
            or not all(isinstance(e, dict) for e in events) \
            or not isinstance(checkpoint, dict | None):
        abort(400)
    try:
        return jsonify(serve.receive_audit(g.box, events, checkpoint))
    except (KeyError, TypeError, ValueError):
        abort(400)


@bp.route("/serials", methods=["POST"])
@limiter.limit(sync_rate)
def serials():
    """The box's certificate number blocks (caseflow/services/boxes)."""
    body = _body()
    used, years = body.get("used") or [], body.get("years") or []
    try:
        return jsonify(serve.serial_blocks(g.box, [list(u)[:3] for u in used],
                                           [int(y) for y in years]))
    except (TypeError, ValueError):
        abort(400)


@bp.route("/fill", methods=["POST"])
@limiter.limit(sync_rate)
def fill_page():
    """One page of a new box's fill (caseflow/sync/fill.py): the reference data first
    (cursor null), then the people of its sites; ``more`` until the last."""
    body = _body()
    if g.box.transport_public_key is None:
        raise boxes.BoxRefused("no-key")  # sealed to nothing: say hello first
    if "people" in body:  # people who came to its sites after its fill (a late fill)
        page = fill.people_page(g.box, _people(body["people"]), _known_users() or set())
        answer = jsonify(page.as_json())
    else:
        cursor = body.get("cursor")
        if cursor is not None:
            try:
                cursor = fill.Cursor.decode(cursor).encode()
            except ValueError:
                abort(400)
        answer = jsonify(fill.page(g.box, cursor).as_json())
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        # A page is about a megabyte of JSON (ciphertexts in base64, repeated keys and
        # ids): gzip takes three quarters off (bench/box_fill.py), which a mobile link feels.
        answer.set_data(gzip.compress(answer.get_data(), compresslevel=6))
        answer.headers["Content-Encoding"] = "gzip"
        answer.headers["Vary"] = "Accept-Encoding"
    return answer
