"""The person page reads the person's consents once (issue 15).

The consent history is read by `caseflow.access.person` when the page loads the person, and
every part of the page (timeline, follow-up panel, certificates, consent section) asks that
one object: the disciplines shared with the care team, the partner decisions, the consent
entries of the timeline and the decisions in force all come from the same rows.
Statements are counted as in tests/test_query_counts.py (``before_cursor_execute``).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from caseflow.extensions import db
from tests.clock import FIXED_NOW
from tests.support.records import person, site_id, start_enrolment, user
from tests.test_query_counts import add_every_kind, add_people

pytestmark = pytest.mark.time_machine(FIXED_NOW)

# A statement that reads the consent table (FROM or JOIN), whatever else it reads.
CONSENT_READ = re.compile(r"^\s*SELECT\b.*\b(FROM|JOIN)\s+consent\b", re.IGNORECASE | re.DOTALL)


def _consent_reads(app, client, path: str) -> tuple[list[str], str]:
    with app.app_context():
        engine = db.engine
    sent: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _executemany):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, (path, response.status_code)
    reads = [" ".join(s.split()) for s in sent if CONSENT_READ.match(s)]
    return [s[s.find(" FROM "):][:200] for s in reads], response.text


@pytest.mark.parametrize("login", ["amina", "claire", "sara"])
def test_it_reads_the_consents_once_on_the_person_page(app, client, as_user, login):
    (person_id,) = add_people(app, 1)
    with app.app_context():
        start_enrolment(person_id, 200)
    add_every_kind(app, person_id, 2)
    as_user(login)
    reads, page = _consent_reads(app, client, f"/people/{person_id}")
    assert 'data-entry-kind="consent"' in page  # the timeline's consent decisions are shown
    assert len(reads) == 1, "\n".join(reads)


# --- The PersonAccess behind it ----------------------------------------------------------------


def test_it_names_the_grant_that_lets_each_user_in(app):
    from caseflow.access.person import Grant, person_access
    from caseflow.services.care.consents import ConsentInput
    from caseflow.services.intake.transfers import transfer
    from caseflow.services.safeguards.break_glass import open_access
    from caseflow.vocabulary import ConsentDecision, ConsentPurpose

    (person_id,) = add_people(app, 1)
    with app.app_context():
        someone = person(person_id)
        assert person_access(user("amina"), someone).grant is Grant.OWN_SITE
        assert person_access(user("charlie"), someone).grant is None
        assert person_access(user("omar"), someone).grant is None
        open_access(user("charlie"), someone.code,
                    "Brought unconscious to the Tripoli shelter, history needed", site_id("TRI"))
        emergency = person_access(user("charlie"), person(person_id))
        assert emergency.grant is Grant.EMERGENCY and emergency.shared_disciplines == set()
        assert emergency.shared_with_team  # what the person shares, not with charlie
        assert not emergency.may_write and emergency.may_write_notes
        (enrolment,) = someone.enrolments
        transfer(user("amina"), someone, enrolment, site_id("CAL"),
                 ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
        moved = person(person_id)
        former = person_access(user("amina"), moved)
        assert former.grant is Grant.FORMER_SITE and not former.may_write
        assert person_access(user("hugo"), moved).grant is Grant.OWN_SITE


def test_it_keeps_one_access_per_request_and_forgets_it_when_a_consent_is_recorded(app):
    from caseflow.access.person import person_access
    from caseflow.disciplines import Discipline
    from caseflow.services.care.consents import ConsentInput, add_consent
    from caseflow.vocabulary import ConsentDecision, ConsentPurpose

    (person_id,) = add_people(app, 1)
    with app.app_context():
        amina, someone = user("amina"), person(person_id)
        with app.test_request_context():
            first = person_access(amina, someone)
            assert person_access(amina, someone) is first
            assert Discipline.SOCIAL in first.shared_disciplines
            add_consent(amina, someone, ConsentInput(
                ConsentPurpose.TEAM_SHARING, ConsentDecision.WITHDRAWN, scope="all"),
                site_id=site_id("PAN"))
            again = person_access(amina, someone)
            assert again is not first and again.shared_disciplines == set()
        with app.test_request_context():
            assert person_access(amina, someone) is not again  # a new request, a new answer
