"""A box's work in a process of its own, for the fault tests to kill with SIGKILL.

    python -m tests.boxes.worker notes PERSON_ID COUNT   # Hugo writes COUNT notes, one by one
    python -m tests.boxes.worker sync                    # flask sync, in this process

The process's clock starts at CASEFLOW_TEST_NOW (the suite's instant: tests/clock.py may
move the whole run), moved by CASEFLOW_TEST_CLOCK_SHIFT_HOURS (a box whose clock is wrong).

The box is configured from the environment (CASEFLOW_DATABASE_URL, CASEFLOW_KEYS_DIR,
CASEFLOW_SYNC_*), as `flask --app caseflow` reads it. Each note is printed once committed.
"""

from __future__ import annotations

import os
import sys
import uuid
from datetime import datetime, timedelta

import time_machine

from caseflow import create_app
from tests.sync import clinic


def main(argv: list[str]) -> None:
    shift = float(os.environ.get("CASEFLOW_TEST_CLOCK_SHIFT_HOURS") or 0)
    # The suite's instant, always given by the test (tests/boxes/test_faults.py `_env`):
    # the worker never reads the machine's clock.
    now = datetime.fromisoformat(os.environ["CASEFLOW_TEST_NOW"])
    with time_machine.travel(now + timedelta(hours=shift), tick=True):
        _work(argv)


def _work(argv: list[str]) -> None:
    app = create_app()
    if argv[0] == "sync":
        from caseflow.extensions import db
        from caseflow.sync import link

        with app.app_context():
            report = link.sync(db.session)
            print(f"pushed {report.pushed} pulled {report.pulled}", flush=True)
    if argv[0] == "notes":
        person_id, count = uuid.UUID(argv[1]), int(argv[2])
        for i in range(count):
            clinic.note(app, "hugo", person_id, f"Soin numéro {i}")
            print(i, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
