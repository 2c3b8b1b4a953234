"""The appointments' and referrals' timeline sources: a fixed number of queries per page."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentStatus
from caseflow.services.care import appointments, referrals
from caseflow.timeline import Window
from tests.clock import FIXED_NOW
from tests.support.records import add_appointment, person, user, utc

pytestmark = pytest.mark.time_machine(FIXED_NOW)
TODAY = FIXED_NOW.date()


def _queries(app, call) -> tuple[int, object]:
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        result = call()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements), result


@pytest.mark.parametrize("source", [appointments.timeline_entries, referrals.timeline_entries])
def test_it_reads_a_page_of_entries_in_a_fixed_number_of_queries(app, register, source):
    person_id = register("amina", "PAN", "Traoré", "Awa")
    counts = []
    with app.app_context():
        for n in (3, 30):
            for i in range(n):
                add_appointment(person_id, "amina", "PAN", Discipline.MEDICAL,
                                utc(TODAY - timedelta(days=i + 1)),
                                status=AppointmentStatus.ATTENDED, note=f"Note {i}",
                                with_login="amina")
                referrals.create(user("amina"), person(person_id), referrals.ReferralInput(
                    reason=f"Motif {i}", target_discipline=Discipline.SOCIAL))
            db.session.expire_all()
            p, viewer = person(person_id), user("amina")
            with app.test_request_context():
                def page(p=p, viewer=viewer):
                    entries = source(p, viewer, Window(limit=25))
                    for entry in entries:
                        entry.loader(entry)
                    return entries

                queries, entries = _queries(app, page)
            assert entries and all(e.body for e in entries)
            counts.append(queries)
    assert counts[0] == counts[1] == 2  # the consent state, then the page's rows
