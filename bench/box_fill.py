"""The first fill of a clinic box for a site of 5,000 people (issue 21).

Central (SQLite, recording its own changes) holds 5,000 people followed at Calais, each with
an enrolment, two consents and three notes (encrypted as always), and 500 people at Pantin
the box must not receive; it is served on loopback. A new box (tables only, its own keys)
joins and fills: the sites, its staff's accounts, the 5,000 people with their records and
data keys. Reports the duration and the bytes of the fill (request and answer bodies as
sent: the pages travel gzipped), on loopback: the link's speed is not measured here
(bench/box_sync.py measures a throttled link; divide the bytes by a link's rate).
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from werkzeug.serving import make_server

from bench.box_sync import _app
from bench.common import Row, bulk_people, workdir
from caseflow.demo import seed_personas
from caseflow.extensions import db

NOTES_PER_PERSON = 3
TEXTS = ["Plaie du pied, pansement refait, revoir dans deux jours",
         "Toux depuis une semaine, pas de fièvre, auscultation normale",
         "Douleurs dentaires, orienté vers la PASS dentaire",
         "Renouvellement du traitement, tension 13/8"]


def _site_population(site_code: str, people: int, seed: int) -> None:
    """``people`` people followed at ``site_code``: an open enrolment, two consents, notes."""
    from caseflow.crypto.setup import dek_cache
    from caseflow.demo.scale import row_of
    from caseflow.models.base import utcnow
    from caseflow.models.consent import Consent
    from caseflow.models.enrolment import Enrolment
    from caseflow.models.note import Note
    from caseflow.models.site import Site
    from caseflow.models.user import User
    from caseflow.vocabulary import (
        Confidentiality,
        ConsentDecision,
        ConsentMethod,
        ConsentPurpose,
        DecidedBy,
        InterpreterKind,
        NoteKind,
    )

    rng = random.Random(seed)
    site = db.session.scalar(select(Site).where(Site.code == site_code))
    nurse = db.session.scalar(select(User).where(User.login == "hugo"))
    ids = bulk_people(people, seed=seed)
    now = utcnow()
    for start in range(0, len(ids), 500):
        rows: dict[str, list] = {"enrolment": [], "consent": [], "note": []}
        for pid in ids[start:start + 500]:
            started = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
            rows["enrolment"].append(row_of(Enrolment(
                id=uuid.uuid4(), person_id=pid, programme="general",
                site_id=site.id, state="active", started_on=started, created_by_id=nurse.id,
                created_at=now)))
            for purpose in (ConsentPurpose.CARE, ConsentPurpose.DATA_PROCESSING):
                consent = Consent(
                    id=uuid.uuid4(), person_id=pid, site_id=site.id, purpose=purpose,
                    decision=ConsentDecision.GIVEN, decided_by=DecidedBy.PERSON,
                    method=ConsentMethod.ORAL, interpreter_kind=InterpreterKind.NONE_NEEDED,
                    decided_on=started, recorded_by_id=nurse.id, recorded_at=now)
                rows["consent"].append(row_of(consent))
            for n in range(NOTES_PER_PERSON):
                at = now - timedelta(days=rng.randint(1, 300), minutes=n)
                rows["note"].append(row_of(Note(
                    person_id=pid, site_id=site.id, author_id=nurse.id,
                    discipline=nurse.discipline, kind=NoteKind.NURSING_CARE, occurred_at=at,
                    interpreter_kind=InterpreterKind.NONE_NEEDED,
                    confidentiality=Confidentiality.TEAM, codes={}, created_at=at,
                    updated_at=at, details=None, text=rng.choice(TEXTS))))
        for name, model in (("enrolment", Enrolment), ("consent", Consent), ("note", Note)):
            db.session.execute(insert(model.__table__), rows[name])
        db.session.commit()
        dek_cache().clear()


def run(quick: bool = False) -> list[Row]:
    from caseflow.models.note import Note
    from caseflow.models.person import Person
    from caseflow.services import boxes
    from caseflow.sync import link

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    people = 500 if quick else 5000
    central = _app(workdir(), SYNC_RECORD_CENTRAL=True)
    with central.app_context():
        db.create_all()
        seed_personas()
        start = time.perf_counter()
        _site_population("CAL", people, seed=7)
        _site_population("PAN", people // 10, seed=8)
        generated = time.perf_counter() - start
        token = boxes.enrol_box("CAL-1", ["CAL"])
        db.session.remove()
    server = make_server("127.0.0.1", 0, central, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    box = _app(workdir(), SYNC_ROLE="box", SYNC_DEVICE="CAL-1",
               SYNC_CENTRAL_URL=f"http://127.0.0.1:{server.server_port}")
    with box.app_context():
        db.create_all()  # a new box: no personas, no sites, nothing
        link.join(box.config["SYNC_CENTRAL_URL"], token)
        client = link._client()
        report = link.SyncReport()
        start = time.perf_counter()
        link.fill_box(db.session, client, report)
        elapsed = time.perf_counter() - start
        held = db.session.scalar(select(func.count()).select_from(Person))
        notes = db.session.scalar(select(func.count()).select_from(Note))
        db.session.remove()
    server.shutdown()
    assert held == people and notes == people * NOTES_PER_PERSON, (held, notes)
    label = f"box fill ({people} people, {NOTES_PER_PERSON} notes each)"
    wire = client.sent + client.received
    return [
        Row(label, "generating central's data (s)", f"{generated:.1f}", "report", ""),
        Row(label, "records brought (rows)", f"{report.fill_rows}", "report", ""),
        Row(label, "staff accounts brought", f"{report.fill_accounts}", "report", ""),
        Row(label, "bytes of the fill, both ways (MB)", f"{wire / 1e6:.1f}", "report", ""),
        Row(label, "bytes per person (kB)", f"{wire / people / 1000:.1f}", "report", ""),
        Row(label, "fill on loopback (s)", f"{elapsed:.1f}", "report", ""),
        Row(label, "at 64 kbit/s, bytes alone (min)", f"{wire * 8 / 64_000 / 60:.0f}",
            "report", ""),
    ]


if __name__ == "__main__":
    for row in run(quick=False):
        print(row)
