"""A clinic box's day synced to central over a link throttled to 64 kbit/s (issue 21).

Central (SQLite, recording its own changes) is served on loopback; a box with its own keys
records a day offline (20 new people with their consents, 60 consultations, 20
appointments), then `sync` runs through a throttling proxy: 64 kbit/s each way (a poor
mobile or satellite link), every byte counted. Reports the size of the day's operations
on the wire and the sync's duration; the goal is under 2 minutes.

The first fill of a box for a site of 5,000 people: bench/box_fill.py.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time

from werkzeug.serving import make_server

from bench.common import Row, workdir
from caseflow import create_app
from caseflow.crypto import generate_keys
from caseflow.demo import seed_personas
from caseflow.extensions import db

RATE_BYTES_PER_SECOND = 64_000 // 8
GOAL_SECONDS = 120


def _app(folder, **extra):
    keys = folder / "keys"
    generate_keys(keys)
    return create_app({
        "TESTING": True, "CASEFLOW_ENV": "testing", "SECRET_KEY": "b" * 40,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'db.sqlite'}", "KEYS_DIR": str(keys),
        "AUDIT_CHECKPOINT_FILE": str(folder / "checkpoints.jsonl"),
        "TWO_FACTOR_REQUIRED_ROLES": (), **extra})


class Throttle:
    """A TCP proxy on loopback passing at most RATE bytes per second each way."""

    def __init__(self, target_port: int, rate: int) -> None:
        self.target_port, self.rate = target_port, rate
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.bytes_up = self.bytes_down = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False),
                             daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, up: bool) -> None:
        try:
            while chunk := source.recv(1024):
                time.sleep(len(chunk) / self.rate)
                sink.sendall(chunk)
                if up:
                    self.bytes_up += len(chunk)
                else:
                    self.bytes_down += len(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.listener.close()


def _day(box, people: int, consultations: int) -> None:
    from tests.sync import clinic

    ids = [clinic.register(box, "hugo", f"Famille{i:02d}", f"Prénom{i:02d}", 1990 + i % 15,
                           "ER", f"+33 6 12 34 {i:02d} 00") for i in range(people)]
    for n in range(consultations):
        clinic.note(box, "hugo", ids[n % people],
                    f"Consultation {n}: plaie du pied, pansement refait, revoir dans deux jours")
    for person_id in ids:
        clinic.appointment(box, "hugo", person_id, "Contrôle du pansement")


def run(quick: bool = False) -> list[Row]:
    from caseflow.services import boxes
    from caseflow.sync import link
    from caseflow.sync.exchange import pending_operations

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    people, consultations = (5, 15) if quick else (20, 60)
    central = _app(workdir(), SYNC_RECORD_CENTRAL=True)
    with central.app_context():
        db.create_all()
        seed_personas()
        token = boxes.enrol_box("CAL-1", ["CAL"])
    server = make_server("127.0.0.1", 0, central, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    throttle = Throttle(server.server_port, RATE_BYTES_PER_SECOND)
    box = _app(workdir(), SYNC_ROLE="box", SYNC_DEVICE="CAL-1",
               SYNC_CENTRAL_URL=f"http://127.0.0.1:{throttle.port}")
    with box.app_context():
        db.create_all()
        seed_personas()
        link.join(box.config["SYNC_CENTRAL_URL"], token)
    _day(box, people, consultations)
    with box.app_context():
        operations = pending_operations(db.session, limit=100_000)
        size = len(json.dumps(operations).encode())
        db.session.remove()
    throttle.bytes_up = throttle.bytes_down = 0
    with box.app_context():
        start = time.perf_counter()
        report = link.sync(db.session)
        elapsed = time.perf_counter() - start
        db.session.remove()
    assert report.pushed == len(operations)
    throttle.close()
    server.shutdown()
    label = f"box day ({people} new people, {consultations} consultations)"
    wire = throttle.bytes_up + throttle.bytes_down
    return [
        Row(label, "operations of the day (count)", f"{len(operations)}", "report", ""),
        Row(label, "size of the day's operations, JSON (kB)", f"{size / 1000:.0f}", "report", ""),
        Row(label, "bytes on the wire, both ways (kB)", f"{wire / 1000:.0f}", "report", ""),
        Row(label, "sync at 64 kbit/s (s)", f"{elapsed:.1f}", f"< {GOAL_SECONDS} s",
            "met" if elapsed < GOAL_SECONDS else
            f"missed by {elapsed - GOAL_SECONDS:.0f} s "
            f"(bytes alone: {wire / RATE_BYTES_PER_SECOND:.0f} s)"),
    ]


if __name__ == "__main__":
    for row in run(quick=False):
        print(row)
