"""What the box tests do again and again: enrol and join a box, sync it, count rows."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from werkzeug.serving import make_server

from caseflow.crypto import generate_keys
from caseflow.extensions import db
from caseflow.services import boxes
from caseflow.sync import link
from tests.support.app import make_app


def join(app, box, code: str = "CAL-1", sites: tuple[str, ...] = ("CAL",)) -> str:
    """Enrol the box centrally and join it with the credential, as the operator does; the
    credential."""
    with app.app_context():
        token = boxes.enrol_box(code, list(sites), "Calais mobile clinic")
    result = box.test_cli_runner().invoke(args=["join-central"], input=token + "\n")
    assert result.exit_code == 0, result.output
    return token


def sync(box, **options) -> link.SyncReport:
    with box.app_context():
        try:
            return link.sync(db.session, **options)
        finally:
            db.session.remove()


def count(app, model, *where) -> int:
    with app.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(model).where(*where))
        finally:
            db.session.remove()


def empty_box(tmp_path, name: str, central_url: str, code: str = "CAL-1"):
    """A new box: its own keys and SQLite file, the tables and nothing in them."""
    keys = tmp_path / f"{name}-keys"
    generate_keys(keys)
    box = make_app(f"sqlite:///{tmp_path / (name + '.sqlite')}", keys, SYNC_ROLE="box",
                   SYNC_DEVICE=code, SYNC_CENTRAL_URL=central_url)
    with box.app_context():
        db.create_all()
        db.session.remove()
    return box


@contextmanager
def served(app) -> Iterator[str]:
    """``app`` served over real HTTP on loopback, by a server thread; its address."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def give_rpps(*apps) -> None:
    """Hugo, the Calais nurse, has an RPPS number (nurses are in the register): he may sign
    an attestation of follow-up, on a box as centrally."""
    from tests.support.records import user

    for each in apps:
        with each.app_context():
            user("hugo").rpps = "10101234568"
            db.session.commit()
            db.session.remove()


def days_later(app, box) -> None:
    """As days after the fill: the box's pull cursor past everything central holds now (a
    pull sends the last minutes again, which would bring back what a test means to be old)."""
    from caseflow.models.clinic_box import SyncState
    from caseflow.models.sync_operation import SyncOperation

    with app.app_context():
        last = db.session.scalar(select(SyncOperation.arrival)
                                 .order_by(SyncOperation.arrival.desc()).limit(1))
        db.session.remove()
    with box.app_context():
        state = db.session.get(SyncState, link.PULL_CURSOR)
        state.value = str(last)
        db.session.commit()
        db.session.remove()
